// Citing a figure: selecting a figure's value, or a "cite" link beside it, opens a box with its
// citation (the edition's citation, the figure's label, value and unit, an absolute permanent link
// to the figure and the date of copying) and a button to copy it. A reconstructed value's box says
// why it is not for citation instead. Without JavaScript the links lead to the figure's row on the
// edition's figures page, which gives the same text.
(function () {
  "use strict";
  var dialog;

  function siteRoot() {
    // The edition switcher knows the way to the edition's folder; the site's root is its parent.
    var box = document.querySelector(".edition-switcher");
    var edition = box ? box.getAttribute("data-root") || "" : "";
    return new URL(edition + "../", document.baseURI);
  }

  function absolute(permalink) {
    return /^https?:\/\//.test(permalink) ? permalink : new URL(permalink, siteRoot()).href;
  }

  function today() {
    return new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function build() {
    dialog = element("dialog", "cite-dialog");
    dialog.setAttribute("aria-labelledby", "cite-dialog-title");
    var title = element("h2", "", "");
    title.id = "cite-dialog-title";
    dialog.appendChild(title);
    dialog.appendChild(element("p", "cite-text", ""));
    var where = element("p", "cite-link", "Permanent link: ");
    where.appendChild(element("a", "cite-permalink", ""));
    dialog.appendChild(where);
    var copy = element("button", "cite-copy", "Copy the citation");
    copy.type = "button";
    var close = element("button", "cite-close", "Close");
    close.type = "button";
    dialog.appendChild(copy);
    dialog.appendChild(document.createTextNode(" "));
    dialog.appendChild(close);
    document.body.appendChild(dialog);
    close.addEventListener("click", function () { dialog.close(); });
    // Sphinx's search highlighting cancels every Escape on the page, which would keep the dialog open.
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); dialog.close(); }
    });
    copy.addEventListener("click", function () {
      var text = dialog.querySelector(".cite-text").textContent;
      if (navigator.clipboard) { navigator.clipboard.writeText(text); }
    });
  }

  function open(link) {
    if (!dialog) { build(); }
    var permalink = absolute(link.getAttribute("data-permalink"));
    var citation = link.getAttribute("data-cite");
    var citable = citation !== null;
    dialog.querySelector("#cite-dialog-title").textContent = citable ? "Cite this figure" : "Not for citation";
    dialog.querySelector(".cite-text").textContent = citable
      ? citation.replace(/\s\S+$/, "") + " " + permalink + " (accessed " + today() + ")."
      : link.getAttribute("data-not-for-citation");
    var anchor = dialog.querySelector(".cite-permalink");
    anchor.href = permalink;
    anchor.textContent = permalink;
    dialog.querySelector(".cite-copy").hidden = !citable;
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-figure][data-permalink]");
    if (link && window.HTMLDialogElement && !event.target.closest("dialog")) {
      event.preventDefault();
      open(link);
    }
  });
})();
