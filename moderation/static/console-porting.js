// The site's import and export panels: refuse a file over the upload limit before sending it,
// and follow a running import's progress. Without this file the forms work all the same and
// the import's page is refreshed by hand.
(function () {
  "use strict";

  var PHASES = {
    queued: "Waiting for a worker…",
    reading: "Reading the file…",
    saving: "Saving the comments…",
    training: "Imported; training the spam model…"
  };

  function watchFile(input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var error = input.form.querySelector("[data-file-error]");
    input.form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (file && max && file.size > max) {
        event.preventDefault();
        error.textContent = "This file is larger than the limit of " + input.getAttribute("data-limit-text") +
          " here. Import it on the server with flask import, which reads files of any size.";
        error.hidden = false;
      }
    });
    input.addEventListener("change", function () { error.hidden = true; });
  }

  function follow(card) {
    var bar = card.querySelector("progress");
    var status = card.querySelector("[data-import-status]");
    var url = card.getAttribute("data-state-url");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("the server answered " + response.status); }
          return response.json();
        })
        .then(function (state) {
          if (state.finished) { window.location.reload(); return; }
          var text = PHASES[state.phase] || PHASES.reading;
          if (state.percent !== null && bar) {
            bar.value = state.percent;
            if (state.phase === "reading") { text = "Reading the file: " + state.percent + "%"; }
          }
          status.textContent = text;
          window.setTimeout(poll, 700);
        })
        .catch(function (error) {
          status.textContent = "Could not ask how far it got (" + error.message + "); retrying…";
          window.setTimeout(poll, 3000);
        });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-max-bytes]"), watchFile);
    var card = document.querySelector("[data-import-job]");
    if (card && card.getAttribute("data-finished") !== "yes") { follow(card); }
  });
})();
