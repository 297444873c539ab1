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

  function $(id) { return document.getElementById(id); }
  var widgets = window.SevenMinuteWidgets, el = widgets.el;
  var format = widgets.format, findingsList = widgets.findingsList;
  function listRow(list, index, fields, kind, label) {
    return widgets.listRow(list, index, fields, kind, label, { changed: changed, rerender: renderLists, say: say });
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

  // The seven parts, as the server wrote them: fixed places, so reordering moves the words,
  // not the labels. Their toolbars and move buttons work only with this script.
  var partsBox = $("parts");
  document.querySelectorAll("[data-needs-script]").forEach(function (node) { node.hidden = false; });
  function fillParts() {
    state.sections.forEach(function (part, index) {
      ["title", "label", "body", "notes"].forEach(function (key) {
        $("part-" + (index + 1) + "-" + key).value = part[key] || "";
      });
    });
  }
  partsBox.addEventListener("input", function (event) {
    var input = event.target;
    if (input.dataset.part === undefined) return;
    state.sections[Number(input.dataset.part)][input.dataset.partKey] = input.value;
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

  function renderLists() {
    var questions = $("questions"), resources = $("resources"), allow = $("allow");
    questions.textContent = ""; resources.textContent = ""; allow.textContent = "";
    state.allow = state.allow || [];
    state.allow.forEach(function (_, index) {
      allow.appendChild(listRow(state.allow, index,
        [{ key: "value", label: "Allowed text" }, { key: "reason", label: "Reason it is safe to publish" }], "allow", "allowed text"));
    });
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
  $("add-allowed").addEventListener("click", function () { allowOnPurpose(""); });
  // A finding's "Allow on purpose": the text goes under "Allowed on purpose", waiting for its reason.
  function allowOnPurpose(value) {
    var at = value ? state.allow.findIndex(function (entry) { return entry.value === value; }) : -1;
    if (at < 0) { state.allow.push({ value: value, reason: "" }); at = state.allow.length - 1; renderLists(); changed(); }
    $("allow-" + at + "-" + (value ? "reason" : "value")).focus();
    if (value) say("“" + value + "” is under Allowed on purpose: give the reason it is safe to publish.");
  }
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

  $("confirm-themes").addEventListener("click", function () {
    themeChoices = themeChoices || {};
    lastThemes.forEach(function (t) { if (!(t.key in themeChoices)) themeChoices[t.key] = t.kept; });
    changed();
    say("The themes are confirmed as ticked. Save to keep your choice.");
  });

  // Feedback: the checker's findings and the timing, as the server works them out, a moment
  // after typing stops -------------------------------------------------------------------
  function showTiming(timing) {
    timing.parts.forEach(function (part, index) { $("part-" + (index + 1) + "-time").textContent = part.text; });
    $("meter").value = timing.seconds;
    $("meter-text").textContent = timing.text;
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
      var list = findingsList(finding.field);
      var item = el("li", { "class": "finding " + finding.severity });
      item.appendChild(el("strong", {}, finding.label + ": "));
      item.appendChild(document.createTextNode(finding.message + " [" + finding.code + "]"));
      if (finding.action && finding.action.kind === "allow") {
        var allow = el("button", { type: "button", "class": "tool", "aria-label": "Allow “" + finding.action.value + "” on purpose" }, "Allow on purpose");
        allow.addEventListener("click", function () { allowOnPurpose(finding.action.value); });
        item.appendChild(document.createTextNode(" "));
        item.appendChild(allow);
      }
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
      if (result.timing) showTiming(result.timing);
      if (result.built) reloadPreview();
      previewBuilt = !!result.built;
      notePreview();
      window.sevenminuteChecked = (window.sevenminuteChecked || 0) + 1;
      window.sevenminuteCheckMs = performance.now() - started;
    }).catch(function () {
      $("preview-status").textContent = "The workspace server is not answering: is `python build.py serve` still running?";
    }).finally(function () {
      checking = false;
      if (again) { again = false; check(); }
    });
  }
  // Says "not yet saved" only while there is something not yet saved.
  var previewBuilt = null;
  function notePreview() {
    if (previewBuilt === null) return;
    $("preview-status").textContent = !previewBuilt
      ? "The preview cannot show your latest changes until the errors marked in the form are fixed."
      : dirty() ? "The preview shows your latest changes (not yet saved)." : "The preview shows the briefing as saved.";
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
      if (result.body.unpublishable) return cannotPublish(result.body);
      if (result.code !== 200) { say(result.body.message || "Not saved: the server refused."); return; }
      baseDigest = result.body.digest;
      themeChoices = null;
      savedJSON = JSON.stringify(payload());
      localStorage.removeItem(storeKey);
      say(result.body.message);
      notePreview();
    }).catch(function () { say("Not saved: the workspace server is not answering. Your changes are kept in this browser."); });
  }
  // Status "Published" with problems that stop it: say why, at each field, and offer a draft.
  function cannotPublish(body) {
    var list = $("unpublishable-list");
    list.textContent = "";
    body.findings.forEach(function (finding) {
      var item = el("li"), box = findingsList(finding.field).parentNode;
      var input = box.querySelector("input, textarea, select");
      if (input && finding.where) {
        var link = el("a", { href: "#" + input.id }, finding.where);
        link.addEventListener("click", function (event) { event.preventDefault(); $("unpublishable").hidden = true; input.focus(); });
        item.appendChild(link);
        item.appendChild(document.createTextNode(": "));
      }
      item.appendChild(document.createTextNode(finding.problem));
      list.appendChild(item);
    });
    $("unpublishable").hidden = false;
    $("unpublishable").focus();
    say(body.message);
    check();
  }
  $("save-draft").addEventListener("click", function () {
    state.status = "draft";
    $("f-status").value = "draft";
    $("unpublishable").hidden = true;
    save().then(function () { check(); $("f-status").focus(); });
  });
  $("keep-editing").addEventListener("click", function () {
    $("unpublishable").hidden = true;
    var first = $("unpublishable-list").querySelector("a");
    if (first) first.click(); else $("f-status").focus();
  });
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
