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

// Long tables on a phone: the first rows, and a button that shows all of them (site.css hides the rest
// only on narrow screens, and only once this has run: without JavaScript every row shows). A link to a
// row that is hidden shows them all first.
(function () {
  "use strict";
  var SHOWN = 15;

  function setUp(table) {
    var rows = table.tBodies.length ? table.tBodies[0].rows.length : 0;
    var wrap = table.closest(".table-wrap") || table;
    if (rows <= SHOWN) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "table-rows-toggle";
    function show(all) {
      table.classList.toggle("rows-collapsed", !all);
      button.setAttribute("aria-expanded", all ? "true" : "false");
      button.textContent = all ? "Show the first " + SHOWN + " rows only" : "Show all " + rows + " rows";
    }
    button.addEventListener("click", function () { show(table.classList.contains("rows-collapsed")); });
    if (table.id) { button.setAttribute("aria-controls", table.id); }
    wrap.after(button);
    table.showAllRows = function () { show(true); };
    show(false);
  }

  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var table = target && target.closest && target.closest("table.rows-collapsed");
    if (table && table.showAllRows) {
      table.showAllRows();
      target.scrollIntoView();
    }
  }

  // A table of the chapters' own text (Markdown, not a data table) keeps its columns and scrolls within
  // its frame on a narrow screen; a line above it says so while it does, and the frame shows a shadow at
  // each edge with more to see (site.css).
  function cue(wrapper) {
    var note = wrapper.previousElementSibling;
    if (!note || !note.classList.contains("scroll-cue")) {
      note = document.createElement("p");
      note.className = "scroll-cue";
      note.textContent = "This table is wider than the screen: scroll it sideways for the other columns.";
      wrapper.before(note);
    }
    note.hidden = wrapper.scrollWidth <= wrapper.clientWidth + 1;
  }

  function cues() { document.querySelectorAll(".table-wrapper.docutils").forEach(cue); }

  function start() {
    cues();
    window.addEventListener("resize", cues);
    document.querySelectorAll("table.data-table").forEach(setUp);
    reveal();
    window.addEventListener("hashchange", reveal);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
