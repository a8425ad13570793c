// fomo: the assignment run page reloads itself while the run is queued or running.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.querySelector("[data-refresh-while-running]");
    if (!el) return;
    var delay = parseInt(el.dataset.refreshWhileRunning, 10) || 3000;
    window.setTimeout(function () { window.location.reload(); }, delay);
  });
})();
