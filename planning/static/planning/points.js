// Place injection points on the face chart by clicking: choose "Place on the chart" in an item's "Add a point" form
// (planning/_points.html), then click (or tap) where the point goes on the front or profile view. The click is read
// in the diagram's drawing box (data-chart-width/height on each <svg>, set by the server) as percent across and
// down, written into the form's hidden view/x/y fields with the position "chart", and the form is submitted: htmx
// posts it and the server redraws the points card and the chart. Pressing Enter on an area of the chart while
// placing puts the point at that area's point. Escape or the button again stops placing.
// Without this script the same form adds a point at a chosen area's point: nothing here is needed to plan.
(function () {
  "use strict";

  var CHART_POSITION = "chart";
  var placing = null; // the item id whose points are being placed, or null

  function formFor(id) {
    return document.querySelector('form[data-point-form="' + id + '"]');
  }

  function field(form, name) {
    return form.querySelector("[data-point-" + name + "]");
  }

  function say(text) {
    var status = document.querySelector("[data-chart-placing]");
    if (status) status.textContent = text;
  }

  function refresh() {
    var form = placing && formFor(placing);
    if (placing && !form) placing = null; // the item is gone
    document.querySelectorAll("[data-place-points]").forEach(function (button) {
      var on = button.dataset.placePoints === placing;
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Stop placing" : "Place on the chart";
    });
    var chart = document.getElementById("face-chart");
    if (chart) chart.classList.toggle("is-placing", Boolean(placing));
    say(placing ? "Placing points of " + form.dataset.pointArea + ": click where each point goes. Escape stops." : "");
  }

  function setPlacing(id) {
    placing = id;
    refresh();
    var chart = document.getElementById("face-chart");
    if (placing && chart && chart.scrollIntoView) chart.scrollIntoView({ block: "nearest", behavior: "instant" });
  }

  function chartPosition(form) {
    var select = field(form, "position");
    if (!select.querySelector('option[value="' + CHART_POSITION + '"]')) {
      var option = document.createElement("option");
      option.value = CHART_POSITION;
      option.textContent = "Where I clicked on the chart";
      select.insertBefore(option, select.firstChild);
    }
    select.value = CHART_POSITION;
  }

  // Where the click landed, in percent of the diagram's box; a keyboard "click" on an area uses its point.
  function percentAt(svg, event) {
    var width = parseFloat(svg.dataset.chartWidth);
    var height = parseFloat(svg.dataset.chartHeight);
    var x, y;
    var link = event.target.closest("a");
    var marker = link && link.querySelector("circle");
    if (event.detail === 0 && marker) {
      x = parseFloat(marker.getAttribute("cx"));
      y = parseFloat(marker.getAttribute("cy"));
    } else {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var inBox = point.matrixTransform(svg.getScreenCTM().inverse());
      x = inBox.x;
      y = inBox.y;
    }
    return { x: (x * 100) / width, y: (y * 100) / height };
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-place-points]");
    if (button) {
      event.preventDefault();
      setPlacing(placing === button.dataset.placePoints ? null : button.dataset.placePoints);
      return;
    }
    if (!placing) return;
    var svg = event.target.closest("svg[data-chart-view]");
    if (!svg) return;
    event.preventDefault(); // an area's link would start a new item instead
    var form = formFor(placing);
    var at = percentAt(svg, event);
    if (!(at.x >= 0 && at.x <= 100 && at.y >= 0 && at.y <= 100)) {
      say("That is outside the face diagram: click on the face itself.");
      return;
    }
    field(form, "view").value = svg.dataset.chartView;
    field(form, "x").value = at.x.toFixed(1);
    field(form, "y").value = at.y.toFixed(1);
    chartPosition(form);
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && placing) setPlacing(null);
  });

  // The server redraws the card and the chart: keep placing the same item, and keep its form open.
  document.addEventListener("htmx:afterSettle", function () {
    var form = placing && formFor(placing);
    if (form && form.closest("details")) form.closest("details").open = true;
    refresh();
  });

  refresh();
})();
