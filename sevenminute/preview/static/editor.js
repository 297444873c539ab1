// The briefing editor: keeps the form and its state in step, asks the server for feedback a
// moment after typing stops, keeps unsaved work in this browser, and saves.
(function () {
  "use strict";
  var initial = JSON.parse(document.getElementById("editor-state").textContent);
  var name = initial.name;
  var token = window.SEVENMINUTE_TOKEN;
  var state = JSON.parse(JSON.stringify(initial.form));
  var baseDigest = initial.digest;
  var savedJSON = JSON.stringify(initial.form);
  var storeKey = "sevenminute-edit:" + name;
  var themeChoices = null; // {key: kept} once the author keeps or drops a theme
  var lastThemes = [];
  var checkTimer = null, storeTimer = null, checking = false, again = false;
  var form = document.getElementById("briefing-form");
  var status = document.getElementById("save-status");
  var WORDS_PER_MINUTE = 130;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function clock(seconds) {
    seconds = Math.round(seconds);
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }
  // The same count as the kit's: link targets and Markdown punctuation are not words.
  function countWords(text) {
    var plain = (text || "").replace(/\]\([^)]*\)/g, "]");
    var words = plain.match(/[\p{L}\p{N}_’'-]+/gu);
    return words ? words.length : 0;
  }

  // Fields with a fixed place -------------------------------------------------------------
  function getPath(path) {
    return path.split(".").reduce(function (value, key) { return value == null ? value : value[key]; }, state);
  }
  function setPath(path, value) {
    var keys = path.split("."), target = state;
    keys.slice(0, -1).forEach(function (key) { target = target[key]; });
    target[keys[keys.length - 1]] = value;
  }
  document.querySelectorAll("[data-key]").forEach(function (input) {
    input.value = getPath(input.dataset.key) || "";
    input.addEventListener("input", function () {
      setPath(input.dataset.key, input.value);
      if (input.dataset.key === "title") $("heading-title").textContent = input.value || name;
      changed();
    });
  });

  // The seven parts: fixed places, so reordering moves the words, not the labels ----------
  var partsBox = $("parts");
  function partField(n, key, labelText, multiline, rows) {
    var id = "part-" + n + "-" + key;
    var box = el("div", { "class": "field", "data-field": "sections." + (n - 1) + "." + key });
    box.appendChild(el("label", { "for": id }, labelText));
    if (multiline) {
      var bar = el("div", { "class": "toolbar", role: "toolbar", "aria-label": labelText + ": formatting" });
      [["bold", "Bold"], ["list", "List"], ["link", "Link"]].forEach(function (tool) {
        var button = el("button", { type: "button", "class": "tool", "data-tool": tool[0], "data-for": id }, tool[1]);
        button.setAttribute("aria-label", tool[1] + " (" + labelText + ")");
        bar.appendChild(button);
      });
      box.appendChild(bar);
    }
    var input = multiline ? el("textarea", { id: id, rows: rows }) : el("input", { id: id });
    input.dataset.part = n - 1;
    input.dataset.partKey = key;
    box.appendChild(input);
    box.appendChild(el("ul", { "class": "findings", id: "findings-sections-" + (n - 1) + "-" + key }));
    return box;
  }
  for (var n = 1; n <= 7; n++) {
    var set = el("fieldset", { "class": "part", id: "part-" + n });
    set.appendChild(el("legend", {}, "Part " + n));
    set.appendChild(partField(n, "title", "Part " + n + " title", false));
    set.appendChild(partField(n, "body", "Part " + n + " text", true, 7));
    set.appendChild(el("p", { "class": "part-time", id: "part-" + n + "-time" }));
    set.appendChild(partField(n, "notes", "Part " + n + " notes for the presenter", true, 3));
    var moves = el("p", { "class": "moves" });
    var up = el("button", { type: "button", "class": "editor-button secondary", "data-move": n - 1, "data-by": -1 }, "Move part " + n + " up");
    var down = el("button", { type: "button", "class": "editor-button secondary", "data-move": n - 1, "data-by": 1 }, "Move part " + n + " down");
    if (n === 1) up.disabled = true;
    if (n === 7) down.disabled = true;
    moves.appendChild(up); moves.appendChild(down);
    set.appendChild(moves);
    partsBox.appendChild(set);
  }
  function fillParts() {
    state.sections.forEach(function (part, index) {
      ["title", "body", "notes"].forEach(function (key) {
        $("part-" + (index + 1) + "-" + key).value = part[key] || "";
      });
    });
    updateCounts();
  }
  partsBox.addEventListener("input", function (event) {
    var input = event.target;
    if (input.dataset.part === undefined) return;
    state.sections[Number(input.dataset.part)][input.dataset.partKey] = input.value;
    updateCounts();
    changed();
  });
  partsBox.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.tool) return format(button);
    if (button.dataset.move !== undefined) {
      var from = Number(button.dataset.move), to = from + Number(button.dataset.by);
      var moved = state.sections.splice(from, 1)[0];
      state.sections.splice(to, 0, moved);
      fillParts();
      changed();
      var target = partsBox.querySelector('[data-move="' + to + '"][data-by="' + button.dataset.by + '"]');
      (target && !target.disabled ? target : $("part-" + (to + 1) + "-title")).focus();
      say("Moved “" + (moved.title || "the part") + "” to part " + (to + 1) + ".");
    }
  });

  // Markdown toolbar: wraps or prefixes the selected text, then gives the text back its focus.
  function format(button) {
    var area = $(button.dataset.for);
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    var chosen = text.slice(start, end), insert;
    if (button.dataset.tool === "bold") insert = "**" + (chosen || "bold words") + "**";
    else if (button.dataset.tool === "list") {
      insert = (chosen || "first point\nsecond point").split("\n").map(function (line) {
        return /^- /.test(line) ? line : "- " + line;
      }).join("\n");
      if (start > 0 && text[start - 1] !== "\n") insert = "\n" + insert;
    } else insert = "[" + (chosen || "link words") + "](https://)";
    area.value = text.slice(0, start) + insert + text.slice(end);
    area.focus();
    area.setSelectionRange(start + insert.length, start + insert.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Questions and resources: lists the author can add to, remove from and reorder ----------
  function listRow(list, index, fields, kind, label) {
    var item = el("li", { "data-field": kind + "." + index });
    fields.forEach(function (f) {
      var id = kind + "-" + index + "-" + (f.key || "text");
      item.appendChild(el("label", { "for": id }, f.label + " " + (index + 1)));
      var input = el(f.multiline ? "textarea" : "input", { id: id, rows: 2 });
      if (f.type) input.type = f.type;
      input.value = f.key ? list[index][f.key] || "" : list[index];
      input.addEventListener("input", function () {
        if (f.key) list[index][f.key] = input.value; else list[index] = input.value;
        changed();
      });
      item.appendChild(input);
    });
    item.appendChild(el("ul", { "class": "findings", id: "findings-" + kind + "-" + index }));
    var row = el("p", { "class": "moves" });
    [["up", -1, "Move " + label + " " + (index + 1) + " up"], ["down", 1, "Move " + label + " " + (index + 1) + " down"],
     ["remove", 0, "Remove " + label + " " + (index + 1)]].forEach(function (action) {
      var button = el("button", { type: "button", "class": "editor-button secondary", "data-action": action[0] }, action[2]);
      if ((action[1] === -1 && index === 0) || (action[1] === 1 && index === list.length - 1)) button.disabled = true;
      button.addEventListener("click", function () {
        if (action[0] === "remove") list.splice(index, 1);
        else list.splice(index + action[1], 0, list.splice(index, 1)[0]);
        renderLists();
        changed();
        var focusAt = action[0] === "remove" ? Math.min(index, list.length - 1) : index + action[1];
        var next = $(kind + "-" + focusAt + "-" + (fields[0].key || "text"));
        (next || $("add-" + label)).focus();
        say(action[0] === "remove" ? "Removed " + label + " " + (index + 1) + "." : "Moved " + label + " to place " + (focusAt + 1) + ".");
      });
      row.appendChild(button);
    });
    item.appendChild(row);
    return item;
  }
  function renderLists() {
    var questions = $("questions"), resources = $("resources");
    questions.textContent = ""; resources.textContent = "";
    state.questions.forEach(function (_, index) {
      questions.appendChild(listRow(state.questions, index, [{ label: "Question", multiline: true }], "questions", "question"));
    });
    state.resources.forEach(function (_, index) {
      resources.appendChild(listRow(state.resources, index,
        [{ key: "title", label: "Resource title" }, { key: "url", label: "Resource address", type: "url" }], "resources", "resource"));
    });
  }
  $("add-question").addEventListener("click", function () {
    state.questions.push(""); renderLists(); changed();
    $("questions-" + (state.questions.length - 1) + "-text").focus();
  });
  $("add-resource").addEventListener("click", function () {
    state.resources.push({ title: "", url: "" }); renderLists(); changed();
    $("resources-" + (state.resources.length - 1) + "-title").focus();
  });

  // Themes: each found theme with its evidence, kept or dropped ---------------------------
  function renderThemes(themes) {
    lastThemes = themes;
    var box = $("themes");
    if (box.contains(document.activeElement)) return; // never pull a checkbox from under the keyboard
    box.textContent = "";
    if (!themes.length) box.appendChild(el("li", {}, "No theme found yet: the themes come from the words of the parts."));
    themes.forEach(function (theme) {
      var id = "theme-" + theme.key;
      var item = el("li");
      var box2 = el("input", { type: "checkbox", id: id });
      box2.checked = themeChoices && theme.key in themeChoices ? themeChoices[theme.key] : theme.kept;
      box2.addEventListener("change", function () {
        themeChoices = themeChoices || {};
        lastThemes.forEach(function (t) {
          if (!(t.key in themeChoices)) themeChoices[t.key] = t.kept;
        });
        themeChoices[theme.key] = box2.checked;
        changed();
      });
      item.appendChild(box2);
      item.appendChild(el("label", { "for": id }, "Keep “" + theme.name + "”"));
      if (theme.evidence.length) {
        var evidence = el("ul", { "class": "evidence" });
        theme.evidence.forEach(function (line) { evidence.appendChild(el("li", {}, line)); });
        item.appendChild(evidence);
      }
      box.appendChild(item);
    });
  }

  // Feedback: timing at once, the checker's findings a moment after typing stops -----------
  function updateCounts() {
    var total = 0;
    state.sections.forEach(function (part, index) {
      var words = countWords(part.body), seconds = words * 60 / WORDS_PER_MINUTE;
      total += words;
      $("part-" + (index + 1) + "-time").textContent = words + " words, about " + clock(seconds) + " to read aloud";
    });
    var seconds = total * 60 / WORDS_PER_MINUTE;
    $("meter").value = seconds;
    $("meter-text").textContent = clock(seconds) + " of 7:00 (" + total + " words at " + WORDS_PER_MINUTE + " a minute)" +
      (seconds > 420 ? ": over seven minutes" : "");
  }
  function payload() {
    var data = JSON.parse(JSON.stringify(state));
    if (themeChoices) {
      data.themes = { kept: [], dropped: [] };
      Object.keys(themeChoices).forEach(function (key) { data.themes[themeChoices[key] ? "kept" : "dropped"].push(key); });
    }
    return data;
  }
  function post(path, body) {
    return fetch(path, {
      method: "POST", body: JSON.stringify(body), credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Sevenminute-Token": token }
    });
  }
  function showFindings(findings) {
    document.querySelectorAll(".findings").forEach(function (list) { list.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    findings.forEach(function (finding) {
      var id = "findings-" + finding.field.replace(/\./g, "-");
      var list = $(id) || $("findings-" + finding.field.split(".")[0]) || $("findings-form");
      var item = el("li", { "class": "finding " + finding.severity });
      item.appendChild(el("strong", {}, finding.label + ": "));
      item.appendChild(document.createTextNode(finding.message + " [" + finding.code + "]"));
      list.appendChild(item);
      var input = list.parentNode.querySelector("input, textarea, select");
      if (input) {
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "").replace(list.id, "").trim() + " " + list.id).trim());
        if (finding.severity === "error") input.setAttribute("aria-invalid", "true");
      }
    });
  }
  document.querySelectorAll(".field[data-field]").forEach(function (box) {
    if (!box.querySelector(".findings")) {
      box.appendChild(el("ul", { "class": "findings", id: "findings-" + box.dataset.field.replace(/\./g, "-") }));
    }
  });
  $("timing-heading").parentNode.appendChild(el("ul", { "class": "findings", id: "findings-timing" }));

  function check() {
    if (checking) { again = true; return; }
    checking = true;
    var started = performance.now();
    post("/edit/" + name + "/check", payload()).then(function (response) { return response.json(); }).then(function (result) {
      showFindings(result.findings || []);
      if (result.themes) renderThemes(result.themes);
      if (result.built) reloadPreview();
      $("preview-status").textContent = result.built
        ? "The preview shows your latest changes (not yet saved)."
        : "The preview cannot show your latest changes until the errors marked in the form are fixed.";
      window.sevenminuteChecked = (window.sevenminuteChecked || 0) + 1;
      window.sevenminuteCheckMs = performance.now() - started;
    }).catch(function () {
      $("preview-status").textContent = "The workspace server is not answering: is `python build.py serve` still running?";
    }).finally(function () {
      checking = false;
      if (again) { again = false; check(); }
    });
  }
  function reloadPreview() {
    var frame = $("preview"), y = 0;
    try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
    frame.addEventListener("load", function restore() {
      frame.removeEventListener("load", restore);
      try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* a page of another origin */ }
      window.sevenminutePreviewed = (window.sevenminutePreviewed || 0) + 1;
    });
    frame.src = frame.dataset.src + "?v=" + Date.now();
  }

  // Unsaved work: kept in this browser as it is typed, offered back when the page opens -----
  function dirty() { return JSON.stringify(payload()) !== savedJSON || themeChoices !== null; }
  function changed() {
    status.textContent = "Unsaved changes";
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 300);
    clearTimeout(storeTimer);
    storeTimer = setTimeout(store, 200);
  }
  function store() {
    try {
      if (dirty()) localStorage.setItem(storeKey, JSON.stringify({ at: new Date().toISOString(), form: state, themes: themeChoices }));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* storage full or blocked: the form still works */ }
  }
  function offerRestore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { kept = null; }
    if (!kept || JSON.stringify(kept.form) === savedJSON) return;
    var when = new Date(kept.at);
    $("restore-text").textContent = "This page has changes you had not saved, from " +
      when.toLocaleDateString("en-GB") + " at " + when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) +
      ". Restore them, or discard them and keep the file as it is?";
    $("restore").hidden = false;
    $("restore-yes").focus();
    $("restore-yes").onclick = function () {
      state = kept.form; themeChoices = kept.themes || null;
      fillAll(); $("restore").hidden = true; changed();
      say("Your unsaved changes are back. Save to keep them.");
      $("f-title").focus();
    };
    $("restore-no").onclick = function () {
      localStorage.removeItem(storeKey); $("restore").hidden = true; say("Discarded.");
      $("f-title").focus();
    };
  }
  window.addEventListener("beforeunload", function (event) {
    if (dirty()) { store(); event.preventDefault(); }
  });

  // Saving: only over the version this page loaded, unless the author chooses otherwise ----
  function say(text) { status.textContent = text; }
  function save(over) {
    say("Saving…");
    return post("/edit/" + name + "/save", { form: payload(), digest: over || baseDigest }).then(function (response) {
      return response.json().then(function (body) { return { code: response.status, body: body }; });
    }).then(function (result) {
      if (result.code === 409) {
        $("conflict-text").textContent = result.body.message;
        $("conflict").hidden = false;
        $("conflict").focus();
        $("keep-mine").onclick = function () { $("conflict").hidden = true; save(result.body.disk); };
        $("keep-disk").onclick = function () {
          localStorage.removeItem(storeKey); savedJSON = JSON.stringify(payload()); themeChoices = null;
          window.onbeforeunload = null; location.reload();
        };
        say("Not saved yet: choose which version to keep.");
        return;
      }
      if (result.code !== 200) { say(result.body.message || "Not saved: the server refused."); return; }
      baseDigest = result.body.digest;
      themeChoices = null;
      savedJSON = JSON.stringify(payload());
      localStorage.removeItem(storeKey);
      say(result.body.message);
    }).catch(function () { say("Not saved: the workspace server is not answering. Your changes are kept in this browser."); });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); }
  });

  function fillAll() {
    document.querySelectorAll("[data-key]").forEach(function (input) { input.value = getPath(input.dataset.key) || ""; });
    $("heading-title").textContent = state.title || name;
    fillParts();
    renderLists();
  }
  fillAll();
  offerRestore();
  check();
})();
