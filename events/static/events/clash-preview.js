/* Clash preview on the stop's change form in the admin.
 *
 * As the organiser changes the kit, the venue or a date, ask the organiser
 * clash-check page what the stop would clash with and show the answer under
 * the form. Nothing is saved; the Save button still goes through the planning
 * service, which decides. Without JavaScript the box shows the saved stop's
 * clashes and links to the clash-check page.
 */
(function () {
  "use strict";
  var FIELDS = ["kit", "venue", "setup_on", "opens_on", "closes_on", "teardown_on"];

  function start() {
    var box = document.getElementById("clash-preview");
    if (!box) return;
    var form = box.closest("form");
    var result = box.querySelector(".clash-preview-result");
    var lastQuery = null;
    var timer = null;

    function query() {
      var params = new URLSearchParams();
      params.set("fragment", "1");
      if (box.dataset.stop) params.set("stop", box.dataset.stop);
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (field) params.set(name, field.value);
      });
      return params.toString();
    }

    function refresh(force) {
      var current = query();
      if (!force && current === lastQuery) return;
      lastQuery = current;
      box.setAttribute("aria-busy", "true");
      fetch(box.dataset.url + "?" + current, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          return response.text().then(function (body) {
            // 400 carries the form's own messages (a date out of order, say).
            if (response.ok || response.status === 400) result.innerHTML = body;
          });
        })
        .catch(function () {
          /* Offline or signed out: keep what is shown; Save still checks. */
        })
        .finally(function () {
          box.removeAttribute("aria-busy");
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    }

    form.addEventListener("change", later);
    form.addEventListener("input", later);
    // The admin's calendar (outside the form) and "Today" links set the value without an event.
    document.addEventListener("click", later);
    form.addEventListener("focusout", later);
    box.querySelector("[data-clash-check]").addEventListener("click", function () {
      refresh(true);
    });
    lastQuery = query(); // the server already showed the form as it was loaded
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
