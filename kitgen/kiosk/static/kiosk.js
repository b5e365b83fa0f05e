// kitgen kiosk: an optional helper. The pages work without it. It warns before the idle
// timeout erases the answers, keeps a busy family's visit alive while they type, and leaves
// the page when the visit has been erased. It sends nothing but "still here" to this server.
(function () {
  "use strict";
  var body = document.body;
  var timeout = Number(body.getAttribute("data-timeout")) * 1000;
  var warning = Number(body.getAttribute("data-warning")) * 1000;
  var note = document.getElementById("idle-warning");
  if (!note || !timeout) { return; }
  var lang = document.documentElement.lang || "en";
  var warnTimer = null, endTimer = null, lastPing = Date.now();
  function leave() {
    window.location.replace("/?erased=timeout&lang=" + encodeURIComponent(lang));
  }
  function arm() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    note.hidden = true;
    warnTimer = setTimeout(function () { note.hidden = false; }, Math.max(timeout - warning, 0));
    endTimer = setTimeout(leave, timeout);
  }
  function activity() {
    arm();
    if (Date.now() - lastPing > 30000) {
      lastPing = Date.now();
      fetch("/alive", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
        if (r.status === 410) { leave(); }
      }).catch(function () {});
    }
  }
  ["input", "keydown", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true });
  });
  arm();
  var summary = document.getElementById("summary");
  if (summary) { summary.focus(); }
}());
