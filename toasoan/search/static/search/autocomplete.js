/* Autocomplete for the search boxes (form[role=search] input[name=q]).
 * Progressive: without this script the forms simply submit to /tim-kiem/.
 * Suggestions come from /tim-kiem/goi-y.json (newest titles with the words typed so far,
 * the last one as a prefix); titles are inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var SUGGEST_URL = "/tim-kiem/goi-y.json";
  var DELAY_MS = 150;
  var MIN_CHARS = 2;
  var counter = 0;

  function ensureStylesheet(script) {
    if (document.querySelector("link[data-search-css]")) return;
    var href = script && script.src ? script.src.replace(/autocomplete\.js(\?.*)?$/, "search.css") : null;
    if (!href || document.querySelector('link[href="' + href + '"]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-search-css", "");
    document.head.appendChild(link);
  }

  function attach(input) {
    if (input.hasAttribute("data-suggest-ready")) return;
    input.setAttribute("data-suggest-ready", "");
    counter += 1;
    var listId = "goi-y-tim-kiem-" + counter;
    var host = input.parentNode;
    host.classList.add("search-suggest-host");
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    host.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var controller = null;
    var active = -1;
    var items = [];

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function select(index) {
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      close();
      if (!suggestions.length) return;
      suggestions.forEach(function (suggestion, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var link = document.createElement("a");
        link.href = suggestion.url;
        link.textContent = suggestion.title;
        link.tabIndex = -1;
        item.appendChild(link);
        list.appendChild(item);
        items.push(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function fetchSuggestions() {
      var value = input.value.trim();
      if (value.length < MIN_CHARS) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      fetch(SUGGEST_URL + "?q=" + encodeURIComponent(value.slice(0, 200)), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === value) show(data.suggestions || []);
        })
        .catch(function () {
          /* aborted or offline: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        select(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].querySelector("a").href;
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 200); /* after a click on a suggestion */
    });
  }

  function init(script) {
    ensureStylesheet(script);
    var inputs = document.querySelectorAll('form[role="search"] input[name="q"]');
    Array.prototype.forEach.call(inputs, attach);
  }

  var current = document.currentScript;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(current);
    });
  } else {
    init(current);
  }
})();
