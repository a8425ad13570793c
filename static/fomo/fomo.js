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

  // "Add another author row" posts the form to get a row from the server; with JavaScript
  // the row is cloned from the formset's empty form instead, and TOTAL_FORMS counts it.
  function authorRows() {
    var button = document.getElementById("add-author");
    var template = document.getElementById("author-row-template");
    var rows = document.getElementById("author-rows");
    var total = document.querySelector("input[name$='-TOTAL_FORMS']");
    if (!button || !template || !rows || !total) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input");
      if (first) first.focus();
      if (index + 1 >= parseInt(button.dataset.max, 10)) button.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes();
    countdowns();
    confirmations();
    authorRows();
  });
})();
