// Suggestions for the search box in the header, as an ARIA combobox. The
// form works without this script: it submits to /search.
(function () {
  "use strict";
  var input = document.getElementById("site-search-q");
  if (!input || !window.fetch) return;
  var endpoint = input.getAttribute("data-suggest");
  var list = document.createElement("ul");
  list.id = "site-search-suggest";
  list.className = "suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  var items = [], itemsFor = "", active = -1, timer = 0, seq = 0;
  var labels = { title: "Title", person: "Person", character: "Character" };

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  // dismiss is the visitor leaving the list (Escape, an empty box, focus
  // elsewhere): a question not yet asked is dropped, and an answer still
  // on its way is for text they have left, so it must not open the list.
  function dismiss() {
    clearTimeout(timer);
    seq++;
    close();
  }

  function select(i) {
    var opts = list.children;
    for (var j = 0; j < opts.length; j++) opts[j].setAttribute("aria-selected", j === i ? "true" : "false");
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", opts[i].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function show(results, q) {
    items = results;
    itemsFor = q;
    list.textContent = "";
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.id = "site-search-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var kind = document.createElement("span");
      kind.className = "suggest__kind";
      kind.textContent = labels[r.kind] || r.kind;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(r.name + (r.native_name ? " · " + r.native_name : "") + (r.context ? " — " + r.context : "")));
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
        window.location.href = r.url;
      });
      list.appendChild(li);
    });
    if (!results.length) return close();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    select(-1);
  }

  function ask() {
    var q = input.value.trim();
    if (!q) return dismiss();
    var mine = ++seq;
    fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : { results: [] }; })
      .then(function (body) { if (mine === seq) show(body.results || [], q); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) {
      if (e.key !== "ArrowDown") return;
      // Reopen what was shown for this very text; otherwise ask afresh.
      if (items.length && itemsFor === input.value.trim()) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      else ask();
      return;
    }
    if (e.key === "ArrowDown") { e.preventDefault(); select((active + 1) % items.length); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active <= 0 ? items.length - 1 : active - 1); }
    else if (e.key === "Escape") { e.preventDefault(); dismiss(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(dismiss, 100); });
})();
