/* The facilitator page: session clock with pacing, discussion, and the action plan.
   Inlined into facilitate.html; no network, no libraries. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("briefing-data").textContent);
  var SESSION = data.session_seconds;
  var STORE = "sevenminute:record:" + data.slug;
  var body = document.body;
  var $ = function (id) { return document.getElementById(id); };
  body.classList.add("js");

  /* ---- views ---------------------------------------------------------------- */
  var views = { intro: $("intro"), session: $("session"), discussion: $("discussion") };
  function show(name) {
    Object.keys(views).forEach(function (key) { views[key].hidden = key !== name; });
    body.setAttribute("data-view", name);
  }
  function announce(text) {
    var region = $("announcer");
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /* ---- the session clock -------------------------------------------------- */
  var sections = data.sections;              // [{number, title, target}], target seconds
  var ends = [];                              // cumulative target end of each section
  sections.reduce(function (sum, s, i) { ends[i] = sum + s.target; return ends[i]; }, 0);
  var state = { current: 0, started: null, elapsedBefore: 0, paused: false, running: false, notes: false };
  var ticker = null;

  function elapsed() {
    if (!state.running) return state.elapsedBefore;
    return state.elapsedBefore + (state.paused ? 0 : (Date.now() - state.started) / 1000);
  }
  function clock(seconds) {
    var whole = Math.round(Math.abs(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }
  function tick() {
    var used = elapsed();
    var left = SESSION - used;
    var clockEl = $("clock");
    clockEl.textContent = left >= 0 ? clock(left) : "+" + clock(-left);
    clockEl.parentNode.classList.toggle("over", left < 0);
    var behind = used - ends[state.current];
    var pace = $("pace");
    if (behind > 5) {
      pace.textContent = "Running " + clock(behind) + " behind";
      pace.classList.add("behind");
    } else {
      var sectionLeft = ends[state.current] - used;
      pace.textContent = "On time: " + clock(Math.max(0, sectionLeft)) + " for this part";
      pace.classList.remove("behind");
    }
  }
  function go(index) {
    state.current = Math.max(0, Math.min(sections.length - 1, index));
    document.querySelectorAll(".slide").forEach(function (slide, i) {
      slide.hidden = i !== state.current;
    });
    document.querySelectorAll(".progress-dot").forEach(function (dot, i) {
      dot.classList.toggle("done", i < state.current);
      dot.classList.toggle("current", i === state.current);
    });
    var n = state.current + 1;
    var where = "Section " + n + " of " + sections.length;
    $("position").textContent = where;
    $("progress").setAttribute("aria-label", "Progress: " + where.toLowerCase());
    showNotes(state.notes);
    tick();
    announce(where + ": " + sections[state.current].title);
  }
  function start() {
    state.running = true;
    state.paused = false;
    state.elapsedBefore = 0;
    state.started = Date.now();
    setPaused(false);
    show("session");
    go(0);
    if (ticker) window.clearInterval(ticker);
    ticker = window.setInterval(tick, 250);
    $("next").focus();
  }
  function setPaused(paused) {
    if (paused && !state.paused) {
      state.elapsedBefore = elapsed();
      state.paused = true;
    } else if (!paused && state.paused) {
      state.started = Date.now();
      state.paused = false;
    }
    var button = $("pause");
    button.textContent = state.paused ? "Resume" : "Pause";
    button.setAttribute("aria-pressed", String(state.paused));
    views.session.classList.toggle("paused", state.paused);
    tick();
  }
  function next() {
    if (body.getAttribute("data-view") === "discussion") return nextQuestion(1);
    if (state.current === sections.length - 1) return toDiscussion();
    go(state.current + 1);
  }
  function previous() {
    if (body.getAttribute("data-view") === "discussion") {
      if (oneAtATime && question > 0) return nextQuestion(-1);
      return backToBriefing();
    }
    go(state.current - 1);
  }
  function showNotes(visible) {
    state.notes = visible;
    document.querySelectorAll(".notes").forEach(function (notes, i) {
      notes.hidden = !(visible && i === state.current);
    });
    $("notes").setAttribute("aria-pressed", String(visible));
  }
  function fullScreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }

  /* ---- discussion --------------------------------------------------------- */
  var questions = Array.prototype.slice.call(document.querySelectorAll(".fac-question"));
  var question = 0;
  var oneAtATime = true;
  var talk = { seconds: 600, started: null, before: 0, running: false };
  var talkTicker = null;

  function toDiscussion() {
    setPaused(true);
    show("discussion");
    showQuestion(0);
    announce("Discussion: " + questions.length + " questions");
    $("discussion-heading").setAttribute("tabindex", "-1");
    $("discussion-heading").focus();
  }
  function backToBriefing() {
    show("session");
    setPaused(false);
    go(sections.length - 1);
    $("next").focus();
  }
  function showQuestion(index) {
    question = Math.max(0, Math.min(questions.length - 1, index));
    questions.forEach(function (item, i) { item.classList.toggle("current", i === question); });
    $("questions").classList.toggle("one-at-a-time", oneAtATime);
    $("question-position").textContent = oneAtATime
      ? "Question " + (question + 1) + " of " + questions.length
      : questions.length + " questions";
    $("previous-question").disabled = !oneAtATime || question === 0;
    $("next-question").disabled = !oneAtATime || question === questions.length - 1;
  }
  function nextQuestion(step) {
    if (!oneAtATime) return;
    showQuestion(question + step);
    announce("Question " + (question + 1) + " of " + questions.length + ": " + questions[question].textContent);
  }
  function setMode(single) {
    oneAtATime = single;
    $("one-at-a-time").setAttribute("aria-pressed", String(single));
    $("all-questions").setAttribute("aria-pressed", String(!single));
    showQuestion(question);
  }
  function talkLeft() {
    var used = talk.before + (talk.running ? (Date.now() - talk.started) / 1000 : 0);
    return talk.seconds - used;
  }
  function talkTick() {
    var left = talkLeft();
    $("discussion-clock").textContent = left >= 0 ? clock(left) : "+" + clock(-left);
    $("discussion-clock").parentNode.classList.toggle("over", left < 0);
  }
  function toggleTalk() {
    var button = $("discussion-timer");
    if (talk.running) {
      talk.before += (Date.now() - talk.started) / 1000;
      talk.running = false;
      window.clearInterval(talkTicker);
      button.textContent = "Resume discussion timer";
    } else {
      talk.started = Date.now();
      talk.running = true;
      talkTicker = window.setInterval(talkTick, 250);
      button.textContent = "Pause discussion timer";
    }
    button.setAttribute("aria-pressed", String(talk.running));
    talkTick();
  }
  function setTalkMinutes() {
    var minutes = parseInt($("discussion-minutes").value, 10);
    if (minutes >= 1 && minutes <= 60) {
      talk.seconds = minutes * 60;
      talkTick();
    }
  }

  /* ---- the record --------------------------------------------------------- */
  var FIELDS = ["date", "team", "facilitator", "attending", "reflections", "embedded"];
  var rows = $("action-rows");
  var actionCount = 0;

  function addAction(values) {
    var row = $("action-row-template").content.firstElementChild.cloneNode(true);
    actionCount += 1;
    row.querySelectorAll("input").forEach(function (input) {
      var field = input.getAttribute("data-field");
      input.id = "action-" + actionCount + "-" + field;
      input.value = (values && values[field]) || "";
      row.querySelector('label[data-for="' + field + '"]').setAttribute("for", input.id);
    });
    rows.appendChild(row);
    renumber();
    return row;
  }
  function renumber() {
    rows.querySelectorAll(".action-row").forEach(function (row, i) {
      var n = i + 1;
      row.querySelector('label[data-for="what"]').textContent = "Action " + n;
      row.querySelector('label[data-for="who"]').textContent = "Owner of action " + n;
      row.querySelector('label[data-for="by"]').textContent = "Action " + n + " by when";
      row.querySelector(".remove-action").setAttribute("aria-label", "Remove action " + n);
    });
  }
  function record() {
    var result = {};
    FIELDS.forEach(function (name) {
      var value = document.querySelector('[name="' + name + '"]').value;
      result[name] = name === "attending" ? (value === "" ? null : Number(value)) : value;
    });
    result.actions = Array.prototype.map.call(rows.querySelectorAll(".action-row"), function (row) {
      var action = {};
      row.querySelectorAll("input").forEach(function (input) { action[input.getAttribute("data-field")] = input.value; });
      return action;
    });
    return result;
  }
  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify(record()));
      $("record-status").textContent = "Saved in this browser.";
    } catch (error) {
      $("record-status").textContent = "This browser would not save the record: export it before you close the page.";
    }
  }
  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (error) { saved = null; }
    if (!saved) { addAction(); return; }
    FIELDS.forEach(function (name) {
      var value = saved[name];
      document.querySelector('[name="' + name + '"]').value = value === null || value === undefined ? "" : value;
    });
    (saved.actions && saved.actions.length ? saved.actions : [{}]).forEach(addAction);
    $("record-status").textContent = "Restored the record saved in this browser.";
  }
  function exported() {
    return {
      schema_version: 1,
      kind: "seven-minute briefing session record",
      briefing: { slug: data.slug, title: data.title, partnership: data.partnership, published: data.published, content_hash: data.content_hash },
      exported_at: new Date().toISOString(),
      record: record()
    };
  }
  function download(name, type, text) {
    var link = document.createElement("a");
    link.href = "data:" + type + ";charset=utf-8," + encodeURIComponent(text);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function stamp() {
    return (document.querySelector('[name="date"]').value || new Date().toISOString().slice(0, 10));
  }
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    /* OWASP CSV injection: a cell a spreadsheet would read as a formula is made inert with a leading quote */
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv() {
    var r = record();
    var header = ["briefing", "content_hash", "date", "team", "facilitator", "attending", "reflections",
                  "action", "owner", "by_when", "embedded"];
    var actions = r.actions.filter(function (a) { return a.what || a.who || a.by; });
    var lines = (actions.length ? actions : [{ what: "", who: "", by: "" }]).map(function (a) {
      return [data.title, data.content_hash, r.date, r.team, r.facilitator, r.attending, r.reflections,
              a.what, a.who, a.by, r.embedded].map(csvCell).join(",");
    });
    /* a UTF-8 byte-order mark first, so Excel reads accented names correctly */
    return "\uFEFF" + [header.join(",")].concat(lines).join("\r\n") + "\r\n";
  }
  function clearRecord() {
    if (!window.confirm("Clear the record for this briefing? This cannot be undone.")) return;
    try { localStorage.removeItem(STORE); } catch (error) { /* nothing saved */ }
    FIELDS.forEach(function (name) { document.querySelector('[name="' + name + '"]').value = ""; });
    rows.innerHTML = "";
    addAction();
    $("record-status").textContent = "Cleared.";
  }

  /* ---- wiring ------------------------------------------------------------- */
  $("start").addEventListener("click", start);
  $("next").addEventListener("click", next);
  $("previous").addEventListener("click", previous);
  $("pause").addEventListener("click", function () { setPaused(!state.paused); });
  $("notes").addEventListener("click", function () { showNotes(!state.notes); });
  $("fullscreen").addEventListener("click", fullScreen);
  $("restart").addEventListener("click", start);
  $("next-question").addEventListener("click", function () { nextQuestion(1); });
  $("previous-question").addEventListener("click", function () { nextQuestion(-1); });
  $("back-to-briefing").addEventListener("click", backToBriefing);
  $("one-at-a-time").addEventListener("click", function () { setMode(true); });
  $("all-questions").addEventListener("click", function () { setMode(false); });
  $("discussion-timer").addEventListener("click", toggleTalk);
  $("discussion-minutes").addEventListener("input", setTalkMinutes);
  $("add-action").addEventListener("click", function () { addAction().querySelector("input").focus(); save(); });
  rows.addEventListener("click", function (event) {
    var button = event.target.closest(".remove-action");
    if (!button) return;
    button.closest(".action-row").remove();
    if (!rows.children.length) addAction();
    renumber();
    save();
    $("add-action").focus();
  });
  $("record").addEventListener("input", save);
  $("export-json").addEventListener("click", function () {
    download("seven-minute-record-" + data.slug + "-" + stamp() + ".json", "application/json",
             JSON.stringify(exported(), null, 2) + "\n");
  });
  $("export-csv").addEventListener("click", function () {
    download("seven-minute-record-" + data.slug + "-" + stamp() + ".csv", "text/csv", csv());
  });
  $("print-record").addEventListener("click", function () { window.print(); });
  $("clear-record").addEventListener("click", clearRecord);

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    var view = body.getAttribute("data-view");
    if (typing || view === "intro") return;
    var onButton = target.tagName === "BUTTON";
    var key = event.key;
    if (key === "ArrowRight" || (key === " " && !onButton)) { event.preventDefault(); next(); }
    else if (key === "ArrowLeft") { event.preventDefault(); previous(); }
    else if ((key === "p" || key === "P") && view === "session") { setPaused(!state.paused); }
    else if ((key === "n" || key === "N") && view === "session") { showNotes(!state.notes); }
    else if (key === "f" || key === "F") { fullScreen(); }
    else if (key === "Escape" && document.fullscreenElement) { document.exitFullscreen(); }
  });

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".record-form textarea").forEach(function (area) {
      area.style.height = area.scrollHeight + "px";
    });
  });

  restore();
  setTalkMinutes();
  talkTick();
  show("intro");
})();
