// Progressive enhancement only: every page works without this file.
// After a failed form post, move focus to the error summary (or the first
// invalid field), so keyboard and screen-reader users land on what to fix.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-error-summary]") ||
    document.querySelector("[aria-invalid='true']");
  if (target) {
    target.focus();
  }
});

// Print buttons (the organiser timeline): a listener here instead of an inline
// onclick, which the Content-Security-Policy refuses.
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) {
    window.print();
  }
});
