// Warn before leaving a page whose form holds input not yet saved (forms marked data-warn-unsaved).
// Any input marks the form changed; submitting it clears the mark, so saving never asks.
(function () {
  let changed = false;
  for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    form.addEventListener("submit", () => { changed = false; });
  }
  window.addEventListener("beforeunload", (event) => {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
