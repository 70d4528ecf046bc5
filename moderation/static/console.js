// The console's keyboard and in-place decisions. Without this file every
// button is a plain form that works the same way, one page load at a time.
(function () {
  "use strict";

  var current = null;
  var lastDecisions = [];
  var ACTION_KEYS = { a: "approve", r: "reject", s: "spam" };

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue] > li:not(.leaving)"));
  }

  function say(text) {
    var live = document.querySelector("[data-live]");
    if (live) { live.textContent = text; }
  }

  function select(row) {
    if (current) { current.classList.remove("current"); }
    current = row || null;
    if (current) {
      current.classList.add("current");
      current.focus({ preventScroll: true });
      current.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    var list = rows();
    if (!list.length) { return; }
    var index = list.indexOf(current);
    index = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[index]);
  }

  function post(url, data) {
    data.append("csrf_token", csrfToken());
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (!response.ok) { throw new Error("The server answered " + response.status); }
      return response.json();
    });
  }

  function setUndo(ids) {
    lastDecisions = ids;
    var form = document.getElementById("undo");
    if (!form) { return; }
    Array.prototype.forEach.call(form.querySelectorAll('input[name="decision"]'), function (el) { el.remove(); });
    ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "decision"; input.value = id;
      form.appendChild(input);
    });
    var button = form.querySelector("[data-undo-button]");
    if (button) { button.disabled = ids.length === 0; }
  }

  // Where each decided comment stood, so an undo can put it back in the same place.
  var places = {};

  function queueList() { return document.querySelector("[data-queue]"); }

  function showEmpty() {
    var empty = document.querySelector("[data-empty]");
    if (empty) { empty.hidden = rows().length > 0; }
  }

  function count(status, change) {
    var badge = document.querySelector('[data-count="' + status + '"]');
    if (!badge || badge.hasAttribute("data-capped")) { return; }
    var value = Math.max(0, parseInt(badge.textContent, 10) + change);
    badge.textContent = String(value);
    var option = document.querySelector('select[name="status"] option[value="' + status + '"]');
    if (option) { option.textContent = option.textContent.replace(/\(\d+\)$/, "(" + value + ")"); }
  }

  function decide(row, action) {
    if (!row) { return; }
    var form = row.querySelector("form.actions");
    var data = new FormData();
    data.append("action", action);
    var list = rows();
    var next = list[list.indexOf(row) + 1] || list[list.indexOf(row) - 1];
    var view = queueList().getAttribute("data-view-status");
    var from = row.getAttribute("data-status");
    row.classList.add("leaving");
    post(form.getAttribute("action"), data).then(function (answer) {
      row.classList.remove("leaving");
      say(answer.message);
      if (!answer.changed) { return; }
      setUndo(answer.decisions);
      var to = answer.comments[0].status;
      if (to === view) {
        // Still belongs here (a policy's spam verdict confirmed): it stays, marked as decided.
        row.classList.add("confirmed");
        Array.prototype.forEach.call(row.querySelectorAll('button[value="' + action + '"]'), function (b) {
          b.remove();
        });
        select(next && document.body.contains(next) ? next : row);
        return;
      }
      places[row.dataset.id] = { index: Array.prototype.indexOf.call(queueList().children, row), status: to };
      row.remove();
      count(from, -1); count(to, +1);
      showEmpty();
      select(next && document.body.contains(next) ? next : rows()[0]);
    }).catch(function (error) {
      row.classList.remove("leaving");
      say("Not done: " + error.message);
    });
  }

  function putBack(id, html, status) {
    var list = queueList();
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    var shown = document.getElementById("comment-" + id);
    var at = places[id];
    delete places[id];
    // The count of the status it leaves: where this page sent it, or where the page shows it.
    if (shown) {
      count(shown.getAttribute("data-status"), -1);
      shown.remove();
    } else if (at) {
      count(at.status, -1);
    }
    count(status, +1);
    if (status !== list.getAttribute("data-view-status")) { return null; }
    var before = at ? list.children[at.index] : list.firstElementChild;
    list.insertBefore(fresh, before || null);
    return fresh;
  }

  function undoLast() {
    var form = document.getElementById("undo");
    if (!form) { return; }
    var data = new FormData();
    lastDecisions.forEach(function (id) { data.append("decision", id); });
    data.append("next", form.querySelector('input[name="next"]').value);
    // Nothing known in this page: the server undoes "my last decision" from the session.
    post(form.getAttribute("action"), data).then(function (answer) {
      say(answer.message);
      if (!answer.changed) { return; }
      setUndo([]);
      if (!queueList()) { window.location.reload(); return; }
      var first = null;
      answer.comments.forEach(function (state) {
        var html = answer.rows[String(state.id)];
        if (!html) { return; }
        var placed = putBack(state.id, html, state.status);
        first = first || placed;
      });
      showEmpty();
      if (first) { select(first); }
    }).catch(function (error) { say("Not undone: " + error.message); });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" && target.type !== "checkbox" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (!document.querySelector("[data-queue]") && event.key !== "u") { return; }
    var key = event.key;
    var search = document.querySelector("[data-search]");
    if (key === "/" && search) { search.focus(); search.select(); }
    else if (key === "j") { move(1); }
    else if (key === "k") { move(-1); }
    else if (ACTION_KEYS[key]) { decide(current, ACTION_KEYS[key]); }
    else if (key === "x" && current) {
      var box = current.querySelector('input[type="checkbox"]');
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
    else if (key === "u" && document.getElementById("undo")) { undoLast(); }
    else { return; }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("[data-queue] > li");
    if (row && !event.target.closest("button, a, input")) { select(row); }
    var copy = event.target.closest && event.target.closest("[data-copy]");
    if (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      source.select();
      navigator.clipboard.writeText(source.value).then(function () { copy.textContent = "Copied"; });
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.name !== "ids") { return; }
    var count = document.querySelectorAll('input[name="ids"]:checked').length;
    var label = document.querySelector("[data-selected-count]");
    if (label) { label.textContent = count ? "With the " + count + " selected:" : "With the selected comments:"; }
  });

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (b) { b.hidden = false; });
    var undoForm = document.getElementById("undo");
    if (undoForm) {
      setUndo(Array.prototype.map.call(undoForm.querySelectorAll('input[name="decision"]'), function (el) {
        return el.value;
      }));
    }
    var first = rows()[0];
    if (first) { select(first); }
  });
})();
