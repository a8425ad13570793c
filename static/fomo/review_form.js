// Review form: autosave the draft every 10 seconds when something changed, and on change.
// Without JavaScript, the "Save draft" button posts the form normally.
(function () {
  "use strict";

  var INTERVAL_MS = 10000;

  function setup(form) {
    var url = form.dataset.autosaveUrl;
    var status = form.querySelector("[data-autosave-status]");
    var dirty = false;
    var saving = false;

    function show(text) {
      if (status) status.textContent = text;
    }

    function save() {
      if (!dirty || saving) return;
      saving = true;
      dirty = false;
      var data = new FormData(form);
      data.delete("action");
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok || !body.ok) throw new Error(body.error || "Draft not saved.");
          return body;
        });
      }).then(function (body) {
        show("Draft saved at " + new Date(body.saved_at).toLocaleTimeString() + " (not submitted).");
      }).catch(function (error) {
        dirty = true;
        show(error.message || "Draft not saved; it will be retried.");
      }).then(function () {
        saving = false;
      });
    }

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; save(); });
    window.setInterval(save, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch || !window.FormData) return;
    document.querySelectorAll("form[data-autosave-url]").forEach(setup);
  });
})();
