// Citing a figure: selecting a figure's value opens a box with its citation text and
// permanent link, and a button to copy it. Without JavaScript the value links to the
// figure's row on the edition's figures page, which gives the same text.
(function () {
  "use strict";
  var dialog;
  function absolute(text, anchor) {
    var link = window.location.origin + window.location.pathname + "#" + anchor;
    return text.replace(/\s\S+#fig-[^\s]+$/, function (end) {
      return /\shttps?:\/\//.test(end) ? end : " " + link;
    });
  }
  function open(figure) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "cite-dialog";
      dialog.setAttribute("aria-labelledby", "cite-dialog-title");
      dialog.innerHTML = '<h2 id="cite-dialog-title">Cite this figure</h2><p class="cite-text"></p>' +
        '<button type="button" class="cite-copy">Copy</button> <button type="button" class="cite-close">Close</button>';
      document.body.appendChild(dialog);
      dialog.querySelector(".cite-close").addEventListener("click", function () { dialog.close(); });
      dialog.querySelector(".cite-copy").addEventListener("click", function () {
        var text = dialog.querySelector(".cite-text").textContent;
        if (navigator.clipboard) { navigator.clipboard.writeText(text); }
      });
    }
    dialog.querySelector(".cite-text").textContent = absolute(figure.getAttribute("data-cite"), figure.id || "");
    dialog.showModal();
  }
  document.addEventListener("click", function (event) {
    var figure = event.target.closest && event.target.closest("a.fig-citable[data-cite]");
    if (figure && window.HTMLDialogElement) { event.preventDefault(); open(figure); }
  });
})();
