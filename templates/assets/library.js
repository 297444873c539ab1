/* The library's search and theme filter: it shows and hides the cards already on the
   page, so without JavaScript every briefing is still listed. */
(function () {
  "use strict";
  var form = document.getElementById("finder");
  var search = document.getElementById("search");
  var theme = document.getElementById("theme-filter");
  var count = document.getElementById("finder-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll("#cards > .card"));
  if (!form || !cards.length) return;
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^a-z0-9]+/).filter(Boolean);
  }
  function apply() {
    var wanted = words(search.value);
    var key = theme.value;
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute("data-text");
      var themes = card.getAttribute("data-themes").split(" ");
      var match = (!key || themes.indexOf(key) !== -1) &&
        wanted.every(function (word) { return text.indexOf(word) !== -1; });
      card.hidden = !match;
      if (match) shown += 1;
    });
    /* the page's own words in its language, on the count itself */
    var said = shown === cards.length ? count.getAttribute("data-all") : count.getAttribute("data-some");
    count.textContent = said.replace("%(shown)s", shown).replace("%(count)s", cards.length);
    var params = new URLSearchParams();
    if (search.value) params.set("q", search.value);
    if (key) params.set("theme", key);
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }
  var start = new URLSearchParams(location.search);
  search.value = start.get("q") || "";
  if (start.get("theme")) theme.value = start.get("theme");
  search.addEventListener("input", apply);
  theme.addEventListener("change", apply);
  apply();
})();
