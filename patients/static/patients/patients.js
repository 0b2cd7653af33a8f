// Front-desk enhancements (loaded with defer; no inline scripts under the CSP).
(function () {
  "use strict";
  // After htmx adds a previous-treatment row: count it in the formset's TOTAL_FORMS (an out-of-band swap would
  // make htmx write a style attribute, which the CSP refuses) and move keyboard focus into the new row.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "previous-rows") return;
    var rows = target.querySelectorAll(".previous-row");
    var total = document.getElementById(target.dataset.totalInput);
    if (total) total.value = String(rows.length);
    var last = rows[rows.length - 1];
    var field = last && last.querySelector("select, input:not([type=hidden]), textarea");
    if (field) field.focus();
  });
})();
