// Where the eye is: after a page load with errors, or after htmx swaps a criterion or a row that holds an error,
// move the focus to the error summary (or the field in error) marked data-focus, as the GOV.UK error-summary
// pattern does; focusing scrolls it into view and a screen reader reads it. A link of the summary puts the focus
// in its field (a plain anchor would only scroll to it).
(function () {
  function focusMarked() {
    var marked = document.querySelector("[data-focus]");
    if (marked) {
      marked.removeAttribute("data-focus");
      marked.scrollIntoView({ block: "center" });
      marked.focus({ preventScroll: true });
    }
  }
  document.addEventListener("DOMContentLoaded", focusMarked);
  document.addEventListener("htmx:afterSettle", focusMarked);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (field) {
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    }
  });
})();
