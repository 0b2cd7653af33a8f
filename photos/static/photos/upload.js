// Photo upload: a drop zone around the ordinary multiple-file input. Without JS the input works as it is.
(function () {
  "use strict";

  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " kB";
  }

  function showFiles(zone, input) {
    var list = zone.querySelector("[data-file-list]");
    if (!list) return;
    var form = input.form;
    var maxBytes = form && form.dataset.maxBytes ? parseInt(form.dataset.maxBytes, 10) : 0;
    list.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.textContent = file.name + " ";
      var size = document.createElement("span");
      size.className = "file-size";
      size.textContent = "(" + formatSize(file.size) + ")";
      item.appendChild(name);
      item.appendChild(size);
      if (maxBytes && file.size > maxBytes) {
        var warn = document.createElement("span");
        warn.className = "file-too-big";
        warn.textContent = " too large: it will be refused";
        item.appendChild(warn);
      }
      list.appendChild(item);
    });
  }

  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) return;
    input.addEventListener("change", function () { showFiles(zone, input); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "dragend"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        if (event.target === zone) zone.classList.remove("is-dragover");
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("is-dragover");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      try {
        input.files = files; // a FileList from the drop can be assigned to the input in current browsers
      } catch (e) {
        var transfer = new DataTransfer();
        Array.prototype.forEach.call(files, function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      }
      showFiles(zone, input);
    });
  });
})();
