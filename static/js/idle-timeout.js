// The idle warning: shortly before the server's idle logout (accesslog.sessions, HARMONY_IDLE_MINUTES) a dialog
// offers to stay signed in, which pings the keep-alive endpoint. The server enforces the limits by itself; this only
// warns. Loaded with `defer` from {% idle_timeout_script %}; no inline script or style (strict CSP).
(function () {
  "use strict";

  var tag = document.querySelector("script[data-idle-timeout]");
  if (!tag || !window.fetch) return;
  var statusUrl = tag.dataset.statusUrl;
  var keepAliveUrl = tag.dataset.keepaliveUrl;
  var idleSeconds = parseInt(tag.dataset.idleSeconds, 10) || 1800;
  var warningSeconds = parseInt(tag.dataset.warningSeconds, 10) || 120;
  // The server moves "last used" on at most once a minute: check a minute early so the warning is never late.
  var SLACK = 60;
  var timer = null;
  var tick = null;
  var dialog = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function schedule(seconds) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(1, seconds) * 1000);
  }

  function signedOut() {
    // The server has ended (or is about to end) the session: reloading shows the login page and its message.
    window.location.reload();
  }

  function ask(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    return window.fetch(url, options).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("signed-out");
      return response.json();
    });
  }

  function check() {
    ask(statusUrl).then(function (state) {
      if (state.seconds <= 0) return signedOut();
      if (state.seconds > state.warning_seconds) {
        hide();
        schedule(state.seconds - state.warning_seconds);
      } else {
        show(state);
      }
    }).catch(signedOut);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function left(seconds) {
    return seconds >= 60 ? plural(Math.ceil(seconds / 60), "minute") : plural(seconds, "second");
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "idle-dialog card card-harmony p-4";
    dialog.setAttribute("aria-labelledby", "idle-dialog-title");
    dialog.setAttribute("aria-describedby", "idle-dialog-text");
    var title = document.createElement("h2");
    title.id = "idle-dialog-title";
    title.className = "h5";
    var text = document.createElement("p");
    text.id = "idle-dialog-text";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary";
    button.addEventListener("click", stay);
    dialog.append(title, text, button);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
    document.body.appendChild(dialog);
  }

  function show(state) {
    if (!dialog) build();
    var absolute = state.ends_by === "absolute";
    var title = dialog.querySelector("h2");
    var text = dialog.querySelector("p");
    var button = dialog.querySelector("button");
    title.textContent = "You will be signed out in " + left(state.seconds);
    text.textContent = absolute
      ? "Your session has reached its time limit. Save what you are doing; you will then need to sign in again."
      : "You have not used Harmony for a while. Stay signed in to keep working.";
    button.textContent = absolute ? "I understand" : "Stay signed in";
    button.dataset.absolute = absolute ? "true" : "false";
    button.dataset.seconds = String(state.seconds);
    if (!dialog.open) dialog.showModal();
    button.focus();
    var endsAt = Date.now() + state.seconds * 1000;
    window.clearInterval(tick);
    tick = window.setInterval(function () {
      var seconds = Math.round((endsAt - Date.now()) / 1000);
      if (seconds <= 0) {
        window.clearInterval(tick);
        return check();
      }
      title.textContent = "You will be signed out in " + left(seconds);
    }, 1000);
  }

  function hide() {
    window.clearInterval(tick);
    if (dialog && dialog.open) dialog.close();
  }

  function stay(event) {
    if (event.currentTarget.dataset.absolute === "true") {
      // Nothing can extend the absolute limit: look again when it is reached (the page then shows the login).
      hide();
      schedule(parseInt(event.currentTarget.dataset.seconds, 10) || 1);
      return;
    }
    ask(keepAliveUrl, { method: "POST", headers: { "X-CSRFToken": csrfToken() } }).then(function (state) {
      hide();
      schedule(state.seconds - state.warning_seconds - SLACK);
    }).catch(signedOut);
  }

  // Work done without a page load (htmx) is activity too: look again a full idle period after it.
  document.body.addEventListener("htmx:afterRequest", function () {
    if (!dialog || !dialog.open) schedule(idleSeconds - warningSeconds - SLACK);
  });
  schedule(idleSeconds - warningSeconds - SLACK);
})();
