// The editor's widgets, apart from its state: elements, the Markdown toolbar, and the rows of
// the lists the author adds to, removes from and reorders.
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
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
  function listRow(list, index, fields, kind, label, hooks) {
    var item = el("li", { "data-field": kind + "." + index });
    fields.forEach(function (f) {
      var id = kind + "-" + index + "-" + (f.key || "text");
      item.appendChild(el("label", { "for": id }, f.label + " " + (index + 1)));
      var input = el(f.multiline ? "textarea" : "input", { id: id, rows: 2 });
      if (f.type) input.type = f.type;
      input.value = f.key ? list[index][f.key] || "" : list[index];
      input.addEventListener("input", function () {
        if (f.key) list[index][f.key] = input.value; else list[index] = input.value;
        hooks.changed();
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
        hooks.rerender();
        hooks.changed();
        var focusAt = action[0] === "remove" ? Math.min(index, list.length - 1) : index + action[1];
        var next = $(kind + "-" + focusAt + "-" + (fields[0].key || "text"));
        (next || $("add-" + label.split(" ")[0])).focus();
        hooks.say(action[0] === "remove" ? "Removed " + label + " " + (index + 1) + "." : "Moved " + label + " to place " + (focusAt + 1) + ".");
      });
      row.appendChild(button);
    });
    item.appendChild(row);
    return item;
  }
  // The list under a field (allow.0.reason), else under its row (allow.0), else the whole form's.
  function findingsList(field) {
    var keys = field.split(".");
    for (var n = keys.length; n > 0; n--) {
      var list = $("findings-" + keys.slice(0, n).join("-"));
      if (list) return list;
    }
    return $("findings-form");
  }
  window.SevenMinuteWidgets = {
    el: el, format: format, listRow: listRow, findingsList: findingsList
  };
})();
