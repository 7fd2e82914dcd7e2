// Where the eye is: after a page load with errors, or after htmx swaps a criterion or a row that holds an error,
// move the focus to the error summary (or the field in error) marked data-focus, as the GOV.UK error-summary
// pattern does; focusing scrolls it into view and a screen reader reads it.
(function () {
  function focusMarked() {
    var marked = document.querySelector("[data-focus]");
    if (marked) {
      marked.removeAttribute("data-focus");
      marked.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", focusMarked);
  document.addEventListener("htmx:afterSettle", focusMarked);
})();
