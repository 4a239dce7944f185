/*
  Kairos: the search page (plugins/kairos/templates/theme/kairos/search.html).

  Searches the site's Pagefind index (the pagefind/ folder the kairos plugin writes after each
  build) through Pagefind's JavaScript API, pagefind.js, loaded from the site itself. Pagefind
  downloads only what a search needs: the index chunk of the words searched, the filter lists,
  and the data of the results shown, ten at a time.

  The page works as a form without this script (?q= in the address); this script runs the
  search, keeps the words and the filters ticked in the address (?q=...&theme=Kindness, so a
  search can be shared and survives a reload), shows filters with counts (within a group and
  across groups a story must match every filter ticked), announces the number of results in a
  live region, and, when search cannot work (the page opened from disk as file://, where
  browsers refuse the fetch() Pagefind needs; offline; no index), shows the links to the
  browse pages instead. Nothing here requests anything from anywhere but this site.

  What counts as a match (the settings come from kairos.site.search_index):
  - a story's themes, content notes and storyteller role are metadata that Pagefind searches
    and weighs (ranking.metaWeights), so "dignity" finds every story tagged Dignity first;
  - stories come first, then hand-written pages, each in Pagefind's order: two searches, one
    with the hidden filter kind:story, one without it;
  - every word must match as a word (or another form of it: "reassurance" finds "reassured"),
    not as the start of a longer one ("car" is not "care"): Pagefind also returns pages where
    a word only begins a longer one, so each word is looked up again as an exact term
    ("word") and results without all of them are left out. When only such pages exist, the
    page says there is no result and offers the longer words it found instead.
*/
(function () {
  "use strict";

  var root = document.getElementById("kairos-search");
  if (!root) {
    return;
  }
  var ui = document.getElementById("kairos-search-ui");
  var unavailable = document.getElementById("kairos-search-unavailable");
  var form = document.getElementById("kairos-search-form");
  var input = document.getElementById("kairos-search-q");
  var status = document.getElementById("kairos-search-status");
  var filtersBox = document.getElementById("kairos-search-filters");
  var filterGroups = document.getElementById("kairos-search-filter-groups");
  var list = document.getElementById("kairos-search-results");
  var more = document.getElementById("kairos-search-more");
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 400;
  var suggestions = document.getElementById("kairos-search-suggestions");
  var settings = JSON.parse(root.getAttribute("data-settings") || "{}");
  var filterNames = (settings.filters || []).map(function (pair) {
    return pair[0];
  });
  var filterParams = {}; // filter name -> its name in the address
  (settings.filters || []).forEach(function (pair) {
    filterParams[pair[0]] = pair[1];
  });
  var KIND = settings.kind || "kind";
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "en");

  var pagefind = null;
  var current = null; // {results, shown, term}
  var searchId = 0;
  var timer = null;
  var boxes = {}; // "name\u0000value" -> {input, count}
  var totals = null; // every filter value with its number of pages, before any search
  var toResults = null; // the "Show the results" link after the filter last changed

  function showUnavailable(reason) {
    ui.hidden = true;
    unavailable.querySelectorAll("[data-reason]").forEach(function (p) {
      p.hidden = p.getAttribute("data-reason") !== reason;
    });
    unavailable.hidden = false;
  }

  if (location.protocol === "file:") {
    // From disk a folder address opens a file listing: point the links at index.html.
    unavailable.querySelectorAll("a[href$='/']").forEach(function (link) {
      link.setAttribute("href", link.getAttribute("href") + "index.html");
    });
    showUnavailable("file");
    return;
  }

  function plural(count, one, many) {
    return numbers.format(count) + " " + (count === 1 ? one : many);
  }

  function selectedFilters() {
    var chosen = {};
    Object.keys(boxes).forEach(function (key) {
      var box = boxes[key];
      if (box.input.checked) {
        var name = box.input.name;
        (chosen[name] = chosen[name] || []).push(box.input.value);
      }
    });
    return chosen;
  }

  function hasFilters(filters) {
    return Object.keys(filters).length > 0;
  }

  // Pagefind's excerpt is text with <mark> around the words found: keep exactly that.
  function appendExcerpt(element, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    item.className = "kairos-search-result";
    var heading = document.createElement("h3");
    heading.className = "kairos-search-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (meta.storyteller) {
      var byline = "Told by " + meta.storyteller + (meta.role ? ", " + meta.role : "");
      if (meta.fictional) {
        byline += " \u00b7 " + meta.fictional;
      }
      item.appendChild(paragraph("kairos-search-result__byline", byline));
    }
    if (meta.summary) {
      item.appendChild(paragraph("kairos-search-result__summary", meta.summary));
    }
    if (meta.content_notes) {
      item.appendChild(
        paragraph("kairos-search-result__notes", "Content notes: " + meta.content_notes)
      );
    }
    if (data.excerpt) {
      var excerpt = paragraph("kairos-search-result__excerpt", "");
      appendExcerpt(excerpt, data.excerpt);
      item.appendChild(excerpt);
    }
    return item;
  }

  // Show the next ten results; return the first new link (for focus after "Show more").
  function showMore(id) {
    var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    list.setAttribute("aria-busy", "true");
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (id !== searchId) {
        return null;
      }
      var first = null;
      pages.forEach(function (data) {
        var item = resultItem(data);
        first = first || item.querySelector("a");
        list.appendChild(item);
      });
      current.shown += batch.length;
      list.setAttribute("aria-busy", "false");
      var left = current.results.length - current.shown;
      more.hidden = left <= 0;
      more.textContent = "Show more results (" + numbers.format(left) + " more)";
      return first;
    });
  }

  // A link after the filter just ticked or unticked: one Tab (or one tap on a phone) from
  // there to the first result, however many filters come after it.
  function makeToResults() {
    var link = document.createElement("a");
    link.className = "kairos-filter__to-results";
    link.id = "kairos-search-to-results";
    link.href = "#kairos-search-results-title";
    link.hidden = true;
    link.addEventListener("click", function (event) {
      var first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    });
    return link;
  }

  function buildFilters(all) {
    filterGroups.textContent = "";
    toResults = makeToResults();
    filterNames.forEach(function (name) {
      var values = Object.keys(all[name] || {});
      if (!values.length) {
        return;
      }
      values.sort(function (a, b) {
        return a.localeCompare(b);
      });
      var fieldset = document.createElement("fieldset");
      fieldset.className = "kairos-filter";
      var legend = document.createElement("legend");
      legend.className = "kairos-filter__name";
      legend.textContent = name;
      fieldset.appendChild(legend);
      values.forEach(function (value) {
        var label = document.createElement("label");
        label.className = "kairos-filter__choice";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        var count = document.createElement("span");
        count.className = "kairos-filter__count";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value + " "));
        label.appendChild(count);
        fieldset.appendChild(label);
        boxes[name + "\u0000" + value] = { input: box, count: count };
        box.addEventListener("change", function () {
          label.after(toResults);
          search(true);
        });
      });
      filterGroups.appendChild(fieldset);
    });
  }

  function updateCounts(counts) {
    Object.keys(boxes).forEach(function (key) {
      var box = boxes[key];
      var count = ((counts || {})[box.input.name] || {})[box.input.value] || 0;
      box.count.textContent = "(" + numbers.format(count) + ")";
      box.input.parentNode.classList.toggle("kairos-filter__choice--none", count === 0);
    });
  }

  // ?q=words&theme=Kindness&theme=Hope&level=...&role=...: what is searched, in the address.
  function setAddress(term, filters) {
    var url = new URL(location.href);
    if (term) {
      url.searchParams.set("q", term);
    } else {
      url.searchParams.delete("q");
    }
    filterNames.forEach(function (name) {
      url.searchParams.delete(filterParams[name]);
      (filters[name] || []).forEach(function (value) {
        url.searchParams.append(filterParams[name], value);
      });
    });
    history.replaceState(null, "", url);
  }

  // Tick the filters named in the address (once, when the filters are built).
  function tickFromAddress() {
    var params = new URLSearchParams(location.search);
    filterNames.forEach(function (name) {
      params.getAll(filterParams[name]).forEach(function (value) {
        var box = boxes[name + "\u0000" + value];
        if (box) {
          box.input.checked = true;
        }
      });
    });
  }

  function addressHasFilters() {
    var params = new URLSearchParams(location.search);
    return filterNames.some(function (name) {
      return params.has(filterParams[name]);
    });
  }

  function ids(found) {
    var set = new Set();
    found.results.forEach(function (result) {
      set.add(result.id);
    });
    return set;
  }

  // Stories (kind:story) first, then pages, keeping Pagefind's order in each; only the
  // results where every word matches as a word. Resolves to {results, partial, filters}.
  function find(term, filters) {
    var storyFilters = Object.assign({}, filters);
    storyFilters[KIND] = "story";
    var searches = [pagefind.search(term || null, { filters: storyFilters })];
    var withPages = Boolean(term) && !hasFilters(filters); // pages carry no filter value
    if (withPages) {
      var notStories = {};
      notStories[KIND] = "story";
      searches.push(pagefind.search(term, { filters: { not: notStories } }));
    }
    // Quotes are Pagefind's exact phrase search: the reader's own quotes are kept as typed.
    var words = term && term.indexOf('"') < 0 ? term.split(/\s+/) : [];
    words = words.filter(function (word) {
      return /[\p{L}\p{N}]/u.test(word);
    });
    words.forEach(function (word) {
      searches.push(pagefind.search('"' + word + '"'));
    });
    return Promise.all(searches).then(function (found) {
      var ranked = found[0].results.concat(withPages ? found[1].results : []);
      var whole = null;
      found.slice(withPages ? 2 : 1).forEach(function (exact) {
        var these = ids(exact);
        whole = whole
          ? new Set(
              Array.from(whole).filter(function (id) {
                return these.has(id);
              })
            )
          : these;
      });
      if (!whole) {
        return { results: ranked, partial: [], filters: found[0].filters };
      }
      return {
        results: ranked.filter(function (result) {
          return whole.has(result.id);
        }),
        partial: ranked.filter(function (result) {
          return !whole.has(result.id);
        }),
        filters: found[0].filters,
      };
    });
  }

  // The longer words that pages hold where a word searched only begins one ("car": "care").
  function showSuggestions(partial, term, id) {
    var typed = term.toLowerCase().split(/\s+/);
    return Promise.all(
      partial.slice(0, 5).map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (id !== searchId) {
        return;
      }
      var words = [];
      pages.forEach(function (data) {
        var template = document.createElement("template");
        template.innerHTML = data.excerpt || "";
        template.content.querySelectorAll("mark").forEach(function (mark) {
          var word = mark.textContent.toLowerCase().replace(/[^\p{L}\p{N}'\u2019-]/gu, "");
          var longer = typed.some(function (start) {
            return word.length > start.length && word.indexOf(start) === 0;
          });
          if (longer && words.indexOf(word) < 0) {
            words.push(word);
          }
        });
      });
      words = words.slice(0, 5);
      if (!words.length) {
        return;
      }
      suggestions.textContent = "Longer words that begin like yours: ";
      words.forEach(function (word, index) {
        var link = document.createElement("a");
        var url = new URL(location.href);
        url.searchParams.set("q", word);
        link.href = url.href;
        link.textContent = word;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          input.value = word;
          search(true);
          input.focus();
        });
        suggestions.appendChild(document.createTextNode(index ? ", " : ""));
        suggestions.appendChild(link);
      });
      suggestions.appendChild(document.createTextNode("."));
      suggestions.hidden = false;
    });
  }

  function clearResults() {
    list.textContent = "";
    more.hidden = true;
    suggestions.hidden = true;
    suggestions.textContent = "";
    current = null;
  }

  function search(now) {
    clearTimeout(timer);
    if (!now) {
      timer = setTimeout(function () {
        search(true);
      }, DEBOUNCE_MS);
      return Promise.resolve();
    }
    var term = input.value.trim();
    var id = ++searchId;
    var filters = {};
    return ready()
      .then(function () {
        if (id !== searchId) {
          return null;
        }
        filters = selectedFilters();
        setAddress(term, filters);
        if (!term && !hasFilters(filters)) {
          return null;
        }
        list.setAttribute("aria-busy", "true");
        return find(term, filters);
      })
      .then(function (found) {
        if (id !== searchId) {
          return;
        }
        clearResults();
        if (!found) {
          updateCounts(totals);
          status.textContent = "";
          toResults.hidden = true;
          list.setAttribute("aria-busy", "false");
          return;
        }
        current = { results: found.results, shown: 0, term: term };
        updateCounts(found.filters);
        var total = found.results.length;
        var what = term ? " for \u201c" + term + "\u201d" : "";
        var narrowed = hasFilters(filters) ? ", with the filters ticked" : "";
        status.textContent = total
          ? plural(total, "result", "results") + what + narrowed
          : "No results" +
            what +
            narrowed +
            (hasFilters(filters) ? ". Try other words, or fewer filters." : ". Try other words.");
        toResults.textContent =
          total === 1 ? "Show the result" : "Show the " + plural(total, "result", "results");
        toResults.hidden = !total;
        if (!total && found.partial.length) {
          showSuggestions(found.partial, term, id);
        }
        return showMore(id);
      })
      .catch(function () {
        showUnavailable("failed");
      });
  }

  var loading = null;
  function ready() {
    if (!loading) {
      var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
      loading = import(bundle)
        .then(function (module) {
          pagefind = module;
          return pagefind.options({
            excerptLength: 24,
            ranking: { metaWeights: settings.metaWeights || {} },
          });
        })
        .then(function () {
          // The filter lists and the index chunk of the words typed load side by side.
          var term = input.value.trim();
          return Promise.all([pagefind.filters(), term ? pagefind.preload(term) : null]);
        })
        .then(function (loaded) {
          var all = loaded[0];
          totals = all;
          buildFilters(all);
          tickFromAddress();
          updateCounts(all);
          filtersBox.hidden = !Object.keys(boxes).length;
        });
    }
    return loading;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(true);
  });
  input.addEventListener("input", function () {
    search(false);
  });
  more.addEventListener("click", function () {
    if (!current) {
      return;
    }
    showMore(searchId).then(function (first) {
      if (first) {
        first.focus();
      }
    });
  });

  // Filters start open on wide screens, closed on phones (the results come first there).
  if (window.matchMedia("(min-width: 60em)").matches) {
    filtersBox.open = true;
  }
  ui.hidden = false;
  var query = new URLSearchParams(location.search).get("q");
  if ((query && query.trim()) || addressHasFilters()) {
    input.value = (query || "").trim();
    search(true);
  } else {
    // Nothing to search yet: fetch Pagefind and the filters, so the first search is quick.
    ready().catch(function () {
      showUnavailable("failed");
    });
  }
})();
