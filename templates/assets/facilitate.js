/* The facilitator page: session clock with pacing, discussion, and the action plan.
   Inlined into facilitate.html; no network, no libraries. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("briefing-data").textContent);
  var SESSION = data.session_seconds;
  var STORE = "sevenminute:sessions:" + data.slug;
  var OLD_STORE = "sevenminute:record:" + data.slug;  /* one record a briefing, before sessions */
  var CLOCK = "sevenminute:clock:" + data.slug;
  var body = document.body;
  var $ = function (id) { return document.getElementById(id); };
  body.classList.add("js");
  /* The presenter view is this same file opened with ?presenter: it shows the notes and the next
     part, and keeps in step with the shared screen over a BroadcastChannel. */
  var presenter = /[?&]presenter(=|&|$)/.test(window.location.search);
  var channel = window.BroadcastChannel ? new BroadcastChannel("sevenminute:" + data.slug) : null;
  var presenterOpen = false;  /* on the shared screen: a presenter view is showing the notes */
  var applying = false;       /* taking the other window's state: do not send it back */
  if (presenter) {
    body.classList.add("presenter");
    document.title = "Presenter view: " + document.title;
  }

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
  var state = { current: 0, started: null, elapsedBefore: 0, paused: false, running: false, notes: presenter,
                screen: 0, screens: [[]] };
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
  function go(index, screen) {
    state.current = Math.max(0, Math.min(sections.length - 1, index));
    document.querySelectorAll(".slide").forEach(function (slide, i) {
      slide.hidden = i !== state.current;
    });
    showNotes(state.notes);  /* before measuring: notes shown take room from the part */
    state.screens = layout(document.querySelectorAll(".slide")[state.current]);
    showScreen(screen === "last" ? state.screens.length - 1 : screen || 0);
    var following = sections[state.current + 1];
    $("up-next").textContent = following ? "Next: " + following.number + ". " + following.title
                                         : "Next: the questions for discussion";
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
    keepClock();
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
    pausedLook();
    keepClock();
  }
  function pausedLook() {
    var button = $("pause");
    button.textContent = state.paused ? "Resume" : "Pause";
    button.setAttribute("aria-pressed", String(state.paused));
    views.session.classList.toggle("paused", state.paused);
    tick();
  }
  function next() {
    if (body.getAttribute("data-view") === "discussion") return nextQuestion(1);
    if (state.screen < state.screens.length - 1) return showScreen(state.screen + 1, true);
    if (state.current === sections.length - 1) return toDiscussion();
    go(state.current + 1);
  }
  function previous() {
    if (body.getAttribute("data-view") === "discussion") {
      if (oneAtATime && question > 0) return nextQuestion(-1);
      return backToBriefing();
    }
    if (state.screen > 0) return showScreen(state.screen - 1, true);
    go(state.current - 1, "last");
  }
  function showNotes(visible) {
    if (presenter) visible = true;             /* the presenter view is where the notes are */
    else if (presenterOpen) visible = false;   /* never on the shared screen while it is open */
    state.notes = visible;
    document.querySelectorAll(".notes").forEach(function (notes, i) {
      notes.hidden = !(visible && i === state.current);
    });
    $("notes").setAttribute("aria-pressed", String(visible));
  }
  /* ---- fitting the screen -------------------------------------------------- */
  /* On a projector or a large screen, each part is shown whole, as large as fits and never under
     28 px; a part too long for that goes on over more screens, within its own part and timing. */
  var SMALLEST = 28;
  function fitting() {
    return !presenter && !state.notes && window.innerWidth >= 700 && window.innerHeight >= 500;
  }
  function blocksOf(area) {
    var blocks = [];
    Array.prototype.forEach.call(area.children, function (element) {
      if (element.tagName !== "UL" && element.tagName !== "OL") return blocks.push(element);
      Array.prototype.forEach.call(element.children, function (item, i) {
        if (element.tagName === "OL") item.value = (element.start || 1) + i;  /* numbers hold across screens */
        blocks.push(item);
      });
    });
    return blocks;
  }
  function lists(area) {
    area.querySelectorAll("ul, ol").forEach(function (list) {
      list.hidden = !list.querySelector(":scope > li:not([hidden])");
    });
  }
  function overflows(area) { return area.scrollHeight > area.clientHeight + 1; }
  function layout(slide) {
    var area = slide.querySelector(".slide-body");
    var blocks = blocksOf(area);
    blocks.forEach(function (block) { block.hidden = false; });
    lists(area);
    body.classList.toggle("fit", fitting());
    if (!fitting()) { area.style.fontSize = ""; return [blocks]; }
    var high = Math.max(SMALLEST, Math.min(window.innerWidth * 0.028, window.innerHeight * 0.055));
    var low = SMALLEST;
    area.style.fontSize = high + "px";
    if (!overflows(area)) return [blocks];
    area.style.fontSize = low + "px";
    if (!overflows(area)) {
      while (high - low > 0.5) {
        var middle = (high + low) / 2;
        area.style.fontSize = middle + "px";
        if (overflows(area)) high = middle; else low = middle;
      }
      area.style.fontSize = low + "px";
      return [blocks];
    }
    var screens = [[]];
    blocks.forEach(function (block) { block.hidden = true; });
    blocks.forEach(function (block) {
      block.hidden = false;
      lists(area);
      var page = screens[screens.length - 1];
      if (overflows(area) && page.length) {
        page.forEach(function (shown) { shown.hidden = true; });
        lists(area);
        screens.push([]);
      }
      screens[screens.length - 1].push(block);
    });
    return screens;
  }
  function showScreen(index, moved) {
    var screens = state.screens;
    state.screen = Math.max(0, Math.min(screens.length - 1, index));
    var slide = document.querySelectorAll(".slide")[state.current];
    screens.forEach(function (blocks, i) {
      blocks.forEach(function (block) { block.hidden = i !== state.screen; });
    });
    lists(slide.querySelector(".slide-body"));
    var more = $("continued");
    more.hidden = screens.length < 2;
    more.textContent = screens.length < 2 ? "" : "Screen " + (state.screen + 1) + " of " + screens.length +
      " for this part" + (state.screen < screens.length - 1 ? ": it goes on after Next" : "");
    if (moved) {
      announce(more.textContent);
      keepClock();
    }
  }
  function showShared(screen, screens) {
    /* the presenter view shows the whole part, and says which screen of it the room sees */
    var more = $("continued");
    more.hidden = screens < 2;
    more.textContent = screens < 2 ? "" : "The shared screen shows screen " + (screen + 1) + " of " + screens +
      " of this part";
  }
  function refit() {
    if (body.getAttribute("data-view") !== "session" || !state.running) return;
    var screen = state.screen;
    state.screens = layout(document.querySelectorAll(".slide")[state.current]);
    showScreen(screen);
  }

  /* ---- the presenter view --------------------------------------------------- */
  function openPresenter() {
    var address = window.location.href.split("#")[0].split("?")[0] + "?presenter";
    var opened = window.open(address, "sevenminute-presenter-" + data.slug, "popup,width=1100,height=760");
    if (!opened) {
      $("presenter-status").textContent = "The browser stopped the presenter view opening: allow pop-ups for this page.";
      return;
    }
    sharing(true);
  }
  function sharing(open) {
    presenterOpen = open;
    document.querySelectorAll(".presenter-button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(open));
    });
    $("notes").hidden = open;
    $("presenter-status").textContent = open ? "The notes are in the presenter view; this screen never shows them." : "";
    showNotes(open ? false : state.notes);
    refit();
  }
  function listen() {
    if (!channel) return;
    channel.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "state" && message.state) apply(message.state);
      else if (message.type === "hello" && !presenter) {
        sharing(true);
        keepClock();
        if (!state.running) channel.postMessage({ type: "intro" });
      } else if (message.type === "bye" && !presenter) sharing(false);
      else if (message.type === "intro" && presenter) show("intro");
    };
    if (presenter) {
      channel.postMessage({ type: "hello" });
      window.addEventListener("pagehide", function () { channel.postMessage({ type: "bye" }); });
    }
  }

  function fullScreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }

  /* A reload mid-session (a dropped connection, a wrong key) comes back to the same part, with
     the clock still running from when the session started. */
  function keepClock() {
    if (!state.running || applying) return;
    var saved = { view: body.getAttribute("data-view"), current: state.current, started: state.started,
                  elapsedBefore: state.elapsedBefore, paused: state.paused, notes: state.notes,
                  question: question, oneAtATime: oneAtATime, screen: state.screen,
                  screens: state.screens.length, from: presenter ? "presenter" : "screen" };
    if (channel) channel.postMessage({ type: "state", state: saved });
    if (presenter) return;  /* the shared screen keeps the clock through a reload */
    try { localStorage.setItem(CLOCK, JSON.stringify(saved)); } catch (error) { /* the clock just restarts */ }
  }
  /* Take the state the other window sent (or this one saved before a reload). */
  function apply(saved) {
    applying = true;
    state.running = true;
    state.started = saved.started;
    state.elapsedBefore = saved.elapsedBefore;
    state.paused = saved.paused;
    oneAtATime = saved.oneAtATime !== false;
    pausedLook();
    if (!ticker) ticker = window.setInterval(tick, 250);
    var screen = saved.from === "screen" || !presenter ? saved.screen || 0 : 0;
    if (saved.view === "discussion") {
      show("discussion");
      go(saved.current, screen);
      setMode(oneAtATime);
      showQuestion(saved.question || 0);
    } else {
      show("session");
      go(saved.current, screen);
    }
    if (presenter && saved.from === "screen") showShared(saved.screen || 0, saved.screens || 1);
    applying = false;
  }
  function restoreClock() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(CLOCK) || "null"); } catch (error) { saved = null; }
    if (!saved || (saved.view !== "session" && saved.view !== "discussion")) return false;
    state.notes = saved.notes;
    apply(saved);
    return true;
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
    keepClock();
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
    var input = $("discussion-minutes");
    var text = input.value.trim();
    var minutes = Number(text);
    var fine = /^\d+$/.test(text) && minutes >= 1 && minutes <= 60;
    input.setAttribute("aria-invalid", String(!fine && text !== ""));
    $("minutes-error").textContent = fine || text === ""
      ? "" : "Give a whole number of minutes from 1 to 60; the timer keeps " + talk.seconds / 60 + " minutes.";
    if (fine) {
      talk.seconds = minutes * 60;
      talkTick();
    }
  }

  /* ---- sessions: any number a briefing, each a record ----------------------- */
  /* Saved in localStorage under one key a briefing: {order: [ids], open: id, records: {id: record}}.
     A record is what the export's "session" holds, with its id and when it was made and changed. */
  var FIELDS = ["date", "team", "agency", "agency_other", "facilitator", "attending", "attendees",
                "reflections", "embedded", "usefulness", "confidence_before", "confidence_after",
                "will_do_differently"];
  var rows = $("action-rows");
  var actionCount = 0;
  var store = { order: [], open: null, records: {} };

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  function field(name) { return document.querySelector('[name="' + name + '"]'); }
  function addAction(values) {
    var row = $("action-row-template").content.firstElementChild.cloneNode(true);
    actionCount += 1;
    row.querySelectorAll("input").forEach(function (input) {
      var name = input.getAttribute("data-field");
      input.id = "action-" + actionCount + "-" + name;
      if (input.type === "checkbox") input.checked = Boolean(values && values[name]);
      else input.value = (values && values[name]) || "";
      row.querySelector('label[data-for="' + name + '"]').setAttribute("for", input.id);
    });
    rows.appendChild(row);
    renumber();
    return row;
  }
  function renumber() {
    rows.querySelectorAll(".action-row").forEach(function (row, i) {
      row.querySelector(".action-legend").textContent = "Action " + (i + 1);
      row.querySelector(".remove-action").setAttribute("aria-label", "Remove action " + (i + 1));
    });
  }
  function form() {
    /* The open session as typed, for saving. */
    var result = {};
    FIELDS.forEach(function (name) { result[name] = field(name).value; });
    result.actions = Array.prototype.map.call(rows.querySelectorAll(".action-row"), function (row) {
      var action = {};
      row.querySelectorAll("input").forEach(function (input) {
        action[input.getAttribute("data-field")] = input.type === "checkbox" ? input.checked : input.value;
      });
      return action;
    });
    return result;
  }
  function fill(values) {
    FIELDS.forEach(function (name) {
      var value = values[name];
      field(name).value = value === null || value === undefined ? "" : value;
    });
    showOther();
    rows.innerHTML = "";
    (values.actions && values.actions.length ? values.actions : [{}]).forEach(addAction);
  }
  function showOther() {
    document.querySelector(".other-agency").hidden = field("agency").value !== "other";
  }
  function persist() {
    try {
      localStorage.setItem(STORE, JSON.stringify(store));
      return true;
    } catch (error) {
      $("record-status").textContent = "This browser would not save the session: export it before you close the page.";
      return false;
    }
  }
  function save() {
    var record = store.records[store.open];
    var typed = form();
    Object.keys(typed).forEach(function (key) { record[key] = typed[key]; });
    record.updated_at = new Date().toISOString();
    if (persist()) $("record-status").textContent = "Saved in this browser.";
    listSessions();
  }
  function label(record) {
    var when = record.date ? formatDate(record.date) : "No date yet";
    return when + " · " + (record.team || "no team yet");
  }
  function formatDate(iso) {
    var parts = iso.split("-");
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"];
    return Number(parts[2]) + " " + months[Number(parts[1]) - 1] + " " + parts[0];
  }
  function listSessions() {
    var list = $("session-list");
    list.innerHTML = "";
    store.order.forEach(function (id) {
      var record = store.records[id];
      var item = document.createElement("li");
      item.className = "session-item" + (id === store.open ? " open" : "");
      var name = document.createElement("span");
      name.className = "session-name";
      name.textContent = label(record) + (id === store.open ? " (open below)" : "");
      item.appendChild(name);
      if (id !== store.open) {
        var open = document.createElement("button");
        open.type = "button";
        open.textContent = "Open";
        open.setAttribute("aria-label", "Open the session of " + label(record));
        open.addEventListener("click", function () { openSession(id); });
        item.appendChild(open);
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "delete-session";
      remove.textContent = "Delete";
      remove.setAttribute("aria-label", "Delete the session of " + label(record));
      remove.addEventListener("click", function () { deleteSession(id); });
      item.appendChild(remove);
      list.appendChild(item);
    });
    $("this-session").textContent = "This session: " + label(store.records[store.open]);
  }
  function newSession(quiet) {
    var id = uuid();
    var now = new Date().toISOString();
    store.records[id] = { record_id: id, created_at: now, updated_at: now, actions: [{}] };
    store.order.push(id);
    store.open = id;
    fill(store.records[id]);
    persist();
    listSessions();
    if (!quiet) {
      $("record-status").textContent = "A new session is open. The others stay saved above.";
      $("this-session").focus();
    }
  }
  function openSession(id) {
    store.open = id;
    fill(store.records[id]);
    persist();
    listSessions();
    $("record-status").textContent = "Opened the session of " + label(store.records[id]) + ".";
    $("this-session").focus();
  }
  function deleteSession(id) {
    if (!window.confirm("Delete the session of " + label(store.records[id]) + "? This cannot be undone.")) return;
    delete store.records[id];
    store.order = store.order.filter(function (other) { return other !== id; });
    if (store.open === id) {
      if (store.order.length) {
        store.open = store.order[store.order.length - 1];
        fill(store.records[store.open]);
      } else {
        newSession(true);
      }
    }
    persist();
    listSessions();
    $("record-status").textContent = "Deleted.";
    $("new-session").focus();
  }
  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (error) { saved = null; }
    if (saved && saved.records && saved.order && saved.order.length) {
      store = saved;
      if (!store.records[store.open]) store.open = store.order[store.order.length - 1];
      fill(store.records[store.open]);
      listSessions();
      $("record-status").textContent = "Restored the sessions saved in this browser.";
      return;
    }
    newSession(true);
    var older = null;  /* a record saved by an earlier version of this page, one a briefing */
    try { older = JSON.parse(localStorage.getItem(OLD_STORE) || "null"); } catch (error) { older = null; }
    if (older) {
      var record = store.records[store.open];
      FIELDS.concat(["actions"]).forEach(function (name) {
        if (older[name] !== undefined && older[name] !== null) record[name] = older[name];
      });
      fill(record);
      persist();
      localStorage.removeItem(OLD_STORE);
      listSessions();
    }
  }

  /* ---- export: the record format (schema/session-record.schema.json) -------- */
  function score(value) { return value === "" || value === undefined ? null : Number(value); }
  function lines(text) {
    return (text || "").split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
  }
  function agency(record) {
    return record.agency === "other" ? (record.agency_other || "").trim() : (record.agency || "");
  }
  function missing(record) {
    var needed = [["date", "Date"], ["team", "Team"], ["agency", "Service or agency"], ["attending", "Number attending"]];
    return needed.filter(function (pair) {
      if (pair[0] === "agency") return !agency(record);
      return !String(record[pair[0]] || "").trim();
    });
  }
  function exported(record) {
    var actions = (record.actions || []).filter(function (a) { return (a.what || "").trim(); }).map(function (a) {
      return { what: a.what.trim(), who: (a.who || "").trim(), by: a.by || "", done: Boolean(a.done) };
    });
    var attendees = lines(record.attendees).map(function (line) {
      var comma = line.indexOf(",");
      return comma < 0 ? { name: line } : { name: line.slice(0, comma).trim(), role: line.slice(comma + 1).trim() };
    }).filter(function (person) { return person.name; });
    var session = {
      date: record.date, team: record.team.trim(), agency: agency(record), facilitator: (record.facilitator || "").trim(),
      attending: Number(record.attending), reflections: record.reflections || "", actions: actions,
      embedded: record.embedded || "",
      evaluation: {
        usefulness: score(record.usefulness), confidence_before: score(record.confidence_before),
        confidence_after: score(record.confidence_after), will_do_differently: lines(record.will_do_differently)
      }
    };
    if (attendees.length) session.attendees = attendees;
    return {
      format: "seven-minute-session-record",
      format_version: 1,
      record_id: record.record_id,
      kit_version: data.kit_version,
      exported_at: new Date().toISOString(),
      updated_at: record.updated_at,
      briefing: { slug: data.slug, title: data.title, partnership: data.partnership, published: data.published,
                  content_hash: data.content_hash },
      session: session
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
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    /* OWASP CSV injection: a cell a spreadsheet would read as a formula is made inert with a leading quote */
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  /* The kit's CSV layout: one row an action; `python build.py evidence add` reads it back. */
  var CSV_HEADER = ["record_id", "briefing_slug", "briefing_title", "content_hash", "date", "team", "agency",
                    "facilitator", "attending", "reflections", "embedded", "usefulness", "confidence_before",
                    "confidence_after", "will_do_differently", "action", "who", "by_when", "action_done"];
  function csv(out) {
    var s = out.session;
    var e = s.evaluation;
    var actions = s.actions.length ? s.actions : [{ what: "", who: "", by: "", done: false }];
    var body = actions.map(function (a) {
      return [out.record_id, data.slug, data.title, data.content_hash, s.date, s.team, s.agency, s.facilitator,
              s.attending, s.reflections, s.embedded, e.usefulness, e.confidence_before, e.confidence_after,
              e.will_do_differently.join("\n"), a.what, a.who, a.by, a.what ? (a.done ? "yes" : "no") : ""]
        .map(csvCell).join(",");
    });
    /* a UTF-8 byte-order mark first, so Excel reads accented names correctly */
    return "\uFEFF" + [CSV_HEADER.join(",")].concat(body).join("\r\n") + "\r\n";
  }
  function exportAs(kind) {
    save();
    var record = store.records[store.open];
    var gaps = missing(record);
    if (gaps.length) {
      $("record-status").textContent = "Fill in " + gaps.map(function (g) { return g[1]; }).join(", ") +
        " before you export: the partnership's report counts sessions by them.";
      field(gaps[0][0]).focus();
      return;
    }
    var out = exported(record);
    var name = "seven-minute-record-" + data.slug + "-" + record.date + "-" +
      record.team.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    if (kind === "json") download(name + ".json", "application/json", JSON.stringify(out, null, 2) + "\n");
    else download(name + ".csv", "text/csv", csv(out));
    $("record-status").textContent = "Exported. Send the file to the partnership, or keep it with your team's records.";
  }

  /* ---- wiring ------------------------------------------------------------- */
  $("start").addEventListener("click", start);
  $("next").addEventListener("click", next);
  $("previous").addEventListener("click", previous);
  $("pause").addEventListener("click", function () { setPaused(!state.paused); });
  $("notes").addEventListener("click", function () { showNotes(!state.notes); refit(); });
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
  $("record").addEventListener("input", function (event) {
    if (event.target.closest("#session-list")) return;
    if (event.target === field("agency")) showOther();
    save();
  });
  $("record").addEventListener("change", function (event) {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT") save();
  });
  $("new-session").addEventListener("click", function () { newSession(false); });
  $("delete-session").addEventListener("click", function () { deleteSession(store.open); });
  $("export-json").addEventListener("click", function () { exportAs("json"); });
  $("export-csv").addEventListener("click", function () { exportAs("csv"); });
  $("print-record").addEventListener("click", function () { window.print(); });
  document.querySelectorAll(".presenter-button").forEach(function (button) {
    button.hidden = !channel || presenter;
    button.addEventListener("click", openPresenter);
  });
  window.addEventListener("resize", refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);

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
    else if ((key === "n" || key === "N") && view === "session") {
      if (presenterOpen) announce("The notes are in the presenter view.");
      else { showNotes(!state.notes); refit(); }
    }
    else if (key === "f" || key === "F") { fullScreen(); }
    else if (key === "Escape" && document.fullscreenElement) { document.exitFullscreen(); }
  });

  /* Printed, each box is as tall as what was written in it (two lines when empty), so the
     record fits one page. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".record-form textarea").forEach(function (area) {
      area.setAttribute("data-rows", area.rows);
      area.rows = 2;
      area.style.height = "auto";
      area.style.height = area.scrollHeight + "px";
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll(".record-form textarea").forEach(function (area) {
      area.rows = Number(area.getAttribute("data-rows")) || 3;
      area.style.height = "";
    });
  });

  if (!presenter) restore();  /* the record is kept on the shared screen's page */
  setTalkMinutes();
  talkTick();
  if (presenter || !restoreClock()) show("intro");
  listen();
})();
