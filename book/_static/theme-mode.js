// The reader's light, dark or automatic colour choice, applied before the page is drawn (as Furo's
// own inline script does; the site's security policy allows no inline script).
document.body.dataset.theme = localStorage.getItem("theme") || "auto";
