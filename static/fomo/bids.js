// Bidding: save each bid as it is chosen, without reloading the page.
// Without JavaScript, each paper's form posts normally (the "Save bid" button).
(function () {
  "use strict";

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : cookie("csrftoken");
  }

  function updateCount() {
    var counter = document.querySelector("[data-bids-placed]");
    if (!counter) return;
    var placed = 0;
    document.querySelectorAll("form[data-bid-form] select[name=value]").forEach(function (select) {
      if (select.value) placed += 1;
    });
    counter.textContent = String(placed);
  }

  function save(form) {
    var select = form.querySelector("select[name=value]");
    var status = form.querySelector("[data-bid-status]");
    if (!select.value) return;
    if (select.value === "conflict" &&
        !window.confirm("Declare a conflict of interest? The paper leaves your list.")) {
      select.value = select.dataset.saved || "";
      return;
    }
    status.textContent = "Saving…";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok || !data.ok) throw new Error(data.error || "Not saved.");
        return data;
      });
    }).then(function (data) {
      select.dataset.saved = data.value;
      status.textContent = "Saved: " + data.label;
      if (data.conflict) {
        var paper = form.closest("[data-paper]");
        if (paper) {
          paper.hidden = true;
        }
      }
      updateCount();
    }).catch(function (error) {
      status.textContent = error.message || "Not saved; try again.";
      select.value = select.dataset.saved || "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-bid-form]").forEach(function (form) {
      var select = form.querySelector("select[name=value]");
      var button = form.querySelector("[data-bid-submit]");
      if (!select || !window.fetch) return;
      select.dataset.saved = select.value;
      if (button) button.hidden = true;
      select.addEventListener("change", function () { save(form); });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        save(form);
      });
    });
  });
})();
