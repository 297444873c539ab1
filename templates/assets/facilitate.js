/* The facilitator page: session clock with pacing, discussion, and the action plan.
   Inlined into facilitate.html; no network, no libraries. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("briefing-data").textContent);
  /* The page's own words in its language: data.words holds each message this script says,
     as the kit's catalogue gives it; %(name)s places take `values`. */
  var say = function (message, values) {
    var text = (data.words && data.words[message]) || message;
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values && name in values ? values[name] : ""; });
  };
  var SESSION = data.session_seconds;
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
    document.title = say("Presenter view: %(title)s", { title: document.title });
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
                screen: 0, screens: [[]], shared: null };
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
      pace.textContent = say("Running %(time)s behind", { time: clock(behind) });
      pace.classList.add("behind");
    } else {
      var sectionLeft = ends[state.current] - used;
      pace.textContent = say("On time: %(time)s for this part", { time: clock(Math.max(0, sectionLeft)) });
      pace.classList.remove("behind");
    }
  }
  function go(index, screen) {
    state.current = Math.max(0, Math.min(sections.length - 1, index));
    document.querySelectorAll(".slide").forEach(function (slide, i) {
      slide.hidden = i !== state.current;
    });
    /* the bar first, then the part: what the bar says takes room from the part */
    var following = sections[state.current + 1];
    $("up-next").textContent = following
      ? say("Next: %(number)s. %(title)s", { number: following.number, title: following.title })
      : say("Next: the questions for discussion");
    document.querySelectorAll(".progress-dot").forEach(function (dot, i) {
      dot.classList.toggle("done", i < state.current);
      dot.classList.toggle("current", i === state.current);
    });
    var n = state.current + 1;
    var where = say("Section %(number)s of %(count)s", { number: n, count: sections.length });
    $("position").textContent = where;
    $("progress").setAttribute("aria-label", say("Progress: section %(number)s of %(count)s", { number: n, count: sections.length }));
    tick();
    showNotes(state.notes);  /* so do the notes, when shown */
    state.screens = layout(document.querySelectorAll(".slide")[state.current]);
    showScreen(screen === "last" ? state.screens.length - 1 : screen || 0);
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
    button.textContent = state.paused ? say("Resume") : say("Pause");
    button.setAttribute("aria-pressed", String(state.paused));
    views.session.classList.toggle("paused", state.paused);
    tick();
  }
  function next() {
    if (body.getAttribute("data-view") === "discussion") return nextQuestion(1);
    if (roomStep(1)) return;
    if (state.screen < state.screens.length - 1) return showScreen(state.screen + 1, true);
    if (state.current === sections.length - 1) return toDiscussion();
    ask = 0;
    go(state.current + 1);
  }
  function previous() {
    if (body.getAttribute("data-view") === "discussion") {
      if (oneAtATime && question > 0) return nextQuestion(-1);
      return backToBriefing();
    }
    if (roomStep(-1)) return;
    if (state.screen > 0) return showScreen(state.screen - 1, true);
    ask = "last";
    go(state.current - 1, "last");
  }
  /* The presenter view shows a part whole where the shared screen may need two screens for it:
     driven from the presenter view, Next and Previous step through the room's screens too. */
  var ask = null;  /* presenter: the screen of the part to ask the shared screen for */
  function roomStep(step) {
    var room = state.shared;
    if (!presenter || !room || room.part !== state.current) return false;
    var screen = room.screen + step;
    if (screen < 0 || screen >= room.screens) return false;
    room.screen = ask = screen;
    showScreen(screen, true);
    return true;
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
  /* Each part is shown whole above the controls, as large as fits, or goes on over more screens
     within its own part and timing: nothing ever runs under the controls. On the shared screen the
     part is never under 28 px. With the notes shown (N, or the presenter view) the screen is the
     presenter's own: the notes sit beside the part, and both are fitted. */
  var SMALLEST = 28;
  var SMALLEST_BESIDE_NOTES = presenter ? 15 : 20;  /* the presenter view is read from close by */
  var NOTES_SMALLEST = 15;
  function fitting() { return window.innerWidth >= 700 && window.innerHeight >= 500; }
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
  function leadsIn(block) {
    var text = block.textContent.trim();
    var strong = block.firstElementChild;
    return /^H[1-6]$/.test(block.tagName) || /:$/.test(text) ||
      (block.tagName === "P" && strong && strong.tagName === "STRONG" && strong.textContent.trim() === text);
  }
  function overflows(area) { return area.scrollHeight > area.clientHeight + 1; }
  /* The largest type from `high` down to `low` px at which `area` shows all it holds; false
     (left at `low`) when even that is too large. */
  function largest(area, high, low) {
    area.style.fontSize = high + "px";
    if (!overflows(area)) return true;
    area.style.fontSize = low + "px";
    if (overflows(area)) return false;
    while (high - low > 0.5) {
      var middle = (high + low) / 2;
      area.style.fontSize = middle + "px";
      if (overflows(area)) high = middle; else low = middle;
    }
    area.style.fontSize = low + "px";
    return true;
  }
  function layout(slide) {
    var area = slide.querySelector(".slide-body");
    var notes = slide.querySelector(".notes");
    var blocks = blocksOf(area);
    blocks.forEach(function (block) { block.hidden = false; });
    lists(area);
    var fit = fitting();
    body.classList.toggle("fit", fit);
    body.classList.toggle("beside", fit && state.notes);
    if (!fit) { area.style.fontSize = notes.style.fontSize = ""; return [blocks]; }
    var high = Math.max(SMALLEST, Math.min(window.innerWidth * 0.028, window.innerHeight * 0.055));
    var low = state.notes ? SMALLEST_BESIDE_NOTES : SMALLEST;
    var whole = largest(area, high, low);
    /* the notes as large as fits, but never larger than the part */
    if (state.notes) largest(notes, parseFloat(area.style.fontSize), NOTES_SMALLEST);
    if (whole) return [blocks];
    var screens = [[]];
    blocks.forEach(function (block) { block.hidden = true; });
    blocks.forEach(function (block) {
      block.hidden = false;
      lists(area);
      var page = screens[screens.length - 1];
      if (overflows(area) && page.length) {
        /* a heading or a lead-in ("...to consider:") goes on with what it introduces */
        var carried = [];
        while (page.length > 1 && leadsIn(page[page.length - 1])) carried.unshift(page.pop());
        page.forEach(function (shown) { shown.hidden = true; });
        lists(area);
        screens.push(carried);
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
    var room = state.shared;
    if (presenter && room && room.part === state.current) {
      /* the presenter view shows the whole part, and says which screen of it the room sees */
      more.hidden = room.screens < 2;
      more.textContent = room.screens < 2 ? "" : say("The shared screen shows screen %(number)s of %(count)s of this part",
        { number: room.screen + 1, count: room.screens });
    } else {
      more.hidden = screens.length < 2;
      more.textContent = screens.length < 2 ? "" : state.screen < screens.length - 1
        ? say("Screen %(number)s of %(count)s for this part: it goes on after Next", { number: state.screen + 1, count: screens.length })
        : say("Screen %(number)s of %(count)s for this part", { number: state.screen + 1, count: screens.length });
    }
    if (moved) {
      announce(more.textContent);
      keepClock();
    }
  }
  function refit() {
    if (body.getAttribute("data-view") !== "session" || !state.running) return;
    var screen = state.screen;
    state.screens = layout(document.querySelectorAll(".slide")[state.current]);
    showScreen(screen);
  }
  /* The bar and the controls grow when their text wraps (the pace, which screen the room sees):
     the part is fitted again whenever it no longer fits above the controls. */
  function refitWhenCovered() {
    if (!body.classList.contains("fit")) return;
    var slide = document.querySelectorAll(".slide")[state.current];
    if (overflows(slide.querySelector(".slide-body")) || (state.notes && overflows(slide.querySelector(".notes")))) refit();
  }

  /* ---- the presenter view --------------------------------------------------- */
  function openPresenter() {
    var address = window.location.href.split("#")[0].split("?")[0] + "?presenter";
    var opened = window.open(address, "sevenminute-presenter-" + data.slug, "popup,width=1100,height=760");
    if (!opened) {
      $("presenter-status").textContent = say("The browser stopped the presenter view opening: allow pop-ups for this page.");
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
    $("presenter-status").textContent = open ? say("The notes are in the presenter view; this screen never shows them.") : "";
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
  function keepClock(reply) {
    if (!state.running || applying) return;
    var saved = { view: body.getAttribute("data-view"), current: state.current, started: state.started,
                  elapsedBefore: state.elapsedBefore, paused: state.paused, notes: state.notes,
                  question: question, oneAtATime: oneAtATime, screen: presenter && ask !== null ? ask : state.screen,
                  screens: state.screens.length, from: presenter ? "presenter" : "screen" };
    ask = null;
    if (reply) saved.reply = true;
    if (channel) channel.postMessage({ type: "state", state: saved });
    if (presenter) return;  /* the shared screen keeps the clock through a reload */
    try { localStorage.setItem(CLOCK, JSON.stringify(saved)); } catch (error) { /* the clock just restarts */ }
  }
  /* Take the state the other window sent (or this one saved before a reload). */
  function apply(saved) {
    if (presenter && saved.reply) {
      /* the shared screen saying which screen it shows, once it has moved: news only for the part
         still shown here (the presenter may have moved on since) */
      if (saved.current === state.current) {
        state.shared = { part: saved.current, screen: saved.screen || 0, screens: saved.screens || 1 };
        showScreen(state.screen);
      }
      return;
    }
    applying = true;
    state.running = true;
    state.started = saved.started;
    state.elapsedBefore = saved.elapsedBefore;
    state.paused = saved.paused;
    oneAtATime = saved.oneAtATime !== false;
    pausedLook();
    if (!ticker) ticker = window.setInterval(tick, 250);
    var screen = saved.from === "screen" || !presenter ? saved.screen || 0 : 0;
    state.shared = saved.from === "screen" ? { part: saved.current, screen: saved.screen || 0,
                                               screens: saved.screens || 1 } : null;
    if (saved.view === "discussion") {
      show("discussion");
      go(saved.current, screen);
      setMode(oneAtATime);
      showQuestion(saved.question || 0);
    } else if (presenter && saved.current === state.current && body.getAttribute("data-view") === "session") {
      showScreen(screen);  /* the same part, another screen of it: nothing new to announce */
    } else {
      show("session");
      go(saved.current, screen);
    }
    applying = false;
    /* moved from the presenter view: keep the part for a reload, and say which screen it is */
    if (!presenter && saved.from === "presenter") keepClock(true);
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
    announce(say("Discussion: %(count)s questions", { count: questions.length }));
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
      ? say("Question %(number)s of %(count)s", { number: question + 1, count: questions.length })
      : say("%(count)s questions", { count: questions.length });
    $("previous-question").disabled = !oneAtATime || question === 0;
    $("next-question").disabled = !oneAtATime || question === questions.length - 1;
    keepClock();
  }
  function nextQuestion(step) {
    if (!oneAtATime) return;
    showQuestion(question + step);
    announce(say("Question %(number)s of %(count)s: %(question)s",
      { number: question + 1, count: questions.length, question: questions[question].textContent }));
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
      button.textContent = say("Resume discussion timer");
    } else {
      talk.started = Date.now();
      talk.running = true;
      talkTicker = window.setInterval(talkTick, 250);
      button.textContent = say("Pause discussion timer");
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
      ? "" : say("Give a whole number of minutes from 1 to 60; the timer keeps %(minutes)s minutes.", { minutes: talk.seconds / 60 });
    if (fine) {
      talk.seconds = minutes * 60;
      talkTick();
    }
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
  document.querySelectorAll(".presenter-button").forEach(function (button) {
    button.hidden = !channel || presenter;
    button.addEventListener("click", openPresenter);
  });
  window.addEventListener("resize", refit);
  if (window.ResizeObserver) {
    var watcher = new ResizeObserver(refitWhenCovered);
    watcher.observe(document.querySelector(".session-bar"));
    watcher.observe(document.querySelector("#session .controls"));
  }
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
      if (presenterOpen) announce(say("The notes are in the presenter view."));
      else { showNotes(!state.notes); refit(); }
    }
    else if (key === "f" || key === "F") { fullScreen(); }
    else if (key === "Escape" && document.fullscreenElement) { document.exitFullscreen(); }
  });

  setTalkMinutes();
  talkTick();
  if (presenter || !restoreClock()) show("intro");
  listen();
})();
