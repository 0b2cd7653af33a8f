// The signature pad of the patient view's signing pages (consents/_signature_pad.html). Loaded with `defer`; no inline
// script (strict CSP). Pointer events draw with a finger, a pen (its pressure widens the line) or the mouse; each
// stroke's end puts the canvas in the hidden input as a PNG data URL, which the server checks (consents.signatures).
(function () {
  "use strict";

  var INK = "#1b1f3a";
  var WIDTH = 4;

  function setUp(pad) {
    var canvas = pad.querySelector("[data-signature-canvas]");
    var input = pad.querySelector("[data-signature-input]");
    var clear = pad.querySelector("[data-signature-clear]");
    if (!canvas || !input || !canvas.getContext) return;
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var last = null;

    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;

    function at(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    function width(event) {
      // A pen reports its pressure; a mouse or a finger reports 0.5 (or 0), which draws the plain width.
      if (event.pointerType === "pen" && event.pressure > 0) return WIDTH * (0.5 + event.pressure);
      return WIDTH;
    }

    function dot(point, event) {
      ctx.beginPath();
      ctx.arc(point.x, point.y, width(event) / 2, 0, 2 * Math.PI);
      ctx.fill();
    }

    function line(event) {
      var point = at(event);
      ctx.beginPath();
      ctx.lineWidth = width(event);
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(point.x, point.y);
      ctx.stroke();
      last = point;
    }

    function keep() {
      input.value = canvas.toDataURL("image/png");
      pad.classList.add("has-signature");
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      event.preventDefault();
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = at(event);
      dot(last, event);
    });

    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      (events.length ? events : [event]).forEach(line);
    });

    function end() {
      if (!drawing) return;
      drawing = false;
      keep();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("lostpointercapture", end);

    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        input.value = "";
        pad.classList.remove("has-signature");
      });
    }

    // After an error elsewhere on the form the page comes back with the drawing: put it back on the canvas.
    if (input.value.indexOf("data:image/png;base64,") === 0) {
      var image = new Image();
      image.onload = function () {
        ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
        pad.classList.add("has-signature");
      };
      image.src = input.value;
    }
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setUp);
})();
