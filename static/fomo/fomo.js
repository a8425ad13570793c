// fomo: small page behaviours, no inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  function localTimes() {
    document.querySelectorAll(".fomo-local[data-for]").forEach(function (el) {
      var when = new Date(el.dataset.for);
      if (isNaN(when)) return;
      el.textContent = " (your time: " + when.toLocaleString(undefined, {
        weekday: "short", year: "numeric", month: "short", day: "numeric",
        hour: "2-digit", minute: "2-digit", timeZoneName: "short"
      }) + ")";
    });
  }

  function describe(ms) {
    if (ms <= 0) return "passed";
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    var parts = [];
    if (d) parts.push(d + "d");
    parts.push(h + "h", m + "m", sec + "s");
    return parts.join(" ") + " left";
  }

  function countdowns() {
    var els = document.querySelectorAll(".fomo-countdown[data-deadline]");
    if (!els.length) return;
    function tick() {
      var now = Date.now();
      els.forEach(function (el) {
        el.textContent = describe(new Date(el.dataset.deadline) - now);
      });
    }
    tick();
    window.setInterval(tick, 1000);
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes();
    countdowns();
    confirmations();
  });
})();
