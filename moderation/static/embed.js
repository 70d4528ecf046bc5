// The comment widget. A host page includes it with
//   <script src="SERVICE/embed.js" data-site="KEY" async></script>
// and it draws the approved comments and a form into #comments (or data-container).
// No framework and no build step; every node is built with createElement and
// textContent, and no string is ever evaluated, so a strict host CSP works. The
// proof of work runs in a worker (a blob: URL, which a host CSP may allow with
// "worker-src blob:") that loads pow.js; where the page forbids workers, pow.js
// runs on the page in short slices instead.
// Texts come from moderation/static/i18n/: English is built into this file as
// it is served (__STRINGS__), any other language is fetched when chosen.
(function () {
"use strict";
var script = document.currentScript || document.querySelector("script[data-site][src*='embed.js']");
if (!script) return;
var ds = script.dataset;
var BASE = script.src.replace(/\/embed\.js([?#].*)?$/, "");
var API = BASE + "/api/v1";
// The stylesheet's URL carries a content hash (filled in by the server), so it can be cached for good.
var CSS = BASE + "/embed.css?v=__CSS_VERSION__", POW = BASE + "/pow.js?v=__POW_VERSION__";
var SITE = ds.site || "";
var EN = __STRINGS__, S = EN, LANG = "en", LANGUAGES = __LANGUAGES__.split(" ");

// data-lang, else the reader's browser: the first of their languages we have
// (a region falls back to its language, "pt-BR" to "pt"); else English.
function chooseLanguage() {
  var wanted = [ds.lang].concat(navigator.languages || [navigator.language]);
  for (var i = 0; i < wanted.length; i++) {
    var code = (wanted[i] || "").toLowerCase();
    if (LANGUAGES.indexOf(code) >= 0) return code;
    if (LANGUAGES.indexOf(code = code.split("-")[0]) >= 0) return code;
  }
  return "en";
}

// "{field} is required", with {n} as a number in the reader's language; a
// {one, other, ...} entry picks its plural form by n.
function t(key, vars) {
  vars = vars || {};
  var s = S[key] || EN[key] || key;
  if (typeof s === "object") s = s[plurals.select(vars.n)] || s.other;
  return s.replace(/\{(\w+)\}/g, function (m, k) { return k === "n" ? num(vars.n) : vars[k]; });
}
var plurals = new Intl.PluralRules("en");
function num(n) { return n.toLocaleString(LANG); }

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
  (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
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

// Counts: every [data-comment-count] on the page (the first 50 pages), in one request.
function counts() {
  var nodes = [].slice.call(document.querySelectorAll("[data-comment-count]"));
  function uri(n) { return n.getAttribute("data-comment-count") || pageUri(); }
  if (!nodes.length) return;
  request("GET", "/counts?" + query([["site", SITE]].concat(nodes.slice(0, 50).map(function (n) { return ["uri", uri(n)]; })))).then(function (r) {
    nodes.forEach(function (n) {
      var count = (r.data.counts || {})[uri(n)];
      if (typeof count === "number") n.textContent = t("count", { n: count });
    });
  }).catch(function () {});
}

function formatDate(iso) {
  var when = new Date(iso);
  // Plain "en" reads day-month-year, as in "3 July 2008 at 10:58".
  return isNaN(when) ? iso : new Intl.DateTimeFormat(LANG === "en" ? "en-GB" : LANG, { dateStyle: "long", timeStyle: "short" }).format(when);
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

// Solve a puzzle off the page's thread if the page allows, else in slices on
// it; `done(n)` once. The solver (pow.js) is fetched only now, when a person
// starts on the form: readers who never comment never download it. A worker
// loads it with importScripts, the page with a script tag; a host CSP allows
// both with the service in script-src and "worker-src blob:".
// Returns a function that abandons the search.
function solve(puzzle, done) {
  var stopped = false, worker;
  function slices(from) {
    if (stopped) return;
    var to = Math.min(from + 20000, puzzle.max_number + 1), n = self.cmPowSolve(puzzle, from, to);
    if (n >= 0 || to > puzzle.max_number) done(n);
    else setTimeout(slices, 0, to);
  }
  function onPage() {
    if (self.cmPowSolve) return slices(0);
    var tag = el("script", { src: POW });
    tag.onload = function () { slices(0); };
    tag.onerror = function () { done(-1); };
    document.head.appendChild(tag);
  }
  try {
    var url = URL.createObjectURL(new Blob(["importScripts(" + JSON.stringify(POW) +
      ");onmessage=function(e){postMessage(cmPowSolve(e.data,0,e.data.max_number+1))}"], { type: "text/javascript" }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = function (e) { worker.terminate(); done(e.data); };
    worker.onerror = function (e) { e.preventDefault(); worker.terminate(); onPage(); };
    worker.postMessage(puzzle);
  } catch (e) {
    onPage();
  }
  return function () { stopped = true; if (worker) worker.terminate(); };
}

// An identicon: a mirrored 5x5 pattern and a hue, both from the author's
// avatar hash, drawn here (no outside service learns who reads what).
function identicon(hex) {
  var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
  var bits = parseInt(hex.slice(0, 8), 16), d = "";
  for (var i = 0; i < 15; i++) if (bits >> i & 1) {
    var x = i % 3, y = " " + (i / 3 | 0);
    d += "M" + x + y + "h1v1h-1zM" + (4 - x) + y + "h1v1h-1z";
  }
  [[svg, "viewBox", "-1 -1 7 7"], [svg, "class", "cm-avatar"], [svg, "aria-hidden", "true"], [path, "d", d || "M2 2h1v1h-1z"],
    [path, "fill", "hsl(" + parseInt(hex.slice(8, 11), 16) % 360 + ",60%,45%)"]].forEach(function (a) { a[0].setAttribute(a[1], a[2]); });
  svg.appendChild(path);
  return svg;
}

// A link to comment `n` of this page: the host page's own address, so it can be copied and shared.
function permalink(n, text, attrs) {
  attrs = attrs || {};
  attrs.href = location.href.split("#")[0] + "#comment-" + n;
  attrs.text = text;
  return el("a", attrs);
}

// One published comment. Its number is its permalink; the time beside it is
// when it was published, the moment the number was given, so numbers and
// times always read in the same order (when it was written is in the tooltip).
function renderComment(c, onReply) {
  var id = "comment-" + c.number;
  var reply = el("button", { type: "button", class: "cm-reply", "aria-describedby": id + "-n", text: t("reply") });
  reply.addEventListener("click", function () { onReply(c); });
  return el("article", { class: "cm-comment", id: id, tabindex: "-1", "aria-labelledby": id + "-n" }, [
    identicon(c.avatar || "0"),
    el("div", { class: "cm-main" }, [
      el("p", { class: "cm-meta" }, [
        permalink(c.number, t("reply_n", { number: c.number }), { class: "cm-num", id: id + "-n" }),
        " " + t("on") + " ",
        el("time", { datetime: c.published_at, title: t("written", { when: formatDate(c.created_at) }),
          text: formatDate(c.published_at || c.created_at) }),
        c.reply_to ? el("span", { class: "cm-to" }, [" · ", permalink(c.reply_to.number, t("reply_to", c.reply_to))]) : null
      ]),
      el("p", { class: "cm-author" }, [
        el("strong", { text: c.author }),
        el("span", { class: "cm-posts", text: t("posts", { n: c.posts }) })
      ]),
      c.title ? el("h4", { class: "cm-title", text: c.title }) : null,
      el("div", { class: "cm-body" }, [safeBody(c.html)]),
      reply
    ])
  ]);
}

function field(id, label, input, note) {
  var error = el("span", { class: "cm-error", id: "cm-" + id + "-error" });
  input.id = "cm-" + id;
  input.setAttribute("aria-describedby", error.id + (note ? " cm-" + id + "-note" : ""));
  return {
    input: input,
    error: error,
    // The API names what is wrong ("is required"); say which field it is about.
    tell: function (message) {
      error.textContent = message === "is required" ? t("is_required", { field: label }) :
        /^[a-z]/.test(message) ? label + " " + message : message;
      input.setAttribute("aria-invalid", "true");
    },
    row: el("div", { class: "cm-field" }, [
      el("label", { for: input.id }, [
        label,
        input.required ? el("span", { class: "cm-req", "aria-hidden": "true", text: " *" }) : null
      ]),
      note ? el("span", { class: "cm-note", id: "cm-" + id + "-note", text: note }) : null,
      input,
      error
    ])
  };
}

function mount(container) {
  var host = container.shadowRoot || container.attachShadow({ mode: "open" });
  // Hidden until the stylesheet has loaded, so the form never shows unstyled
  // (and the honeypot never shows to people).
  var root = el("div", { class: "cm-root", hidden: true, lang: LANG, dir: S.dir || "ltr" });
  // data-theme "light" or "dark" pins the palette; "auto" (the default) follows the reader's system.
  var theme = ds.theme || container.getAttribute("data-theme") || "auto", dark = matchMedia("(prefers-color-scheme: dark)");
  function paint() { root.setAttribute("data-theme", theme === "auto" ? (dark.matches ? "dark" : "light") : theme); }
  paint();
  if (dark.addEventListener) dark.addEventListener("change", paint);
  var link = el("link", { rel: "stylesheet", href: CSS });
  function show() { root.hidden = false; }
  link.addEventListener("load", show);
  link.addEventListener("error", show);
  host.textContent = "";
  host.appendChild(link);
  host.appendChild(root);

  var heading = el("h3", { class: "cm-heading", id: "cm-heading", text: t("comments") });
  var list = el("div", { class: "cm-list", "aria-busy": "true" }, [el("p", { class: "cm-empty", text: t("loading") })]);

  var f = {
    author: field("author", t("name"), el("input", { name: "author", required: true, maxlength: 80, autocomplete: "name" })),
    email: field("email", t("email"), el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "email" }), t("email_note")),
    title: field("title", t("title"), el("input", { name: "title", maxlength: 200 })),
    body: field("body", t("body"), el("textarea", { name: "body", required: true, rows: 6, maxlength: 10000 })),
    captcha_answer: field("captcha", t("captcha"), el("input", {
      name: "captcha_answer", required: true, maxlength: 16, autocomplete: "off",
      autocapitalize: "characters", spellcheck: "false"
    }), t("captcha_hint", { n: 5 }))
  };
  var hint = f.captcha_answer.row.querySelector(".cm-note");
  // Checkboxes: "remember me", and mail about this comment, offered only once
  // an address is typed (the server asks it to confirm first).
  function box(name, text) {
    var input = el("input", { type: "checkbox", name: name, id: "cm-" + name });
    return { input: input, row: el("label", { class: "cm-opt", for: input.id }, [input, text]) };
  }
  var remember = box("remember", t("remember")).input;
  var mailPublished = box("notify_published", t("notify_published")), mailPage = box("notify_page", t("notify_page"));
  var mailBoxes = el("div", { class: "cm-opts", hidden: true }, [mailPublished.row, mailPage.row]);
  function hasEmail() { return /\S/.test(f.email.input.value); }
  f.email.input.addEventListener("input", function () { mailBoxes.hidden = !hasEmail(); });
  // "Replying to #3 (Ann)", shown above the comment box while a reply is started.
  var replying = el("p", { class: "cm-replying", hidden: true }), replyTo = null;
  var image = el("img", { class: "cm-captcha-img", width: 240, height: 110, alt: t("captcha_alt") });
  var imageButton = el("button", { type: "button", class: "cm-captcha-btn", title: t("captcha_new") }, [image]);
  var listen = el("button", { type: "button", class: "cm-listen", text: t("listen") });
  var heard = el("span", { class: "cm-note cm-heard", "aria-live": "polite" });
  var honeypot = el("input", { name: "website", id: "cm-website", tabindex: "-1", autocomplete: "off" });
  var status = el("p", { class: "cm-status", role: "status", "aria-live": "polite" });
  var submit = el("button", { type: "submit", class: "cm-submit", text: t("post") });
  var form = el("form", { class: "cm-form", novalidate: true, "aria-labelledby": "cm-form-heading" }, [
    el("h3", { class: "cm-heading", id: "cm-form-heading", text: t("write") }),
    el("p", { class: "cm-note", text: t("required") }),
    f.author.row, f.email.row, mailBoxes, remember.parentNode,
    f.title.row, replying, f.body.row,
    el("div", { class: "cm-hp", "aria-hidden": "true" }, [
      el("label", { for: "cm-website", text: t("honeypot") }), honeypot
    ]),
    el("div", { class: "cm-captcha" }, [imageButton, el("div", { class: "cm-audio" }, [listen, heard])]),
    f.captcha_answer.row,
    el("div", { class: "cm-actions" }, [submit]),
    status
  ]);
  var mine = el("div", { class: "cm-mine" }), lo = null, hi = null, target = null;
  var earlier = el("button", { type: "button", class: "cm-more", hidden: true, text: t("earlier") });
  var later = el("button", { type: "button", class: "cm-more", hidden: true, text: t("more") });

  root.appendChild(el("section", { class: "cm-thread", "aria-labelledby": "cm-heading" }, [heading, earlier, list, later, mine]));
  root.appendChild(form);

  var challenge = null, formToken = null, expiry = null, busy = false, sound = null, broken = false;
  // The puzzle is solved from the moment the person starts on the form, not on
  // every page view; a Post pressed before it is done waits for it.
  var touched = false, work = null, stopWork = null, sendWhenSolved = null;

  // A set-up mistake (an origin or key the service does not know) replaces
  // the form: nobody should type a comment that can never be sent.
  function setupError(r) {
    var d = r && r.data || {};
    var text = d.error === "origin_not_allowed" ? t("setup_origin", { origin: location.origin }) :
      d.error === "unknown_site" ? t("setup_site", { key: SITE }) :
      r.status === 400 && d.fields && d.fields.site ? t("setup_nokey") : null;
    if (!text || broken) return !!text;
    broken = true;
    clearTimeout(expiry);
    if (stopWork) stopWork();
    root.textContent = "";
    root.appendChild(el("div", { class: "cm-setup", role: "alert" }, [
      el("h3", { class: "cm-heading", text: t("setup_heading") }), el("p", { text: text })
    ]));
    return true;
  }

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

  function stopSound() {
    if (sound) { sound.pause(); sound = null; }
    heard.textContent = "";
    listen.textContent = t("listen");
  }

  function newChallenge() {
    clearTimeout(expiry);
    // The previous token carries the moment the form was first shown over to the new challenge.
    return request("POST", "/captcha", { site: SITE, form_token: formToken || undefined }).then(function (r) {
      if (r.status !== 201) throw r;
      challenge = r.data;
      formToken = r.data.form_token;
      stopSound();
      image.srcset = r.data.image + "?scale=2 2x";
      image.src = r.data.image;
      image.setAttribute("data-challenge", r.data.id);
      hint.textContent = t("captcha_hint", { n: r.data.answer_length || 5 });
      f.captcha_answer.input.value = "";
      startWork();
      // An expired challenge would only be refused: swap it before that happens.
      expiry = setTimeout(newChallenge, Math.max(30, (r.data.expires_in || 600) - 15) * 1000);
    }).catch(function (r) {
      if (!setupError(r)) say(problem(r, "captcha_not_loaded"), "bad");
    });
  }

  function problem(r, what) {
    if (!r || !r.status) return t("unreachable");
    if (r.status === 429) {
      var wait = parseInt(r.retry, 10);
      return t("too_many", { wait: num(wait > 0 ? wait : 30) });
    }
    // The API's own words are English; other languages get ours.
    return LANG === "en" && r.data && r.data.message || t(what);
  }

  function clearErrors() {
    for (var name in f) {
      f[name].error.textContent = "";
      f[name].input.removeAttribute("aria-invalid");
    }
  }

  // This browser's own comments waiting for a moderator, kept in the host
  // page's localStorage until they are published or refused; only this
  // browser ever shows them, from what it kept (the API never sends them).
  var OWN = "cm-own:" + SITE, ME = "cm-me:" + SITE;
  function kept(key, value) {
    try {
      if (value === undefined) return JSON.parse(localStorage.getItem(key) || "null");
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage off (private mode): remembering is a nicety */ }
  }
  function owned() { return (kept(OWN) || []).filter(function (c) { return Date.now() - c.at < 2592e6; }); }
  function forget(id) { kept(OWN, owned().filter(function (c) { return c.id !== id; })); }

  function showOwn(c) {
    var node = el("article", { class: "cm-comment cm-own", id: "cm-own-" + c.id }, [
      el("span"),
      el("div", { class: "cm-main" }, [
        el("p", { class: "cm-meta" }, [
          el("time", { datetime: new Date(c.at).toISOString(), text: formatDate(c.at) }),
          el("span", { class: "cm-badge", text: t("awaiting") })
        ]),
        el("p", { class: "cm-author" }, [el("strong", { text: c.author })]),
        c.title ? el("h4", { class: "cm-title", text: c.title }) : null,
        el("div", { class: "cm-body" }, [el("p", { text: c.body })])
      ])
    ]);
    var empty = list.querySelector(".cm-empty");
    if (empty) empty.remove();
    mine.appendChild(node);
  }

  // Ask where each kept comment of this page stands; show those still waiting.
  function loadOwn() {
    owned().forEach(function (c) {
      if (c.uri !== pageUri()) return;
      request("GET", "/comments/" + c.id + "?" + query([["site", SITE], ["token", c.token]])).then(function (r) {
        if (r.status === 200 && r.data.status === "pending") showOwn(c);
        else if (r.status === 200 || r.status === 404) forget(c.id);
      }).catch(function () {});
    });
  }

  function startReply(c) {
    replyTo = c.number;
    var cancel = el("button", { type: "button", class: "cm-link", text: t("cancel_reply") });
    cancel.addEventListener("click", function () { stopReply(); f.body.input.focus(); });
    replying.textContent = "";
    replying.appendChild(permalink(c.number, t("reply_to", c)));
    replying.appendChild(cancel);
    replying.hidden = false;
    f.body.input.focus();
  }
  function stopReply() {
    replyTo = null;
    replying.hidden = true;
  }

  // A long thread comes a page at a time: "show more" below, "show earlier"
  // above when the reader arrived at a permalink further down.
  earlier.addEventListener("click", function () { loadPage([["before", lo]], -1); });
  later.addEventListener("click", function () { loadPage([["after", hi]], 1); });

  // where: 0 replaces the list, -1 puts the page above it, 1 below it.
  function loadPage(params, where) {
    list.setAttribute("aria-busy", "true");
    return request("GET", "/threads?" + query([["site", SITE], ["uri", pageUri()]].concat(params))).then(function (r) {
      if (r.status !== 200) throw r;
      var d = r.data, nodes = d.comments.map(function (c) { return renderComment(c, startReply); });
      heading.textContent = d.count ? t("comments_n", { n: d.count }) : t("comments");
      if (!where) {
        list.textContent = "";
        if (!d.count) list.appendChild(el("p", { class: "cm-empty", text: t("empty") }));
      }
      if (where <= 0) lo = d.before;
      if (where >= 0) hi = d.after;
      var first = list.firstChild;
      nodes.forEach(function (n) { list.insertBefore(n, where < 0 ? first : null); });
      earlier.hidden = lo === null;
      later.hidden = hi === null;
      if (where > 0 && nodes[0]) nodes[0].focus();
    }).catch(function (r) {
      if (setupError(r)) return;
      list.appendChild(el("p", { class: "cm-empty", text: problem(r, "not_loaded") }));
    }).then(function () { list.removeAttribute("aria-busy"); });
  }

  // #comment-N in the page's address: scroll to that comment and put the
  // focus on it, first loading the page it is on (with a few before it).
  function goTo(again) {
    var m = /^#comment-(\d+)$/.exec(location.hash), node = m && list.querySelector("#comment-" + m[1]);
    if (!m) return;
    if (!node) return again || loadPage(m[1] > 100 ? [["after", m[1] - 11]] : [], 0).then(function () { goTo(true); });
    if (target) target.classList.remove("cm-target");
    (target = node).classList.add("cm-target");
    node.scrollIntoView({ block: "start" });
    node.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", function () { goTo(); });

  function loadThread() {
    return /^#comment-\d+$/.test(location.hash) ? goTo() : loadPage([], 0);
  }

  imageButton.addEventListener("click", function () {
    newChallenge().then(function () { f.captcha_answer.input.focus(); });
  });
  // One sound per challenge, fetched once; "play again" starts it over.
  listen.addEventListener("click", function () {
    if (!challenge) return;
    if (!sound) {
      sound = new Audio(challenge.audio);
      var current = sound;
      sound.addEventListener("ended", function () {
        if (sound !== current) return;
        heard.textContent = t("played");
        listen.textContent = t("listen_again");
      });
    }
    var playing = sound;
    playing.currentTime = 0;
    heard.textContent = t("playing");
    playing.play().catch(function () {
      if (sound === playing) heard.textContent = t("audio_failed");
    });
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
      say(t("preparing"));
      sendWhenSolved = post;
    } else {
      post();
    }
  });

  function post() {
    say(t("sending"));
    var body = {
      site: SITE, uri: pageUri(), page_title: ds.title || document.title,
      author: f.author.input.value, email: f.email.input.value, title: f.title.input.value,
      body: f.body.input.value, captcha_id: challenge ? challenge.id : "",
      captcha_answer: f.captcha_answer.input.value, website: honeypot.value, form_token: formToken || "",
      pow: work && work.solution, reply_to: replyTo,
      notify_published: hasEmail() && mailPublished.input.checked, notify_page: hasEmail() && mailPage.input.checked
    };
    request("POST", "/comments", body).then(function (r) {
      if (r.status === 202) {
        var c = { id: r.data.id, token: r.data.token, uri: pageUri(), at: Date.now(), author: body.author,
          title: body.title, body: body.body };
        kept(OWN, owned().concat([c]));
        showOwn(c);
        kept(ME, remember.checked ? { author: body.author, email: body.email } : null);
        form.reset();
        fillMe();
        mailBoxes.hidden = !hasEmail();
        stopReply();
        formToken = null;
        touched = false;
        say(t("thanks"), "good");
        return newChallenge();
      }
      var d = r.data || {};
      if (setupError(r)) return;
      if (d.error === "captcha_failed") {
        f.captcha_answer.tell(t("captcha_wrong"));
        say(t("captcha_wrong_status"), "bad");
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
      say(problem(r, "not_sent") + (other.length ? " " + other.join(" ") : ""), "bad");
      if (first) first.focus();
    }, function (r) {
      say(problem(r, "not_sent"), "bad");
    }).then(function () {
      busy = false;
      submit.disabled = false;
    });
  }

  // "Remember me" is opt-in: name and email are kept only once it is ticked, and forgotten when it is not.
  function fillMe() {
    var me = kept(ME);
    remember.checked = !!me;
    if (me) { f.author.input.value = me.author || ""; f.email.input.value = me.email || ""; mailBoxes.hidden = !hasEmail(); }
  }
  remember.addEventListener("change", function () { if (!remember.checked) kept(ME, null); });
  fillMe();
  loadThread().then(loadOwn);
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

function ready() {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

// Any language but English is fetched first (English is built in, and stays the fallback).
var chosen = chooseLanguage();
if (chosen === "en") ready();
else fetch(BASE + "/i18n/" + chosen + ".json?v=__I18N_VERSION__").then(function (r) { return r.json(); }).then(function (strings) {
  S = strings;
  LANG = chosen;
  plurals = new Intl.PluralRules(LANG);
}).catch(function () {}).then(ready);
})();
