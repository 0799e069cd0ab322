// The edition switcher: fills the list from the site's switcher.json and, when a reader
// picks an edition, opens the same page in it (or its home page if it has no such page).
(function () {
  "use strict";
  var box = document.querySelector(".edition-switcher");
  if (!box || !window.fetch) { return; }
  var select = box.querySelector("select");
  var current = box.getAttribute("data-edition");
  var page = box.getAttribute("data-page");
  var root = box.getAttribute("data-root");
  fetch(box.getAttribute("data-switcher")).then(function (r) { return r.json(); }).then(function (editions) {
    select.innerHTML = "";
    editions.forEach(function (edition) {
      var option = document.createElement("option");
      option.value = edition.version;
      option.textContent = edition.name;
      option.selected = edition.version === current;
      select.appendChild(option);
    });
    select.disabled = false;
    select.addEventListener("change", function () {
      var target = editions.filter(function (e) { return e.version === select.value; })[0];
      if (!target) { return; }
      var name = target.pages.indexOf(page) >= 0 ? page : "index";
      window.location.href = root + "../" + target.version + "/" + name + ".html";
    });
  }).catch(function () { /* the "All editions" link remains */ });
})();
