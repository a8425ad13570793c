// Workshop settings: the visitor's own time beside each AoE date, and a live preview of
// the call for papers (rendered by the server's Markdown renderer).
(function () {
  "use strict";

  function localTime(input, out) {
    function show() {
      var when = input.value ? new Date(input.value + "-12:00") : null;
      out.textContent = when && !isNaN(when) ? "Your time: " + when.toLocaleString(undefined, {
        weekday: "short", year: "numeric", month: "short", day: "numeric",
        hour: "2-digit", minute: "2-digit", timeZoneName: "short"
      }) : "";
    }
    input.addEventListener("input", show);
    show();
  }

  function livePreview(form, textarea, preview) {
    var timer = null;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var body = new URLSearchParams({description: textarea.value});
        fetch(preview.dataset.previewUrl, {
          method: "POST", body: body, credentials: "same-origin",
          headers: {"X-CSRFToken": token}
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          if (html !== null) preview.innerHTML = html;  // sanitised by the server (nh3)
        });
      }, 300);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-local-for]").forEach(function (out) {
      var input = document.getElementById(out.dataset.localFor);
      if (input) localTime(input, out);
    });
    var form = document.getElementById("workshop-settings");
    var textarea = document.getElementById("id_description");
    var preview = document.getElementById("cfp-preview");
    if (form && textarea && preview) livePreview(form, textarea, preview);
  });
})();
