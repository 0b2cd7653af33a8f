// Compare overlay: the range input sets how much of the later photo covers the earlier one from the right (wipe),
// or how opaque
// it is (fade). CSS custom properties are set through the CSSOM, which the strict CSP allows.
(function () {
  "use strict";
  var overlay = document.querySelector("[data-overlay]");
  var range = document.querySelector("[data-overlay-range]");
  if (!overlay || !range) return;
  var output = document.querySelector("[data-overlay-output]");
  var modes = document.querySelectorAll("[data-overlay-mode]");

  function mode() {
    var checked = document.querySelector("[data-overlay-mode]:checked");
    return checked ? checked.value : "wipe";
  }

  function update() {
    var value = Math.min(100, Math.max(0, parseInt(range.value, 10) || 0));
    overlay.style.setProperty("--shown", value + "%");
    overlay.style.setProperty("--alpha", String(value / 100));
    overlay.classList.toggle("is-fade", mode() === "fade");
    overlay.dataset.amount = String(value);
    var text = value + "%";
    if (output) output.textContent = text;
    range.setAttribute("aria-valuetext", text + " of the later photo shown (" + mode() + ")");
  }

  range.addEventListener("input", update);
  range.addEventListener("change", update);
  modes.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
