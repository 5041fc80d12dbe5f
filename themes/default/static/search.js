// migplan site search: the search box in the masthead -> a list of links into
// this version's pages. No server: the index is `search-index.js` in the
// version folder (built by migplan, see src/render/html/search.rs), loaded as
// a script the first time the box is used, so search works from file:// and
// from any static host. Without JavaScript the box stays hidden and the site
// is complete without it. Results are built with textContent only: plan text
// never becomes markup.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var input = box.querySelector("input");
  var status = box.querySelector(".site-search-status");
  var list = box.querySelector(".site-search-results");
  var root = box.getAttribute("data-root") || "";
  var MAX = 30;
  var loading = false;
  var timer = null;
  box.hidden = false;

  function index() { return window.migplanSearch; }

  function load() {
    if (index() || loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = box.getAttribute("data-index");
    s.onload = function () { if (input.value.trim()) run(); };
    s.onerror = function () { say("The search index could not be loaded."); };
    document.head.appendChild(s);
  }

  function words(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
  }

  // First index of a term >= prefix (terms are sorted).
  function lowerBound(terms, prefix) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid][0] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // doc -> score for one query word (a prefix of index terms).
  function hits(idx, word) {
    var found = new Map();
    for (var i = lowerBound(idx.terms, word); i < idx.terms.length; i++) {
      var term = idx.terms[i][0];
      if (term.lastIndexOf(word, 0) !== 0) break;
      var exact = term === word ? 2 : 1;
      var posts = idx.terms[i][1];
      for (var k = 0; k < posts.length; k++) {
        var doc = posts[k] >> 1;
        var score = (posts[k] & 1 ? 10 : 1) * exact;
        if ((found.get(doc) || 0) < score) found.set(doc, score);
      }
    }
    return found;
  }

  function search(query) {
    var idx = index();
    var ws = words(query);
    if (!ws.length) return [];
    var total = null;
    ws.forEach(function (w) {
      var h = hits(idx, w);
      if (total === null) { total = h; return; }
      var next = new Map();
      total.forEach(function (score, doc) {
        if (h.has(doc)) next.set(doc, score + h.get(doc));
      });
      total = next;
    });
    var out = [];
    total.forEach(function (score, doc) { out.push([score, doc]); });
    // Best first; equal scores keep the site's order (pages, then content).
    out.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return out.map(function (r) { return idx.docs[r[1]]; });
  }

  // A short excerpt of `text` around the first query word found in it.
  function excerpt(text, ws) {
    if (!text) return "";
    var lower = text.toLowerCase(), at = -1;
    for (var i = 0; i < ws.length && at < 0; i++) at = lower.indexOf(ws[i]);
    var start = Math.max(0, at - 60);
    var cut = text.slice(start, start + 180);
    return (start > 0 ? "…" : "") + cut + (start + 180 < text.length ? "…" : "");
  }

  function say(text) { status.textContent = text; }

  function clear() {
    list.textContent = "";
    list.hidden = true;
  }

  function run() {
    var query = input.value.trim();
    clear();
    if (!query) { say(""); return; }
    if (!index()) { say("Loading the search index…"); load(); return; }
    var results = search(query);
    var ws = words(query);
    results.slice(0, MAX).forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + d[2];
      a.textContent = d[1];
      var kind = document.createElement("span");
      kind.className = "site-search-kind";
      kind.textContent = d[0] + (d[3] ? " · " + d[3] : "");
      li.appendChild(a);
      li.appendChild(kind);
      var text = excerpt(d[4], ws);
      if (text) {
        var p = document.createElement("span");
        p.className = "site-search-excerpt";
        p.textContent = text;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    var n = results.length;
    say(n === 0 ? "No results for “" + query + "”."
      : n > MAX ? n + " results for “" + query + "”, the first " + MAX + " shown."
      : n + (n === 1 ? " result" : " results") + " for “" + query + "”.");
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", function () {
    load();
    if (input.value.trim() && list.hidden) run();
  });
  // Following a result on the same page (an anchor) closes the list.
  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) setTimeout(clear, 0);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", function (e) {
    var ls = links();
    if (e.key === "ArrowDown" && ls.length) { e.preventDefault(); ls[0].focus(); }
    else if (e.key === "Enter" && ls.length) { e.preventDefault(); ls[0].click(); }
    else if (e.key === "Escape") { input.value = ""; clear(); say(""); }
  });
  list.addEventListener("keydown", function (e) {
    var ls = links(), i = ls.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && i < ls.length - 1) { e.preventDefault(); ls[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? ls[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); clear(); input.focus(); }
  });
  // "/" anywhere else puts the cursor in the search box.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
  });
  // A click outside closes the list; the query stays.
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) clear();
  });
})();
