// The comment widget. A host page includes it with
//   <script src="SERVICE/embed.js" data-site="KEY" async></script>
// and it draws the approved comments and a form into #comments (or data-container).
// No framework and no build step; every node is built with createElement and
// textContent, and no string is ever evaluated, so a strict host CSP works. The
// proof of work runs in a worker made from this file's own powSolve (a blob:
// URL, which a host CSP may allow with "worker-src blob:"); where the page
// forbids it, the same function runs on the page in short slices instead.
(function () {
"use strict";
var script = document.currentScript || document.querySelector("script[data-site][src*='embed.js']");
if (!script) return;
var ds = script.dataset;
var BASE = script.src.replace(/\/embed\.js([?#].*)?$/, "");
var API = BASE + "/api/v1";
// The stylesheet's URL carries a content hash (filled in by the server), so it can be cached for good.
var CSS = BASE + "/embed.css?v=__CSS_VERSION__";
var SITE = ds.site || "";
var LANG = ds.lang || document.documentElement.lang || "en";

function pageUri() {
  if (ds.uri) return ds.uri;
  var canonical = document.querySelector("link[rel=canonical]");
  if (canonical && canonical.href) return canonical.href;
  return location.href.split("#")[0];
}

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  for (var name in attrs || {}) {
    var value = attrs[name];
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  (children || []).forEach(function (child) { if (child) node.appendChild(child); });
  return node;
}

function request(method, path, body) {
  var init = { method: method, credentials: "omit", headers: {} };
  if (body) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return fetch(API + path, init).then(function (response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      return { status: response.status, data: data, retry: response.headers.get("Retry-After") };
    });
  });
}

function query(params) {
  return params.map(function (p) { return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]); }).join("&");
}

// Counts: every [data-comment-count] on the page, 50 pages a request.
function counts() {
  var nodes = [].slice.call(document.querySelectorAll("[data-comment-count]"));
  var uris = [];
  nodes.forEach(function (n) {
    var uri = n.getAttribute("data-comment-count") || pageUri();
    if (uris.indexOf(uri) < 0) uris.push(uri);
  });
  for (var i = 0; i < uris.length; i += 50) {
    var params = [["site", SITE]].concat(uris.slice(i, i + 50).map(function (u) { return ["uri", u]; }));
    request("GET", "/counts?" + query(params)).then(function (r) {
      var found = r.data.counts || {};
      nodes.forEach(function (n) {
        var count = found[n.getAttribute("data-comment-count") || pageUri()];
        if (typeof count === "number") n.textContent = count === 1 ? "1 comment" : count + " comments";
      });
    }).catch(function () {});
  }
}

function formatDate(iso) {
  var when = new Date(iso);
  if (isNaN(when)) return iso;
  // Plain "en" reads day-month-year, as in "3 July 2008, 10:58".
  var lang = LANG === "en" ? "en-GB" : LANG;
  try {
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(when) +
      ", " + new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" }).format(when);
  } catch (e) {
    return when.toLocaleString();
  }
}

// The server sends nh3-cleaned HTML with only p, br and a; it is rebuilt here
// node by node all the same, so a fault upstream still cannot inject markup.
function safeBody(html) {
  var parsed = new DOMParser().parseFromString(html || "", "text/html").body;
  var out = document.createDocumentFragment();
  (function copy(from, to) {
    [].forEach.call(from.childNodes, function (node) {
      if (node.nodeType === 3) { to.appendChild(document.createTextNode(node.nodeValue)); return; }
      if (node.nodeType !== 1) return;
      var tag = node.tagName;
      if (tag === "SCRIPT" || tag === "STYLE" || tag === "TEMPLATE") return;
      var target = to;
      if (tag === "P" || tag === "BR") {
        target = to.appendChild(el(tag.toLowerCase()));
      } else if (tag === "A" && /^https?:\/\//i.test(node.getAttribute("href") || "")) {
        target = to.appendChild(el("a", { href: node.getAttribute("href"), rel: "nofollow ugc noopener" }));
      }
      copy(node, target);
    });
  })(parsed, out);
  return out;
}

function renderThread(list, heading, data) {
  var comments = data.comments || [];
  heading.textContent = comments.length ? "Comments (" + comments.length + ")" : "Comments";
  list.textContent = "";
  if (!comments.length) {
    list.appendChild(el("p", { class: "cm-empty", text: "No comments yet. Be the first to write one." }));
    return;
  }
  comments.forEach(function (c) {
    list.appendChild(el("article", { class: "cm-comment", id: "comment-" + c.number }, [
      el("p", { class: "cm-meta" }, [
        el("span", { class: "cm-num", text: "Reply #" + c.number }),
        document.createTextNode(" on "),
        el("time", { datetime: c.created_at, text: formatDate(c.created_at) })
      ]),
      el("p", { class: "cm-author" }, [
        el("strong", { text: c.author }),
        el("span", { class: "cm-posts", text: "Posts: " + c.posts })
      ]),
      c.title ? el("h4", { class: "cm-title", text: c.title }) : null,
      el("div", { class: "cm-body" }, [safeBody(c.html)])
    ]));
  });
}

// Find n in [from, to) with SHA-256(p.salt + n) == p.challenge; -1 if none.
// Self-contained, as its source text is also a worker's whole program. One
// 64-byte block per try (salt and number stay under 56 bytes); the round
// constants are the fractional parts of the primes' square and cube roots.
function powSolve(p, from, to) {
  var K = new Int32Array(64), H = new Int32Array(8), T = new Int32Array(8), W = new Int32Array(64), B = new Uint8Array(64);
  var s = p.salt, L = s.length, i, j, n, d, q, x, y, a, b, c, e, f, g, h, k, t;
  function frac(v) { return (v - Math.floor(v)) * 4294967296 | 0; }
  for (n = 2, i = 0; i < 64; n++) {
    for (j = 2; j * j <= n && n % j; j++);
    if (j * j > n) { if (i < 8) H[i] = frac(Math.sqrt(n)); K[i++] = frac(Math.cbrt(n)); }
  }
  for (i = 0; i < 8; i++) T[i] = parseInt(p.challenge.substr(i * 8, 8), 16) | 0;
  for (i = 0; i < L; i++) B[i] = s.charCodeAt(i);
  for (n = from; n < to; n++) {
    d = "" + n; q = L + d.length;
    for (i = 0; i < d.length; i++) B[L + i] = d.charCodeAt(i);
    B[q] = 128;
    for (i = q + 1; i < 62; i++) B[i] = 0;
    B[62] = q >> 5; B[63] = q << 3 & 255;
    for (i = 0; i < 16; i++) W[i] = B[4 * i] << 24 | B[4 * i + 1] << 16 | B[4 * i + 2] << 8 | B[4 * i + 3];
    for (i = 16; i < 64; i++) {
      x = W[i - 15]; y = W[i - 2];
      W[i] = ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3) + W[i - 16] +
        ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10) + W[i - 7] | 0;
    }
    a = H[0]; b = H[1]; c = H[2]; k = H[3]; e = H[4]; f = H[5]; g = H[6]; h = H[7];
    for (i = 0; i < 64; i++) {
      t = h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (e & f ^ ~e & g) + K[i] + W[i] | 0;
      h = g; g = f; f = e; e = k + t | 0; k = c; c = b; b = a;
      a = t + ((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c ^ b & k ^ c & k) | 0;
    }
    if ((a + H[0] | 0) === T[0] && (b + H[1] | 0) === T[1] && (c + H[2] | 0) === T[2] && (k + H[3] | 0) === T[3] &&
        (e + H[4] | 0) === T[4] && (f + H[5] | 0) === T[5] && (g + H[6] | 0) === T[6] && (h + H[7] | 0) === T[7]) return n;
  }
  return -1;
}

// Solve a puzzle off the page's thread if the page allows, else in slices on it; `done(n)` once.
// Returns a function that abandons the search.
function solve(puzzle, done) {
  var stopped = false, worker;
  function slices(from) {
    if (stopped) return;
    var to = Math.min(from + 20000, puzzle.max_number + 1), n = powSolve(puzzle, from, to);
    if (n >= 0 || to > puzzle.max_number) done(n);
    else setTimeout(slices, 0, to);
  }
  try {
    var url = URL.createObjectURL(new Blob(["onmessage=function(e){postMessage(" + powSolve +
      "(e.data,0,e.data.max_number+1))}"], { type: "text/javascript" }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = function (e) { worker.terminate(); done(e.data); };
    worker.onerror = function (e) { e.preventDefault(); worker.terminate(); slices(0); };
    worker.postMessage(puzzle);
  } catch (e) {
    slices(0);
  }
  return function () { stopped = true; if (worker) worker.terminate(); };
}

function field(id, label, input, note) {
  var error = el("span", { class: "cm-error", id: "cm-" + id + "-error" });
  input.id = "cm-" + id;
  input.setAttribute("aria-describedby", error.id);
  return {
    input: input,
    error: error,
    // The API names what is wrong ("is required"); say which field it is about.
    tell: function (message) {
      error.textContent = /^[a-z]/.test(message) ? label + " " + message : message;
      input.setAttribute("aria-invalid", "true");
    },
    row: el("div", { class: "cm-field" }, [
      el("label", { for: input.id }, [
        document.createTextNode(label),
        input.required ? el("span", { class: "cm-req", "aria-hidden": "true", text: " *" }) : null,
        note ? el("span", { class: "cm-note", text: " " + note }) : null
      ]),
      input,
      error
    ])
  };
}

function mount(container) {
  var host = container.shadowRoot || container.attachShadow({ mode: "open" });
  // Hidden until the stylesheet has loaded, so the form never shows unstyled
  // (and the honeypot never shows to people).
  var root = el("div", { class: "cm-root", hidden: true, lang: LANG });
  var link = el("link", { rel: "stylesheet", href: CSS });
  function show() { root.hidden = false; }
  link.addEventListener("load", show);
  link.addEventListener("error", show);
  host.textContent = "";
  host.appendChild(link);
  host.appendChild(root);

  var heading = el("h3", { class: "cm-heading", id: "cm-heading", text: "Comments" });
  var list = el("div", { class: "cm-list", "aria-busy": "true" }, [el("p", { class: "cm-empty", text: "Loading comments…" })]);

  var f = {
    author: field("author", "Name", el("input", { name: "author", required: true, maxlength: 80, autocomplete: "name" })),
    email: field("email", "Email", el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "email" }), "(not published)"),
    title: field("title", "Title", el("input", { name: "title", maxlength: 200 })),
    body: field("body", "Comment", el("textarea", { name: "body", required: true, rows: 6, maxlength: 10000 })),
    captcha_answer: field("captcha", "Type the characters in the image", el("input", {
      name: "captcha_answer", required: true, maxlength: 16, autocomplete: "off",
      autocapitalize: "characters", spellcheck: "false"
    }))
  };
  var image = el("img", { class: "cm-captcha-img", width: 240, height: 110,
    alt: "CAPTCHA: characters to type in the box below, to show you are a person. Activate for a new image." });
  var imageButton = el("button", { type: "button", class: "cm-captcha-btn", title: "Show a new image" }, [image]);
  var audio = el("a", { class: "cm-audio", href: "#", text: "Listen to the characters instead" });
  // Mail about this comment: offered only once an address is typed (the server asks it to confirm first).
  function box(name, text) {
    var input = el("input", { type: "checkbox", name: name, id: "cm-" + name });
    return { input: input, row: el("label", { class: "cm-opt", for: input.id }, [input, document.createTextNode(" " + text)]) };
  }
  var mailPublished = box("notify_published", "Email me when my comment is published");
  var mailPage = box("notify_page", "Email me about new comments on this page");
  var mailBoxes = el("div", { class: "cm-opts", hidden: true }, [mailPublished.row, mailPage.row]);
  function hasEmail() { return /\S/.test(f.email.input.value); }
  f.email.input.addEventListener("input", function () { mailBoxes.hidden = !hasEmail(); });
  var honeypot = el("input", { name: "website", id: "cm-website", tabindex: "-1", autocomplete: "off" });
  var status = el("p", { class: "cm-status", role: "status", "aria-live": "polite" });
  var submit = el("button", { type: "submit", class: "cm-submit", text: "Post comment" });
  var form = el("form", { class: "cm-form", novalidate: true, "aria-labelledby": "cm-form-heading" }, [
    el("h3", { class: "cm-heading", id: "cm-form-heading", text: "Write a comment" }),
    el("p", { class: "cm-note", text: "Required fields are marked with *" }),
    f.author.row, f.email.row, mailBoxes, f.title.row, f.body.row,
    el("div", { class: "cm-hp", "aria-hidden": "true" }, [
      el("label", { for: "cm-website", text: "Leave this empty" }), honeypot
    ]),
    el("div", { class: "cm-captcha" }, [imageButton, audio]),
    f.captcha_answer.row,
    el("div", { class: "cm-actions" }, [submit]),
    status
  ]);
  root.appendChild(el("section", { class: "cm-thread", "aria-labelledby": "cm-heading" }, [heading, list]));
  root.appendChild(form);

  var challenge = null, formToken = null, expiry = null, busy = false;
  // The puzzle is solved from the moment the person starts on the form, not on
  // every page view; a Post pressed before it is done waits for it.
  var touched = false, work = null, stopWork = null, sendWhenSolved = null;

  function startWork() {
    if (!touched || !challenge || !challenge.pow || (work && work.id === challenge.id)) return;
    if (stopWork) stopWork();
    var current = work = { id: challenge.id, puzzle: challenge.pow, solution: null };
    stopWork = solve(current.puzzle, function (n) {
      if (work !== current) return;
      current.solution = n < 0 ? {} : { number: n, max_number: current.puzzle.max_number, signature: current.puzzle.signature };
      if (sendWhenSolved) { var send = sendWhenSolved; sendWhenSolved = null; send(); }
    });
  }
  form.addEventListener("focusin", function () { touched = true; startWork(); });

  function say(text, kind) {
    status.textContent = text;
    status.className = "cm-status" + (kind ? " cm-" + kind : "");
  }

  function newChallenge() {
    clearTimeout(expiry);
    // The previous token carries the moment the form was first shown over to the new challenge.
    return request("POST", "/captcha", { site: SITE, form_token: formToken || undefined }).then(function (r) {
      if (r.status !== 201) throw r;
      challenge = r.data;
      formToken = r.data.form_token;
      image.srcset = r.data.image + "?scale=2 2x";
      image.src = r.data.image;
      image.setAttribute("data-challenge", r.data.id);
      audio.href = r.data.audio;
      f.captcha_answer.input.value = "";
      startWork();
      // An expired challenge would only be refused: swap it before that happens.
      expiry = setTimeout(newChallenge, Math.max(30, (r.data.expires_in || 600) - 15) * 1000);
    }).catch(function (r) {
      say(problem(r, "Could not load the CAPTCHA image."), "bad");
    });
  }

  function problem(r, what) {
    if (!r || !r.status) return what + " The comment service could not be reached; check your connection and try again. Nothing you typed is lost.";
    if (r.status === 429) {
      var wait = parseInt(r.retry, 10);
      return "Too many attempts. Please wait " + (wait > 0 ? wait + " seconds" : "a little") + " and try again; nothing you typed is lost.";
    }
    return (r.data && r.data.message) || what + " Please try again.";
  }

  function clearErrors() {
    for (var name in f) {
      f[name].error.textContent = "";
      f[name].input.removeAttribute("aria-invalid");
    }
  }

  function loadThread() {
    return request("GET", "/threads?" + query([["site", SITE], ["uri", pageUri()]])).then(function (r) {
      if (r.status !== 200) throw r;
      renderThread(list, heading, r.data);
    }).catch(function (r) {
      list.textContent = "";
      list.appendChild(el("p", { class: "cm-empty", text: problem(r, "The comments could not be loaded.") }));
    }).then(function () { list.removeAttribute("aria-busy"); });
  }

  imageButton.addEventListener("click", function () {
    newChallenge().then(function () { f.captcha_answer.input.focus(); });
  });
  audio.addEventListener("click", function (event) {
    event.preventDefault();
    if (!challenge) return;
    say("Playing the characters aloud…");
    var sound = new Audio(challenge.audio);
    sound.play().catch(function () { say("The audio could not be played; try a new image.", "bad"); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.disabled = true;
    clearErrors();
    touched = true;
    startWork();
    if (work && !work.solution) {
      say("Preparing…");
      sendWhenSolved = post;
    } else {
      post();
    }
  });

  function post() {
    say("Sending your comment…");
    var body = {
      site: SITE, uri: pageUri(), page_title: ds.title || document.title,
      author: f.author.input.value, email: f.email.input.value, title: f.title.input.value,
      body: f.body.input.value, captcha_id: challenge ? challenge.id : "",
      captcha_answer: f.captcha_answer.input.value, website: honeypot.value, form_token: formToken || "",
      pow: work && work.solution,
      notify_published: hasEmail() && mailPublished.input.checked, notify_page: hasEmail() && mailPage.input.checked
    };
    request("POST", "/comments", body).then(function (r) {
      if (r.status === 202) {
        form.reset();
        mailBoxes.hidden = true;
        formToken = null;
        touched = false;
        say("Thank you! Your comment awaits moderation and will appear once a moderator approves it.", "good");
        return newChallenge();
      }
      var d = r.data || {};
      if (d.error === "captcha_failed") {
        f.captcha_answer.tell("That did not match. Here is a new image.");
        say((d.message || "The CAPTCHA answer was not right.") + " Everything else you typed is kept.", "bad");
        return newChallenge().then(function () { f.captcha_answer.input.focus(); });
      }
      if (/^pow_/.test(d.error)) newChallenge();
      var first = null, other = [];
      for (var name in d.fields || {}) {
        if (f[name]) {
          f[name].tell(d.fields[name]);
          first = first || f[name].input;
        } else {
          other.push(d.fields[name]);
        }
      }
      say(problem(r, "Your comment was not sent.") + (other.length ? " " + other.join(" ") : ""), "bad");
      if (first) first.focus();
    }, function (r) {
      say(problem(r, "Your comment was not sent."), "bad");
    }).then(function () {
      busy = false;
      submit.disabled = false;
    });
  }

  loadThread();
  newChallenge();
}

function start() {
  var container = document.querySelector(ds.container || "#comments");
  if (!container) {
    container = document.createElement("div");
    script.parentNode.insertBefore(container, script.nextSibling);
  }
  mount(container);
  counts();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
})();
