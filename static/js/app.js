// Harmony's small progressive enhancements. Loaded with `defer`; no inline scripts anywhere (strict CSP).
(function () {
  "use strict";

  // Forms marked data-once-submit disable their submit buttons after the first submit, so a double click
  // cannot send the same form twice (the server also refuses duplicates).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-once-submit]")) return;
    if (form.dataset.submitted === "true") { event.preventDefault(); return; }
    form.dataset.submitted = "true";
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      b.setAttribute("aria-disabled", "true");
      b.classList.add("disabled");
    });
  });

  // Buttons and links with data-print print the page.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-print]");
    if (el) { event.preventDefault(); window.print(); }
  });
})();
