(function () {
  "use strict";
  var box = document.getElementById("q");
  var flagged = document.getElementById("flagged");
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var rowsBox = document.getElementById("rows");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".row"));
  // Ranked search, as `bitext find` ranks passages: the query's words are
  // read as the rows' words are (every word of a row is a span with the
  // id of its stem), windows of up to k + 1 consecutive rows (k: the
  // query's sentences) of one edition score the share of the query's
  // words they hold, each weighted by its rarity in that edition, with a
  // fifth of the score for the words' order and a small cost per row.
  var THRESHOLD = 0.45, ORDER_WEIGHT = 0.2, ROW_COST = 0.02, EXTRA_ROW_COST = 0.05, MAX_ROWS = 8;
  var data = JSON.parse(document.getElementById("words").textContent);
  var keyIds = {};
  for (var i = 0; i < data.keys.length; i++) keyIds[data.keys[i]] = i;
  // the words that translate a key: the alignment's lexicon, names alike
  var related = {};
  function relate(a, b) {
    (related[a] = related[a] || {})[b] = true;
    (related[b] = related[b] || {})[a] = true;
  }
  data.pairs.forEach(function (p) { relate(p[0], p[1]); });
  data.names.forEach(function (g) { g.forEach(function (a) { g.forEach(function (b) { if (a !== b) relate(a, b); }); }); });
  // each row's two sides: their word spans and key ids; an index per side
  var sides = rows.map(function (r) {
    return [".s", ".t"].map(function (sel) {
      var el = r.querySelector(sel);
      var spans = el ? Array.prototype.slice.call(el.querySelectorAll("span[data-k]")) : [];
      return { spans: spans, keys: spans.map(function (w) { return Number(w.getAttribute("data-k")); }) };
    });
  });
  var index = [{}, {}], withWords = [0, 0];
  sides.forEach(function (row, r) {
    row.forEach(function (side, e) {
      if (side.keys.length) withWords[e]++;
      side.keys.forEach(function (k) {
        var list = index[e][k] || (index[e][k] = []);
        if (list[list.length - 1] !== r) list.push(r);
      });
    });
  });
  function idf(e, k) {
    var df = k >= 0 && index[e][k] ? index[e][k].length : 0;
    return Math.log(1 + withWords[e] / (df + 0.5));
  }
  // A number's value: digit groups of three joined, a lone comma a point.
  function number(t) {
    var groups = t.split(/[\s.,]/);
    if (groups.length > 1 && groups.slice(1).every(function (g) { return g.length === 3; })) return groups.join("");
    if (groups.length === 2) return groups[0] + "." + groups[1];
    return groups.join("");
  }
  // The query's distinct keys, in order: {id (-1: no word of the page), word}.
  function queryKeys(q) {
    var out = [], seen = {};
    var re = /\d+(?:[ \u00a0\u202f\u2009.,]\d+)*|[\p{L}\p{M}\p{N}'\u2019]+/gu, m;
    while ((m = re.exec(q))) {
      var w = m[0].toLowerCase().replace(/ё/g, "е").replace(/\u2019/g, "'");
      var id = -1;
      if (/^\d/.test(w) && /^[\d\s.,\u00a0\u202f\u2009]+$/.test(w)) {
        w = number(w);
        if (w in keyIds) id = keyIds[w];
      } else if (!/\p{L}/u.test(w)) {
        continue;
      } else if (Object.prototype.hasOwnProperty.call(data.forms, w)) {
        id = data.forms[w];
      } else {
        // a form the page does not have: the longest stem it begins with
        for (var n = w.length - 1; n >= 4 && id < 0; n--) if (w.slice(0, n) in keyIds) id = keyIds[w.slice(0, n)];
      }
      var name = id >= 0 ? "#" + id : w;
      if (!seen[name]) { seen[name] = true; out.push({ id: id, word: m[0] }); }
    }
    return out;
  }
  function lis(xs) {
    var tails = [];
    xs.forEach(function (x) {
      var lo = 0, hi = tails.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (tails[mid] < x) lo = mid + 1; else hi = mid; }
      tails[lo] = x;
    });
    return tails.length;
  }
  // The score of rows a..b (inclusive) of edition e, and the keys held.
  function score(qk, e, a, b, k) {
    var first = qk.map(function () { return -1; }), pos = 0;
    for (var r = a; r <= b; r++) {
      var keys = sides[r][e].keys;
      for (var j = 0; j < keys.length; j++, pos++) {
        for (var q = 0; q < qk.length; q++) if (qk[q].id === keys[j] && first[q] < 0) first[q] = pos;
      }
    }
    var total = 0, held = 0, at = [];
    qk.forEach(function (x, q) {
      var w = idf(e, x.id);
      total += w;
      if (first[q] >= 0) { held += w; at.push(first[q]); }
    });
    var order = at.length <= 1 ? 1 : lis(at) / at.length;
    var n = b - a + 1;
    var s = total > 0 ? held / total * (1 - ORDER_WEIGHT * (1 - order)) : 0;
    return { score: Math.max(0, s - ROW_COST * (n - 1) - EXTRA_ROW_COST * Math.max(0, n - k)), first: first };
  }
  // The passages of both editions, best first, none overlapping a better one.
  function rank(q) {
    var qk = queryKeys(q);
    if (!qk.some(function (x) { return x.id >= 0; })) return { qk: qk, passages: [] };
    var k = Math.max(1, q.split(/[.!?\u2026]+(?:\s|$)/).filter(function (p) { return /\S/.test(p); }).length);
    var longest = Math.min(k + 1, MAX_ROWS), found = [];
    for (var e = 0; e < 2; e++) {
      var holds = function (r) { return sides[r][e].keys.some(function (x) { return qk.some(function (y) { return y.id === x; }); }); };
      var seeds = {};
      qk.forEach(function (x) { (index[e][x.id] || []).forEach(function (r) { seeds[r] = true; }); });
      var tried = {};
      Object.keys(seeds).forEach(function (key) {
        var c = Number(key);
        for (var a = Math.max(0, c - longest + 1); a <= c; a++) {
          for (var b = c; b < Math.min(rows.length, a + longest); b++) {
            if (tried[a + ":" + b] || !holds(a) || !holds(b)) continue;
            tried[a + ":" + b] = true;
            var s = score(qk, e, a, b, k);
            if (s.score > 0) found.push({ e: e, a: a, b: b, score: s.score, first: s.first });
          }
        }
      });
    }
    found.sort(function (x, y) { return y.score - x.score || (x.b - x.a) - (y.b - y.a) || x.a - y.a || x.e - y.e; });
    var kept = [];
    for (var f = 0; f < found.length; f++) {
      var p = found[f];
      if (kept.some(function (o) { return o.a <= p.b && p.a <= o.b; })) continue;
      if (p.score < THRESHOLD) { if (!kept.length) { p.closest = true; kept.push(p); } break; }
      kept.push(p);
    }
    return { qk: qk, passages: kept };
  }
  var marked = [], notes = [];
  function clear() {
    marked.forEach(function (w) { w.classList.remove("hit", "tr"); });
    notes.forEach(function (n) { n.remove(); });
    marked = [];
    notes = [];
    rows.forEach(function (r) { r.style.order = ""; });
  }
  // Marks the query's words in the passage and, on the other side, the
  // words that translate them (the lexicon, a name, a number, the same word).
  function highlight(p, qk) {
    var ids = {}, held = {};
    qk.forEach(function (x, q) { if (x.id >= 0) { ids[x.id] = true; if (p.first[q] >= 0) held[x.id] = true; } });
    for (var r = p.a; r <= p.b; r++) {
      sides[r][p.e].spans.forEach(function (w, j) {
        if (ids[sides[r][p.e].keys[j]]) { w.classList.add("hit"); marked.push(w); }
      });
      sides[r][1 - p.e].spans.forEach(function (w, j) {
        var key = sides[r][1 - p.e].keys[j];
        var tr = held[key] || Object.keys(held).some(function (h) { return related[h] && related[h][key]; });
        if (tr) { w.classList.add("tr"); marked.push(w); }
      });
    }
  }
  function note(p, qk, rank) {
    var found = [], missing = [];
    qk.forEach(function (x, q) { (p.first[q] >= 0 ? found : missing).push(x.word); });
    var n = document.createElement("div");
    n.className = "why";
    n.textContent = (p.closest ? "closest passage (no match scores " + THRESHOLD + " or more): " : rank + ". ") +
      "score " + p.score.toFixed(2) + " · " + found.length + " of " + qk.length + " words" +
      (missing.length ? "; missing: " + missing.join(", ") : "");
    rows[p.a].insertBefore(n, rows[p.a].firstChild);
    notes.push(n);
  }
  function apply(updateAddress) {
    clear();
    var onlyFlagged = flagged.checked;
    var q = box.value.trim();
    var show = rows.map(function (r) { return !onlyFlagged || r.getAttribute("data-flags") !== ""; });
    rowsBox.classList.toggle("ranked", !!q);
    if (q) {
      var ranked = rank(q), order = [];
      ranked.passages.forEach(function (p, n) {
        highlight(p, ranked.qk);
        note(p, ranked.qk, n + 1);
        for (var r = p.a; r <= p.b; r++) order[r] = n * MAX_ROWS + (r - p.a) + 1;
      });
      show = show.map(function (ok, r) { return ok && order[r] !== undefined; });
      rows.forEach(function (row, r) { if (order[r] !== undefined) row.style.order = String(order[r]); });
    }
    var shown = 0;
    for (var r = 0; r < rows.length; r++) {
      rows[r].hidden = !show[r];
      if (show[r]) shown++;
    }
    count.textContent = (shown === rows.length ? rows.length : shown + " of " + rows.length) + " rows";
    none.hidden = shown > 0;
    if (updateAddress && window.history && history.replaceState) {
      var url = location.pathname + location.search + (box.value ? "#q=" + encodeURIComponent(box.value) : "");
      history.replaceState(null, "", url);
    }
  }
  function fromAddress() {
    var m = /^#q=(.*)$/.exec(location.hash) || /[?&]q=([^&]*)/.exec(location.search);
    if (m) {
      try { box.value = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { box.value = m[1]; }
    }
    apply(false);
  }
  // The picture of the alignment: a finding, or any place of it, leads
  // to its rows (shown again when a search hid them).
  function show(bead) {
    var row = document.getElementById("b" + bead);
    if (!row) return;
    if (row.hidden) {
      box.value = "";
      flagged.checked = false;
      apply(true);
    }
    location.hash = "b" + bead;
    row.scrollIntoView({ block: "center" });
  }
  var plot = document.querySelector("svg.bitext-plot");
  if (plot) {
    var firsts = (plot.getAttribute("data-beads") || "").split(" ").filter(Boolean).map(Number);
    var x0 = Number(plot.getAttribute("data-x0"));
    var width = Number(plot.getAttribute("data-width"));
    plot.addEventListener("click", function (ev) {
      var link = ev.target.closest ? ev.target.closest("a") : null;
      if (link) {
        ev.preventDefault();
        show((link.getAttribute("href") || "").split("#b")[1]);
        return;
      }
      var ctm = plot.getScreenCTM();
      if (!ctm || !firsts.length) return;
      var pt = plot.createSVGPoint();
      pt.x = ev.clientX;
      pt.y = ev.clientY;
      var x = pt.matrixTransform(ctm.inverse()).x;
      var k = Math.floor((x - x0) / width * firsts.length);
      if (k >= 0 && k < firsts.length) show(firsts[k]);
    });
  }
  box.addEventListener("input", function () { apply(true); });
  flagged.addEventListener("change", function () { apply(false); });
  window.addEventListener("hashchange", function () { if (/^#q=/.test(location.hash)) fromAddress(); });
  fromAddress();
})();
