/* sitegen search: offline, over search.json (made by sitegen/search.py), fetched on first use.
   Chinese in either script (position by position, a query character matches the Simplified or the
   Traditional form) and pinyin with or without tones, matched syllable by syllable. No dependencies. */
(function () {
  "use strict";
  var root = document.documentElement;
  var form = document.querySelector("form.search");
  if (!form || !window.fetch || !Array.from) return;
  var input = form.querySelector("input[type=search]");
  var base = form.getAttribute("data-base") || "/";
  var pageArea = document.querySelector("[data-search-page]");
  var PANEL_LIMIT = 8, PAGE_LIMIT = 200;
  var loading = null, blocks = null, current = "", panel = null, status = null, timer = null, dismissed = false;

  function say(name, values) {
    var text = form.getAttribute("data-" + name) || "";
    for (var key in values) text = text.split("{" + key + "}").join(values[key]);
    return text;
  }

  // ---- the index: each block with both scripts and toneless readings restored
  function expand(index) {
    var hant = {}, reading = {}, out = [], i;
    var pairs = Array.from(index.hant);
    for (i = 0; i + 1 < pairs.length; i += 2) hant[pairs[i]] = pairs[i + 1];
    for (var syllable in index.py) {
      var chars = Array.from(index.py[syllable]);
      for (i = 0; i < chars.length; i++) reading[chars[i]] = syllable;
    }
    index.a.forEach(function (article) {
      var title = null;
      article.b.forEach(function (row) {
        var hans = Array.from(row[1]);
        var block = { url: base + article.u, source: article.s, anchor: row[0], hans: hans, hant: [], py: [] };
        for (var j = 0; j < hans.length; j++) {
          block.hant.push(hant[hans[j]] || hans[j]);
          block.py.push(reading[hans[j]] || null);
        }
        var ex = row[2] || [];
        for (j = 0; j + 1 < ex.length; j += 2) block.hant[ex[j]] = ex[j + 1];
        ex = row[3] || [];
        for (j = 0; j + 1 < ex.length; j += 2) block.py[ex[j]] = ex[j + 1] || null;
        if (title === null) title = block;
        block.title = title;
        out.push(block);
      });
    });
    return out;
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("search index: HTTP " + response.status);
          return response.json();
        })
        .then(function (index) { blocks = expand(index); return blocks; });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // ---- queries
  // Pinyin: letters plus where a syllable must end (spaces, apostrophes, tone numbers); null if not pinyin.
  function pinyinQuery(query) {
    var q = query.trim().toLowerCase().normalize("NFD").replace(/u\u0308/g, "v").replace(/u:/g, "v");
    if (!/^[a-z'\u2019\-\s0-9\u0300-\u036f]*$/.test(q) || !/[a-z]/.test(q)) return null;
    var letters = "", ends = [];
    for (var i = 0; i < q.length; i++) {
      var c = q.charAt(i);
      if (c >= "a" && c <= "z") letters += c;
      else if (!/[\u0300-\u036f]/.test(c) && letters && ends.indexOf(letters.length) < 0) ends.push(letters.length);
    }
    return { letters: letters, ends: ends };
  }

  function matchChars(block, chars, start) {
    if (start + chars.length > block.hans.length) return -1;
    for (var j = 0; j < chars.length; j++) {
      var q = chars[j], s = block.hans[start + j];
      if (q !== s && q !== block.hant[start + j] && q.toLowerCase() !== s.toLowerCase()) return -1;
    }
    return start + chars.length;
  }

  function sameLetters(query, text) {
    if (query.length !== text.length) return false;
    for (var i = 0; i < query.length; i++) {
      var q = query.charAt(i), t = text.charAt(i);
      if (q !== t && !(q === "u" && t === "v")) return false;
    }
    return true;
  }

  function matchPinyin(block, pinyin, start) {
    var letters = pinyin.letters, pos = 0, i = start;
    while (pos < letters.length) {
      var syllable = i < block.py.length ? block.py[i] : null;
      if (!syllable) return -1;
      var rest = letters.slice(pos, pos + syllable.length);
      if (!sameLetters(rest, syllable.slice(0, rest.length))) return -1;
      if (rest.length < syllable.length && pos + rest.length !== letters.length) return -1;
      for (var e = 0; e < pinyin.ends.length; e++) {
        if (pinyin.ends[e] > pos && pinyin.ends[e] < pos + rest.length) return -1;
      }
      pos += rest.length;
      i++;
    }
    return i;
  }

  // The first match in each block that matches: [{block, start, end}].
  function find(query) {
    var chars = Array.from(query.replace(/\s+/g, ""));
    if (!chars.length) return [];
    var pinyin = pinyinQuery(query);
    if (pinyin && !pinyin.letters) pinyin = null;
    var hits = [];
    for (var b = 0; b < blocks.length; b++) {
      var block = blocks[b];
      for (var start = 0; start < block.hans.length; start++) {
        var end = matchChars(block, chars, start);
        if (end < 0 && pinyin) end = matchPinyin(block, pinyin, start);
        if (end >= 0) { hits.push({ block: block, start: start, end: end }); break; }
      }
    }
    return hits;
  }

  // ---- results, in the script the reader has chosen
  function shownScript(block) {
    var script = root.getAttribute("data-script");
    return script === "hans" || script === "hant" ? script : block.source;
  }

  function zh(tag, script, className) {
    var el = document.createElement(tag);
    el.className = className;
    el.setAttribute("lang", script === "hans" ? "zh-Hans" : "zh-Hant");
    return el;
  }

  function snippet(hit, script) {
    var chars = hit.block[script], before = 16, after = 40;
    var from = Math.max(0, hit.start - before), to = Math.min(chars.length, hit.end + after);
    var el = zh("span", script, "search-snippet");
    var mark = document.createElement("mark");
    mark.textContent = chars.slice(hit.start, hit.end).join("");
    el.appendChild(document.createTextNode((from > 0 ? "…" : "") + chars.slice(from, hit.start).join("")));
    el.appendChild(mark);
    el.appendChild(document.createTextNode(chars.slice(hit.end, to).join("") + (to < chars.length ? "…" : "")));
    return el;
  }

  function resultItem(hit) {
    var block = hit.block, script = shownScript(block);
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = block.url + (block.anchor ? "#" + block.anchor : "");
    if (block.anchor) {
      var title = zh("span", script, "search-title");
      title.textContent = block.title[script].join("");
      link.appendChild(title);
    }
    link.appendChild(snippet(hit, script));
    li.appendChild(link);
    return li;
  }

  function countText(n) {
    return n === 0 ? say("none", { q: current }) : n === 1 ? say("one", { n: n }) : say("many", { n: n });
  }

  function render(hits, area, limit) {
    var list = area.querySelector(".search-results"), count = area.querySelector(".search-count");
    list.innerHTML = "";
    for (var i = 0; i < hits.length && i < limit; i++) list.appendChild(resultItem(hits[i]));
    count.textContent = countText(hits.length);
    var more = area.querySelector(".search-more");
    if (more) {
      more.hidden = hits.length <= limit;
      more.href = base + "search/?q=" + encodeURIComponent(current);
      more.textContent = say("all", { n: hits.length });
    }
    status.textContent = count.textContent;
    area.setAttribute("data-query", current);
  }

  function makePanel() {
    panel = document.createElement("div");
    panel.className = "search-panel";
    panel.hidden = true;
    var count = document.createElement("p");
    count.className = "search-count";
    count.setAttribute("aria-hidden", "true");  // the live region says it
    var list = document.createElement("ol");
    list.className = "search-results";
    var more = document.createElement("a");
    more.className = "search-more";
    more.hidden = true;
    panel.appendChild(count);
    panel.appendChild(list);
    panel.appendChild(more);
    form.parentNode.insertBefore(panel, form.nextSibling);
  }

  function run() {
    var query = input.value.trim();
    current = query;
    var area = pageArea || panel;
    if (!query) {
      status.textContent = "";
      if (pageArea) {
        pageArea.querySelector(".search-results").innerHTML = "";
        pageArea.querySelector(".search-count").textContent = "";
      } else {
        panel.hidden = true;
      }
      return;
    }
    if (!blocks) status.textContent = say("loading", {});
    load().then(function () {
      if (query !== current) return;  // typed on meanwhile
      render(find(query), area, pageArea ? PAGE_LIMIT : PANEL_LIMIT);
      if (!pageArea && !dismissed) panel.hidden = false;
    }, function () {
      status.textContent = say("failed", {});
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  }

  function links() { return Array.prototype.slice.call((pageArea || panel).querySelectorAll(".search-results a, .search-more:not([hidden])")); }

  function onKey(event) {
    if (event.key === "Escape" && panel && !panel.hidden) {
      panel.hidden = true;
      dismissed = true;  // until the query changes: focusing the box again does not reopen it
      input.focus();
      event.preventDefault();
      return;
    }
    if (pageArea || !panel || panel.hidden || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    var items = links(), at = items.indexOf(document.activeElement);
    if (!items.length) return;
    event.preventDefault();
    if (event.key === "ArrowDown") items[Math.min(at + 1, items.length - 1)].focus();
    else if (at <= 0) input.focus();
    else items[at - 1].focus();
  }

  function init() {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(status);
    if (pageArea) {
      var query = new URLSearchParams(window.location.search).get("q") || "";
      input.value = query;
      pageArea.hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        window.history.replaceState(null, "", base + "search/?q=" + encodeURIComponent(input.value.trim()));
        run();
      });
      if (query) run(); else load();
    } else {
      makePanel();
      panel.addEventListener("keydown", onKey);
      document.addEventListener("pointerdown", function (event) {
        if (!panel.hidden && !panel.contains(event.target) && !form.contains(event.target)) panel.hidden = true;
      });
      input.addEventListener("focus", function () { load().catch(function () {}); if (input.value.trim() && current && !dismissed) panel.hidden = false; });
    }
    input.addEventListener("input", function () { dismissed = false; later(); });
    input.addEventListener("keydown", onKey);
    // Results follow the reader's script switch.
    new MutationObserver(function () {
      if (blocks && current) render(find(current), pageArea || panel, pageArea ? PAGE_LIMIT : PANEL_LIMIT);
    })
      .observe(root, { attributes: true, attributeFilter: ["data-script"] });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
