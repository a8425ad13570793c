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

  // "You have bid on X of N papers" counts every page of the list, so it changes by what
  // one save did: a first bid adds one to X; a conflict takes the paper out of N (and its
  // earlier bid, if any, out of X).
  function addTo(selector, delta) {
    var counter = document.querySelector(selector);
    if (!counter || !delta) return;
    counter.textContent = String(Number(counter.textContent) + delta);
  }

  function updateCount(before, data) {
    if (data.conflict) {
      addTo("[data-bids-placed]", before ? -1 : 0);
      addTo("[data-bids-total]", -1);
    } else {
      addTo("[data-bids-placed]", before ? 0 : 1);
    }
  }

  // In place of a paper just declared a conflict: what happened, and a button to undo it
  // (an ordinary form post, as on the list of declared conflicts after a reload).
  function conflictNotice(form, data) {
    var notice = document.createElement("div");
    notice.className = "alert alert-info d-flex flex-wrap gap-2 align-items-center";
    notice.setAttribute("role", "status");
    notice.setAttribute("data-conflict-notice", "");
    var text = document.createElement("span");
    text.textContent = data.message;
    notice.append(text);
    if (data.take_back_url) {
      var undo = document.createElement("form");
      undo.method = "post";
      undo.action = data.take_back_url;
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      token.value = csrfToken(form);
      var button = document.createElement("button");
      button.type = "submit";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = "Take back";
      undo.append(token, button);
      notice.append(undo);
    }
    return notice;
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
      var before = select.dataset.saved || "";
      select.dataset.saved = data.value;
      status.textContent = "Saved: " + data.label;
      if (data.conflict) {
        var paper = form.closest("[data-paper]");
        if (paper) {
          paper.hidden = true;
          paper.after(conflictNotice(form, data));
        }
      }
      updateCount(before, data);
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
