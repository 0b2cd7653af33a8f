// Keep every "version" field of the plan page in step after an htmx edit: the edit bumped the plan's version
// and the server sent the new one (#plan-version, swapped out of band). Without this, the next remove or
// template would be refused as stale although the user is looking at the latest plan.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var marker = document.getElementById("plan-version");
    if (!marker || !marker.dataset.version) return;
    document.querySelectorAll("input[name=version]").forEach(function (input) {
      var form = input.form;
      // An edit row that was refused as stale keeps its old version on purpose: the user must reload.
      if (form && form.querySelector(".alert-danger")) return;
      input.value = marker.dataset.version;
    });
  });
})();
