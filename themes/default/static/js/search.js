// The /cari/ page, enhanced: search as you type with Pagefind. Without JavaScript the page shows
// links to the lists instead (the .no-js block), so nothing here is needed to use the site.
(function () {
  "use strict";
  var root = document.getElementById("pencarian");
  if (!root) return;
  var base = new URL(root.dataset.base, location.href);
  var input = root.querySelector("#cari-q");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var pagefind = null;
  root.classList.add("js");
  // The box shows the header's query at once, not only once Pagefind has arrived (seconds on a
  // slow phone), and never replaces what the reader typed meanwhile.
  if (!input.value) input.value = new URL(location.href).searchParams.get("q") || "";

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  // A result's picture: the winner's own photo, or their initials in a neutral circle; none for
  // press releases and pages without a picture of their own. The theme stores each picture's
  // address relative to its page (Pagefind's first-<img> guess is relative to its page too),
  // so it is resolved against the result's address, which works under any sub-path.
  function figure(result) {
    if (result.meta.image) {
      var img = document.createElement("img");
      img.src = new URL(result.meta.image, new URL(result.url, location.href)).href;
      img.alt = "";
      img.width = 72;
      img.height = 72;
      img.loading = "lazy";
      return img;
    }
    if (result.meta.initials) {
      var initials = text("span", result.meta.initials, "initials");
      initials.setAttribute("aria-hidden", "true");
      return initials;
    }
    return null;
  }

  function item(result) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = result.url;
    link.appendChild(text("span", result.meta.title || result.url, "search-title"));
    var picture = figure(result);
    if (picture) li.appendChild(picture); else li.className = "no-figure";
    li.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and adds only <mark>
    li.appendChild(excerpt);
    return li;
  }

  // Results come STEP at a time, each with its text (a file of its own, as Pagefind keeps
  // them): 30 at once made a quarter of what a first search downloads. `current` is the
  // search on screen and how many of its results are shown.
  var STEP = 10;
  // How long a search waits for the reader to stop typing, in ms. The words' index chunks load
  // meanwhile, so the wait is felt only where they come faster; a reader who types slower than
  // this (as on a phone) has a search computed after every letter whatever it is. A first
  // search for "warga" at 4,000 profiles showed in 290-348 ms here, 319-398 ms with 150 ms.
  var DEBOUNCE = 100;
  var more = root.querySelector(".search-more");
  var current = null;

  // Shows the next STEP results of a search, each (by `show`) as soon as it and those before it
  // have arrived: their texts are fetched at once, and the first is on screen before the last
  // has come (a first search for "warga" at 4,000 profiles: 226-258 ms here, 252-282 ms when
  // the page waited for all ten). It stops if a newer search has replaced this one meanwhile.
  async function next(shown, show) {
    var slice = shown.results.slice(shown.count, shown.count + STEP);
    var loading = slice.map(function (r) { return r.data(); });
    // (The button stays meanwhile: it may hold the focus. aria-busy: the list is not complete.)
    shown.busy = true;
    list.setAttribute("aria-busy", "true");
    for (var i = 0; i < loading.length; i++) {
      var data = await loading[i];
      if (shown !== current) return;
      show(item(data), i);
      shown.count += 1;
    }
    shown.busy = false;
    list.setAttribute("aria-busy", "false");
    var left = shown.results.length - shown.count;
    more.hidden = left <= 0;
    more.textContent = root.dataset.more.replace("{n}", Math.min(left, STEP)); // (what it adds)
  }

  async function run() {
    if (!pagefind) return; // start() searches for what the box holds once Pagefind is ready
    var query = input.value.trim();
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.dataset.filter] = s.value; });
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query && !Object.keys(filters).length) {
      current = null;
      more.hidden = true;
      list.replaceChildren();
      list.setAttribute("aria-busy", "false");
      status.textContent = "";
      return;
    }
    // By filters alone: the word every searched page has (see the theme's macros.searched),
    // not Pagefind's null search, which fetches the whole index. (debouncedSearch fetches the
    // words' index chunks at once, during the debounce: Pagefind preloads them itself.)
    var words = query || root.dataset.everyPage;
    var search = await pagefind.debouncedSearch(words, { filters: filters }, DEBOUNCE);
    if (search === null) return; // a newer keystroke superseded this search
    var found = search.results.length;
    var shown = current = { results: search.results, count: 0, busy: false };
    if (!found) {
      more.hidden = true;
      list.replaceChildren();
      status.textContent = root.dataset.none;
    }
    await next(shown, function (li, i) {
      if (i > 0) return list.appendChild(li);
      list.replaceChildren(li); // (the earlier search's results stay until then)
      status.textContent = root.dataset.found.replace("{n}", found);
    });
  }

  // The reader goes on from the first of the results added (the button is gone after the last).
  more.addEventListener("click", function () {
    if (!current || current.busy) return;
    next(current, function (li, i) {
      list.appendChild(li);
      if (i === 0) li.querySelector("a").focus();
    });
  });

  // The filters' values and counts (a file a filter in every part: 48 requests and 34 KB at
  // 4,000 profiles, a ninth of a first search) are fetched when the reader opens the filters,
  // or once Pagefind has arrived if they are open by then. Each list stays disabled until
  // its values are in: a list opened before then would offer only "All".
  var box = root.querySelector(".filters-box");
  var filling = null;
  function fillFilters() {
    if (!pagefind || filling || !box.open) return;
    filling = pagefind.filters().then(function (available) {
      selects.forEach(function (select) {
        var counts = available[select.dataset.filter] || {};
        Object.keys(counts).sort().forEach(function (value) {
          var option = text("option", value + " (" + counts[value] + ")");
          option.value = value;
          select.appendChild(option);
        });
        select.disabled = false;
      });
    }, function () {
      filling = null; // (tried again when the reader next opens them)
    });
  }
  box.addEventListener("toggle", fillFilters);

  // Listening from the start: what the reader types before Pagefind has loaded is searched
  // for once it has. Until then a submitted form goes to this page as a plain GET form would.
  input.addEventListener("input", run);
  root.querySelector("form").addEventListener("submit", function (e) {
    if (!pagefind) return;
    e.preventDefault();
    run();
  });

  // The index comes in parts (a few hundred pages each) that the build keeps apart, so that an
  // edit re-indexes one part: parts.json lists each language's parts; the first is loaded
  // with the program, the others merged into it. The page's own language picks its parts.
  async function start() {
    var bundle = new URL("pagefind/", base);
    var program = import(new URL("pagefind.js", bundle).href);
    // (asked again of the server each time, as Pagefind does its own entry file: a new year's
    // part must not wait for a browser's cache to expire)
    var response = await fetch(new URL("parts.json", bundle), { cache: "no-cache" });
    if (!response.ok) throw new Error("no parts.json");
    var languages = await response.json();
    var lang = (document.documentElement.lang || "").toLowerCase();
    var parts = languages[lang] || languages[Object.keys(languages)[0]] || [];
    if (!parts.length) throw new Error("an empty index");
    var loaded = await program;
    var at = function (part) { return new URL(part, bundle).pathname; };
    await loaded.options({ basePath: at(parts[0]), baseUrl: base.pathname });
    await Promise.all(parts.slice(1).map(function (part) {
      return loaded.mergeIndex(at(part), { baseUrl: base.pathname });
    }));
    selects.forEach(function (select) { select.addEventListener("change", run); });
    root.querySelector(".filters").disabled = false;
    pagefind = loaded;
    fillFilters();
    if (input.value.trim()) run();
  }

  // Without Pagefind (not built, or not loaded) the page offers the lists instead.
  start().catch(function () {
    root.classList.remove("js");
    root.classList.add("off");
  });
})();
