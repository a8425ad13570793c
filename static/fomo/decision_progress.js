// Decision emails: while a job runs, refresh the counts every 3 seconds.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("notify-counts");
    if (!box || !document.querySelector("[data-refresh]") || !window.fetch) return;
    var timer = window.setInterval(function () {
      fetch(box.dataset.progressUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          ["not_notified", "queued", "sent", "failed"].forEach(function (key) {
            var cell = box.querySelector("[data-count=" + key + "]");
            if (cell) cell.textContent = String(data[key]);
          });
          if (!data.job || data.job.status === "done" || data.job.status === "failed") {
            window.clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () { window.clearInterval(timer); });
    }, 3000);
  });
})();
