(function () {
  "use strict";
  var box = document.getElementById("q");
  var flagged = document.getElementById("flagged");
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".row"));
  // Case, ё/е, quotation marks and dashes do not matter.
  function fold(s) {
    return s.toLowerCase()
      .replace(/ё/g, "е")
      .replace(/[\u2018\u2019\u02bc`]/g, "'")
      .replace(/[«»"\u201c\u201d\u201e\u201f\u2039\u203a]/g, " ")
      .replace(/[\u2010-\u2015\u2212-]/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  }
  var keys = rows.map(function (r) {
    var parts = r.querySelectorAll(".s, .t");
    var text = "";
    for (var i = 0; i < parts.length; i++) text += " " + parts[i].textContent;
    return " " + fold(text) + " ";
  });
  function apply(updateAddress) {
    var q = fold(box.value);
    var words = q ? q.split(" ") : [];
    var onlyFlagged = flagged.checked;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = !onlyFlagged || rows[i].getAttribute("data-flags") !== "";
      for (var k = 0; ok && k < words.length; k++) ok = keys[i].indexOf(words[k]) >= 0;
      rows[i].hidden = !ok;
      if (ok) shown++;
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
