// The occlusion record's countdown to the next reassessment. The due time is printed by the server as text beside
// it; this only counts down to it (element [data-occlusion-due] with an ISO time; its [data-countdown] child shows
// the minutes and seconds left, or how long it is overdue).
(function () {
  "use strict";

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function text(ms) {
    var total = Math.round(Math.abs(ms) / 1000);
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var clock = (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(seconds);
    return ms >= 0 ? clock + " left" : "overdue by " + clock;
  }

  function start(box) {
    var due = Date.parse(box.getAttribute("data-occlusion-due"));
    var out = box.querySelector("[data-countdown]");
    if (isNaN(due) || !out) {
      return;
    }
    var overdueAnnounced = false;
    function tick() {
      var left = due - Date.now();
      out.textContent = text(left);
      if (left < 0) {
        box.classList.add("alert-danger");
        box.classList.remove("alert-info");
        if (!overdueAnnounced) {
          overdueAnnounced = true;
          out.setAttribute("role", "alert");
        }
      }
    }
    tick();
    window.setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-occlusion-due]").forEach(start);
  });
})();
