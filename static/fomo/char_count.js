// Live character count under a textarea with data-max-chars; over the limit the count
// turns red and says by how much (the server refuses it too, keeping the text).
(function () {
  "use strict";
  function attach(area) {
    var limit = parseInt(area.getAttribute("data-max-chars"), 10);
    var out = document.createElement("div");
    out.className = "form-text";
    out.setAttribute("aria-live", "polite");
    out.setAttribute("data-char-count", "");
    area.insertAdjacentElement("afterend", out);
    function update() {
      var used = area.value.trim().length;
      var over = used - limit;
      out.textContent = over > 0
        ? used + " / " + limit + " characters: " + over + " over the limit"
        : used + " / " + limit + " characters";
      out.classList.toggle("text-danger", over > 0);
      out.classList.toggle("fw-bold", over > 0);
    }
    area.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-max-chars]").forEach(attach);
  });
})();
