/* sitegen reader: script, pinyin, pinyin style, tone colours and text size (remembered), clean copy,
   glossary popups. No dependencies. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEYS = { script: "sitegen.script", pinyin: "sitegen.pinyin", style: "sitegen.style",
    tones: "sitegen.tones", size: "sitegen.size" };
  var SIZES = ["s", "m", "l", "xl", "xxl"];

  function load(key) { try { return window.localStorage.getItem(KEYS[key]); } catch (e) { return null; } }
  function save(key, value) { try { window.localStorage.setItem(KEYS[key], value); } catch (e) { /* private mode */ } }

  function initialScript() {
    var chosen = load("script");
    if (chosen === "hans" || chosen === "hant") return chosen;
    var preset = root.getAttribute("data-default-script");
    if (preset === "hans" || preset === "hant") return preset;
    return root.getAttribute("data-source") || "";
  }

  // Set before the body is parsed, so the page never flashes the other script.
  var script = initialScript();
  if (script) root.setAttribute("data-script", script);
  root.setAttribute("data-pinyin", load("pinyin") || root.getAttribute("data-default-pinyin") || "on");
  var style = load("style") || root.getAttribute("data-default-style") || "marks";
  root.setAttribute("data-tones", load("tones") === "on" ? "on" : "off");
  var size = SIZES.indexOf(load("size")) < 0 ? "m" : load("size");
  root.setAttribute("data-size", size);

  // ---- pinyin styles, from the tone-marked syllable the page carries
  var TONE_OF_MARK = { "\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4 };
  var INITIALS = { b: "ㄅ", p: "ㄆ", m: "ㄇ", f: "ㄈ", d: "ㄉ", t: "ㄊ", n: "ㄋ", l: "ㄌ", g: "ㄍ", k: "ㄎ", h: "ㄏ",
    j: "ㄐ", q: "ㄑ", x: "ㄒ", zh: "ㄓ", ch: "ㄔ", sh: "ㄕ", r: "ㄖ", z: "ㄗ", c: "ㄘ", s: "ㄙ" };
  var FINALS = { "": "", a: "ㄚ", o: "ㄛ", e: "ㄜ", "ê": "ㄝ", ai: "ㄞ", ei: "ㄟ", ao: "ㄠ", ou: "ㄡ", an: "ㄢ", en: "ㄣ",
    ang: "ㄤ", eng: "ㄥ", er: "ㄦ", ong: "ㄨㄥ", i: "ㄧ", ia: "ㄧㄚ", io: "ㄧㄛ", ie: "ㄧㄝ", iai: "ㄧㄞ", iao: "ㄧㄠ",
    iu: "ㄧㄡ", iou: "ㄧㄡ", ian: "ㄧㄢ", "in": "ㄧㄣ", iang: "ㄧㄤ", ing: "ㄧㄥ", iong: "ㄩㄥ", u: "ㄨ", ua: "ㄨㄚ",
    uo: "ㄨㄛ", uai: "ㄨㄞ", ui: "ㄨㄟ", uei: "ㄨㄟ", uan: "ㄨㄢ", un: "ㄨㄣ", uen: "ㄨㄣ", uang: "ㄨㄤ", ueng: "ㄨㄥ", uong: "ㄨㄥ",
    "ü": "ㄩ", "üe": "ㄩㄝ", "üan": "ㄩㄢ", "ün": "ㄩㄣ", n: "ㄣ", ng: "ㄫ", m: "ㄇ" };
  var TONE_MARKS = ["", "", "ˊ", "ˇ", "ˋ", ""];

  // "lǜ" → ["lü", 4]: decomposed, the tone is a combining mark (also on m̀, ê̄, ń).
  function split(syllable) {
    var letters = syllable.normalize("NFD"), base = "", tone = 5;
    for (var i = 0; i < letters.length; i++) {
      var c = letters.charAt(i);
      if (TONE_OF_MARK[c]) tone = TONE_OF_MARK[c]; else base += c;
    }
    return [base.normalize("NFC"), tone];
  }

  function zhuyin(base, tone) {
    var initial = "", rest = base;
    if (/^[zcs]h/.test(rest)) { initial = rest.slice(0, 2); rest = rest.slice(2); }
    else if (/^[bpmfdtnlgkhjqxrzcs]/.test(rest) && rest !== "m" && rest !== "n" && rest !== "ng") { initial = rest.charAt(0); rest = rest.slice(1); }
    else if (rest.charAt(0) === "y") {
      rest = rest.slice(0, 2) === "yu" ? "ü" + rest.slice(2) : rest.slice(0, 2) === "yi" ? "i" + rest.slice(2) : "i" + rest.slice(1);
    } else if (rest.charAt(0) === "w") {
      rest = rest === "wu" ? "u" : "u" + rest.slice(1);
    }
    if (/^(zh|ch|sh|r|z|c|s)$/.test(initial) && rest === "i") rest = "";
    if (/^[jqx]$/.test(initial) && rest.charAt(0) === "u") rest = "ü" + rest.slice(1);
    if (rest === "v" || rest.charAt(0) === "v") rest = "ü" + rest.slice(1);
    var final = FINALS[rest];
    if (final === undefined) return null;
    var text = (INITIALS[initial] || "") + final;
    return tone === 5 ? "˙" + text : text + TONE_MARKS[tone];
  }

  function formatted(syllable, name) {
    if (name === "marks") return syllable;
    var parts = split(syllable);
    if (name === "numbers") return parts[0] + parts[1];
    return zhuyin(parts[0], parts[1]) || syllable;
  }

  function applyStyle(name, scope) {
    root.setAttribute("data-style", name);
    var rts = (scope || document).querySelectorAll("rt");
    for (var i = 0; i < rts.length; i++) {
      var rt = rts[i];
      if (!rt.hasAttribute("data-p")) rt.setAttribute("data-p", rt.textContent);
      rt.textContent = formatted(rt.getAttribute("data-p"), name);
      rt.setAttribute("lang", name === "zhuyin" ? "zh-Bopo" : "zh-Latn-pinyin");
    }
  }

  function setScript(value) {
    root.setAttribute("data-script", value);
    var texts = document.querySelectorAll(".zh");
    for (var i = 0; i < texts.length; i++) texts[i].setAttribute("lang", value === "hans" ? "zh-Hans" : "zh-Hant");
    var buttons = document.querySelectorAll("[data-set-script]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].setAttribute("aria-pressed", String(buttons[j].getAttribute("data-set-script") === value));
    }
  }

  // Tone colours: each ruby learns its tone from its tone-marked syllable, once, only when asked for.
  var toned = false;
  function markTones() {
    if (toned) return;
    toned = true;
    var rts = document.getElementsByTagName("rt");
    for (var i = 0; i < rts.length; i++) {
      var rt = rts[i];
      rt.parentNode.setAttribute("data-tone", split(rt.getAttribute("data-p") || rt.textContent)[1]);
    }
  }

  function setTones(on) {
    if (on) markTones();
    root.setAttribute("data-tones", on ? "on" : "off");
    var toggle = document.querySelector("[data-toggle-tones]");
    if (toggle) toggle.setAttribute("aria-pressed", String(on));
  }

  function setSize(value) {
    size = value;
    root.setAttribute("data-size", value);
    var at = SIZES.indexOf(value), buttons = document.querySelectorAll("[data-size-step]");
    for (var i = 0; i < buttons.length; i++) {
      var step = +buttons[i].getAttribute("data-size-step");
      buttons[i].setAttribute("aria-disabled", String(at + step < 0 || at + step >= SIZES.length));
    }
  }

  function setPinyin(on) {
    root.setAttribute("data-pinyin", on ? "on" : "off");
    var toggle = document.querySelector("[data-toggle-pinyin]");
    if (toggle) toggle.setAttribute("aria-pressed", String(on));
  }

  // The characters of a fragment in the script shown: no pinyin, no hidden forms.
  function plainText(fragment) {
    var box = document.createElement("div");
    box.appendChild(fragment);
    var shown = root.getAttribute("data-script") || root.getAttribute("data-source");
    var hidden = box.querySelectorAll("rt, rp, " + (shown === "hans" ? ".hant" : shown === "hant" ? ".hans" : ".alt"));
    for (var j = 0; j < hidden.length; j++) hidden[j].parentNode.removeChild(hidden[j]);
    return box.textContent;
  }

  // Copying gives the characters only, in the script shown.
  function onCopy(event) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || !event.clipboardData) return;
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < selection.rangeCount; i++) fragment.appendChild(selection.getRangeAt(i).cloneContents());
    if (!fragment.querySelector || !fragment.querySelector("ruby, rt, .alt, .hans, .hant")) return;
    event.clipboardData.setData("text/plain", plainText(fragment));
    event.preventDefault();
  }

  // ---- glossary popups: a term is a button that opens its card in place
  var popup = null, opener = null;

  function closePopup(returnFocus) {
    if (!popup || popup.hidden) return;
    popup.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) opener.focus();
    }
    opener = null;
  }

  function placePopup(term) {
    var margin = 8, width = document.documentElement.clientWidth, height = window.innerHeight;
    popup.style.maxWidth = Math.min(352, width - 2 * margin) + "px";
    var box = term.getBoundingClientRect(), card = popup.getBoundingClientRect();
    var left = Math.max(margin, Math.min(box.left, width - card.width - margin));
    var top = box.bottom + 6;
    if (top + card.height > height - margin && box.top - card.height - 6 > margin) top = box.top - card.height - 6;
    popup.style.left = left + window.scrollX + "px";
    popup.style.top = top + window.scrollY + "px";
  }

  function openPopup(term) {
    var card = document.getElementById(term.getAttribute("data-card"));
    if (!card) return;
    if (opener === term && !popup.hidden) { closePopup(true); return; }
    closePopup(false);
    popup.innerHTML = "";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "popup-close";
    close.setAttribute("aria-label", popup.getAttribute("data-close-label") || "Close");
    close.textContent = "×";
    close.addEventListener("click", function () { closePopup(true); });
    popup.appendChild(close);
    var body = card.cloneNode(true);
    body.removeAttribute("id");
    body.className = "popup-body";
    popup.appendChild(body);
    popup.setAttribute("aria-label", plainText(term.cloneNode(true)));
    if (style !== "marks") applyStyle(style, popup);
    popup.hidden = false;
    opener = term;
    term.setAttribute("aria-expanded", "true");
    placePopup(term);
    popup.focus();
  }

  function initTerms() {
    var terms = document.querySelectorAll(".text a.term");
    if (!terms.length) return;
    popup = document.createElement("div");
    popup.className = "popup";
    popup.id = "term-popup";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("tabindex", "-1");
    popup.setAttribute("data-close-label", document.querySelector(".cards").getAttribute("data-close-label") || "Close");
    popup.hidden = true;
    document.body.appendChild(popup);
    var cards = document.querySelectorAll(".cards .card");
    var byTerm = {};
    for (var c = 0; c < cards.length; c++) byTerm[cards[c].getAttribute("data-term")] = cards[c].id;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      var card = byTerm[term.getAttribute("data-term")];
      if (!card) continue;
      term.setAttribute("role", "button");
      term.setAttribute("aria-haspopup", "dialog");
      term.setAttribute("aria-expanded", "false");
      term.setAttribute("aria-controls", "term-popup");
      term.setAttribute("data-card", card);
      term.addEventListener("click", function (event) { event.preventDefault(); openPopup(event.currentTarget); });
      term.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar") { event.preventDefault(); openPopup(event.currentTarget); }
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closePopup(true);
    });
    document.addEventListener("pointerdown", function (event) {
      if (!popup.hidden && !popup.contains(event.target) && !(opener && opener.contains(event.target))) closePopup(true);
    });
    window.addEventListener("resize", function () { if (opener && !popup.hidden) placePopup(opener); });
  }

  function init() {
    var controls = document.querySelector(".controls");
    if (controls) controls.hidden = false;
    setScript(root.getAttribute("data-script") || "hant");
    setPinyin(root.getAttribute("data-pinyin") !== "off");
    var select = document.querySelector("[data-set-style]");
    if (select) {
      select.value = style;
      select.addEventListener("change", function () { style = select.value; save("style", style); applyStyle(style); });
    }
    if (style !== "marks") applyStyle(style);
    var buttons = document.querySelectorAll("[data-set-script]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        var value = event.currentTarget.getAttribute("data-set-script");
        save("script", value);
        setScript(value);
      });
    }
    var toggle = document.querySelector("[data-toggle-pinyin]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var on = root.getAttribute("data-pinyin") === "off";
        save("pinyin", on ? "on" : "off");
        setPinyin(on);
      });
    }
    var tones = document.querySelector("[data-toggle-tones]");
    setTones(root.getAttribute("data-tones") === "on");
    if (tones) {
      tones.addEventListener("click", function () {
        var on = root.getAttribute("data-tones") !== "on";
        save("tones", on ? "on" : "off");
        setTones(on);
      });
    }
    setSize(size);
    var steps = document.querySelectorAll("[data-size-step]");
    for (var k = 0; k < steps.length; k++) {
      steps[k].addEventListener("click", function (event) {
        var next = SIZES[SIZES.indexOf(size) + +event.currentTarget.getAttribute("data-size-step")];
        if (!next) return;
        save("size", next);
        setSize(next);
        if (opener && !popup.hidden) placePopup(opener);
      });
    }
    document.addEventListener("copy", onCopy);
    initTerms();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
