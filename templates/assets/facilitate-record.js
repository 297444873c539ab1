/* The facilitator page's record: any number of sessions a briefing, kept in this browser, each
   exported as one record in the kit's format (schema/session-record.schema.json) or as CSV.
   Inlined after facilitate.js (the session clock); no libraries, and no network but the
   partnership's own hub, when its settings name one ("Send to the partnership"). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("briefing-data").textContent);
  /* The page's own words in its language: data.words holds each message this script says,
     as the kit's catalogue gives it; %(name)s places take `values`. */
  var say = function (message, values) {
    var text = (data.words && data.words[message]) || message;
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values && name in values ? values[name] : ""; });
  };
  var STORE = "sevenminute:sessions:" + data.slug;
  var OLD_STORE = "sevenminute:record:" + data.slug;  /* one record a briefing, before sessions */
  var presenter = /[?&]presenter(=|&|$)/.test(window.location.search);
  var $ = function (id) { return document.getElementById(id); };

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
      var error = row.querySelector('[data-error-for="' + name + '"]');
      if (error) {
        error.id = input.id + "-error";
        input.setAttribute("aria-describedby", error.id);
      }
    });
    rows.appendChild(row);
    renumber();
    return row;
  }
  function renumber() {
    rows.querySelectorAll(".action-row").forEach(function (row, i) {
      row.querySelector(".action-legend").textContent = say("Action %(number)s", { number: i + 1 });
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
    dateInputs().forEach(function (input) { checkDate(input); });  /* one saved before dates were checked */
  }

  /* ---- dates: each checked where it is typed ------------------------------- */
  /* A date input lets a year run to six figures (22026), which no record can hold: the message
     shows beside the field when it is left, goes as soon as the date is put right, and export
     refuses until it is. Not while typing: the year passes through 0002 and 0020 on its way. */
  var FIRST_YEAR = 2000, LAST_YEAR = 2099;  /* as the inputs' min and max say */
  function dateInputs() { return Array.prototype.slice.call($("record").querySelectorAll('input[type="date"]')); }
  function dateProblem(input) {
    if (input.validity && input.validity.badInput) return say("Enter the whole date: day, month and year.");
    var found = /^(\d+)-\d\d-\d\d$/.exec(input.value);
    if (!input.value || (found && found[1].length === 4 && found[1] >= FIRST_YEAR && found[1] <= LAST_YEAR)) return "";
    var years = { first: FIRST_YEAR, last: LAST_YEAR, year: found ? Number(found[1]) : "" };
    return found
      ? say("This date is not possible: check the year. It should have four figures, from %(first)s to %(last)s; this one has %(year)s.", years)
      : say("This date is not possible: check the year. It should have four figures, from %(first)s to %(last)s.", years);
  }
  function checkDate(input, onlyClear) {
    var problem = dateProblem(input);
    if (onlyClear && problem) return problem;  /* keep what is shown until the field is left */
    input.setAttribute("aria-invalid", String(Boolean(problem)));
    var message = $(input.id + "-error");  /* absent from a partnership's own older template */
    if (message) message.textContent = problem;
    return problem;
  }
  function dateName(input) {
    var row = input.closest(".action-row");
    return row ? say("By when in %(action)s", { action: row.querySelector(".action-legend").textContent })
      : say("the session's Date");
  }
  function listed(names) {
    return names.length < 2 ? names.join("")
      : say("%(some)s and %(last)s", { some: names.slice(0, -1).join(", "), last: names[names.length - 1] });
  }
  function showOther() {
    document.querySelector(".other-agency").hidden = field("agency").value !== "other";
  }
  function persist() {
    try {
      localStorage.setItem(STORE, JSON.stringify(store));
      return true;
    } catch (error) {
      $("record-status").textContent = say("This browser would not save the session: export it before you close the page.");
      return false;
    }
  }
  function save() {
    /* updated_at is when the session last changed, so it moves only when something typed did:
       exporting or printing an unchanged session twice gives two copies of the same moment. */
    var record = store.records[store.open];
    var typed = form();
    var changed = Object.keys(typed).some(function (key) {
      return JSON.stringify(record[key]) !== JSON.stringify(typed[key]);
    });
    Object.keys(typed).forEach(function (key) { record[key] = typed[key]; });
    if (changed || !record.updated_at) record.updated_at = new Date().toISOString();
    if (persist()) $("record-status").textContent = say("Saved in this browser.");
    listSessions();
  }
  function label(record) {
    var when = record.date ? formatDate(record.date) : say("No date yet");
    return when + " · " + (record.team || say("no team yet"));
  }
  function formatDate(iso) {
    var parts = iso.split("-");
    var months = [say("January"), say("February"), say("March"), say("April"), say("May"), say("June"),
                  say("July"), say("August"), say("September"), say("October"), say("November"), say("December")];
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
      name.textContent = id === store.open ? say("%(session)s (open below)", { session: label(record) }) : label(record);
      item.appendChild(name);
      if (id !== store.open) {
        var open = document.createElement("button");
        open.type = "button";
        open.textContent = say("Open");
        open.setAttribute("aria-label", say("Open the session of %(session)s", { session: label(record) }));
        open.addEventListener("click", function () { openSession(id); });
        item.appendChild(open);
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "delete-session";
      remove.textContent = say("Delete");
      remove.setAttribute("aria-label", say("Delete the session of %(session)s", { session: label(record) }));
      remove.addEventListener("click", function () { deleteSession(id); });
      item.appendChild(remove);
      list.appendChild(item);
    });
    $("this-session").textContent = say("This session: %(session)s", { session: label(store.records[store.open]) });
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
      $("record-status").textContent = say("A new session is open. The others stay saved above.");
      $("this-session").focus();
    }
  }
  function openSession(id) {
    store.open = id;
    fill(store.records[id]);
    persist();
    listSessions();
    $("record-status").textContent = say("Opened the session of %(session)s.", { session: label(store.records[id]) });
    $("this-session").focus();
  }
  function deleteSession(id) {
    if (!window.confirm(say("Delete the session of %(session)s? This cannot be undone.", { session: label(store.records[id]) }))) return;
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
    $("record-status").textContent = say("Deleted.");
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
      $("record-status").textContent = say("Restored the sessions saved in this browser.");
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
    var needed = [["date", say("Date")], ["team", say("Team")], ["agency", say("Service or agency")],
                  ["attending", say("Number attending")]];
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
    /* OWASP CSV injection: a cell a spreadsheet would read as a formula is made inert with a leading
       quote (and so is text already starting with quotes before one, so evidence add gives it back whole) */
    if (/^'*[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  /* The kit's CSV layout: one row an action; `python build.py evidence add` reads it back. It
     carries every field of the JSON export (the last seven columns were added for that), so
     either file of a session makes the same record. */
  var CSV_HEADER = ["record_id", "briefing_slug", "briefing_title", "content_hash", "date", "team", "agency",
                    "facilitator", "attending", "reflections", "embedded", "usefulness", "confidence_before",
                    "confidence_after", "will_do_differently", "action", "who", "by_when", "action_done",
                    "attendees", "action_done_on", "briefing_partnership", "briefing_published", "kit_version",
                    "exported_at", "updated_at"];
  function csv(out) {
    var s = out.session;
    var e = s.evaluation;
    var b = out.briefing;
    var people = (s.attendees || []).map(function (person) {
      return person.name + (person.role === undefined ? "" : ", " + person.role);
    }).join("\n");
    var actions = s.actions.length ? s.actions : [{ what: "", who: "", by: "", done: false }];
    var body = actions.map(function (a) {
      return [out.record_id, b.slug, b.title, b.content_hash, s.date, s.team, s.agency, s.facilitator,
              s.attending, s.reflections, s.embedded, e.usefulness, e.confidence_before, e.confidence_after,
              e.will_do_differently.join("\n"), a.what, a.who, a.by, a.what ? (a.done ? "yes" : "no") : "",
              people, a.done_on, b.partnership, b.published, out.kit_version, out.exported_at, out.updated_at]
        .map(csvCell).join(",");
    });
    /* a UTF-8 byte-order mark first, so Excel reads accented names correctly */
    return "\uFEFF" + [CSV_HEADER.join(",")].concat(body).join("\r\n") + "\r\n";
  }
  function complete(sending) {
    /* The open session's record when it can go to the partnership; else says what to fill in. */
    save();
    var record = store.records[store.open];
    var gaps = missing(record);
    if (gaps.length) {
      var fields = { fields: gaps.map(function (g) { return g[1]; }).join(", ") };
      $("record-status").textContent = sending
        ? say("Fill in %(fields)s before you send it: the partnership's report counts sessions by them.", fields)
        : say("Fill in %(fields)s before you export: the partnership's report counts sessions by them.", fields);
      field(gaps[0][0]).focus();
      return null;
    }
    var wrong = dateInputs().filter(function (input) { return checkDate(input); });
    if (wrong.length) {
      var dates = { dates: listed(wrong.map(dateName)) };
      $("record-status").textContent = sending
        ? say("Check %(dates)s before you send it: the partnership cannot add a record with a date that is not possible.", dates)
        : say("Check %(dates)s before you export: the partnership cannot add a record with a date that is not possible.", dates);
      wrong[0].focus();
      return null;
    }
    return record;
  }
  function exportAs(kind) {
    var record = complete(false);
    if (!record) return;
    var out = exported(record);
    var name = "seven-minute-record-" + data.slug + "-" + record.date + "-" +
      record.team.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    if (kind === "json") download(name + ".json", "application/json", JSON.stringify(out, null, 2) + "\n");
    else download(name + ".csv", "text/csv", csv(out));
    $("record-status").textContent = data.after_export[kind];
  }

  /* ---- sending: straight to the partnership's hub, when its settings name one ---------
     Each record sent waits in this browser (localStorage) until the hub answers that it has
     it, and is tried again when the browser is back online, every half minute while the page
     is open, and when the page is opened again. The hub's receipt is kept and shown. */
  var OUTBOX = "sevenminute:outbox:" + data.slug;
  function outbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX) || "{}") || {}; } catch (error) { return {}; }
  }
  function keepOutbox(box) {
    try { localStorage.setItem(OUTBOX, JSON.stringify(box)); } catch (error) { /* full: shown as waiting */ }
  }
  function showOutbox() {
    var box = outbox();
    var list = $("outbox");
    list.textContent = "";
    Object.keys(box).forEach(function (id) {
      var item = box[id];
      var line = document.createElement("li");
      var session = item.body.session;
      var what = { team: session.team, date: session.date, receipt: item.receipt };
      if (item.state === "arrived") line.textContent = say("%(team)s, %(date)s: arrived at the partnership (receipt %(receipt)s).", what) + " " + item.message;
      else if (item.state === "refused") line.textContent = say("%(team)s, %(date)s: not accepted.", what) + " " + item.message;
      else line.textContent = say("%(team)s, %(date)s: waiting to send: it goes when the partnership's hub can be reached.", what);
      list.appendChild(line);
    });
    $("outbox-box").hidden = !list.children.length;
  }
  var sending = false;
  function flush() {
    var box = outbox();
    var waiting = Object.keys(box).filter(function (id) { return box[id].state === "waiting"; });
    if (sending || !waiting.length) return;
    sending = true;
    var next = function (index) {
      if (index >= waiting.length) { sending = false; showOutbox(); return; }
      var id = waiting[index];
      fetch(data.send, {
        method: "POST", mode: "cors", credentials: "omit", cache: "no-store",
        headers: { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang },
        body: JSON.stringify(box[id].body)
      }).then(function (response) {
        return response.json().then(function (answer) { return { code: response.status, answer: answer }; });
      }).then(function (result) {
        var current = outbox();
        if (!current[id]) return;
        if (result.code === 200 || result.code === 201) {
          current[id].state = "arrived"; current[id].receipt = result.answer.receipt; current[id].message = result.answer.message;
        } else if (result.code === 422 || result.code === 413 || result.code === 415) {
          current[id].state = "refused"; current[id].message = result.answer.message;
        }  /* 429 or a server's error: it stays waiting, and is tried again */
        keepOutbox(current);
      }).catch(function () { /* offline, or the hub is down: it waits */ }).then(function () {
        showOutbox(); next(index + 1);
      });
    };
    next(0);
  }
  function send() {
    var record = complete(true);
    if (!record) return;
    var box = outbox();
    var out = exported(record);
    box[out.record_id] = { state: "waiting", body: out };
    keepOutbox(box);
    showOutbox();
    $("record-status").textContent = say("Sending the record to the partnership…");
    flush();
  }
  if (data.send) {
    $("send-record").addEventListener("click", send);
    window.addEventListener("online", flush);
    window.setInterval(flush, 30000);
    showOutbox();
    flush();
  }

  /* ---- wiring ------------------------------------------------------------- */
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
    if (event.target.type === "date") checkDate(event.target, true);
    save();
  });
  $("record").addEventListener("focusout", function (event) {
    if (event.target.type === "date") checkDate(event.target);
  });
  $("record").addEventListener("change", function (event) {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT") save();
  });
  $("new-session").addEventListener("click", function () { newSession(false); });
  $("delete-session").addEventListener("click", function () { deleteSession(store.open); });
  $("export-json").addEventListener("click", function () { exportAs("json"); });
  $("export-csv").addEventListener("click", function () { exportAs("csv"); });
  $("print-record").addEventListener("click", function () { window.print(); });

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
})();
