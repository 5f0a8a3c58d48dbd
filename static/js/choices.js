// Searchable choices: starts Tom Select (static/vendor/tom-select/) on every select that
// config/choices.py marks with data-choices.
//   data-choices="local"   every option is in the page; the search filters them.
//   data-choices="remote"  the page holds only the selected values; typing asks the scoped
//                          JSON endpoint in data-choices-url (?q=<typed text>).
// Without this script the selects stay native and the forms still work.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }
  const APOSTROPHES = /[’‘ʼ′`´]/g;
  const DASHES = /[-‐‑‒–—―−]/g;

  // The same folding as config/search.py: case, accents, apostrophes and dashes ignored.
  function normalise(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .replace(APOSTROPHES, "'")
      .replace(DASHES, " ")
      .replace(/\s+/g, " ")
      .trim();
  }

  // Shows the options whose label contains the typed text, as the server's search does.
  function score(search) {
    const wanted = normalise(search);
    return function (option) {
      return !wanted || normalise(option.text).indexOf(wanted) !== -1 ? 1 : 0;
    };
  }

  function remoteSettings(select) {
    const url = new URL(select.dataset.choicesUrl, window.location.href);
    return {
      valueField: select.dataset.choicesValue || "value",
      preload: "focus",
      loadThrottle: 250,
      load: function (query, callback) {
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            return response.ok ? response.json() : Promise.reject(response.status);
          })
          .then(function (data) {
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
    };
  }

  function start(select) {
    const texts = select.dataset;
    const settings = {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      sortField: [{ field: "$score" }, { field: "$order" }],
      score: score,
      // The empty choice ("all", "none") is no value: shown as the placeholder, and back
      // when the value is removed (Backspace, or the × of the clear button).
      allowEmptyOption: false,
      maxOptions: 100,
      // Picking with Enter empties the typed text, so the next search starts afresh.
      clearAfterSelect: true,
      plugins: select.multiple
        ? { remove_button: { title: texts.choicesRemove || "" } }
        : { clear_button: { title: texts.choicesRemove || "" } },
      placeholder: texts.choicesPlaceholder || "",
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(texts.choicesNoResults || "") + "</div>";
        },
        loading: function () {
          return '<div class="spinner" aria-hidden="true"></div>';
        },
      },
    };
    if (select.dataset.choices === "remote") {
      Object.assign(settings, remoteSettings(select));
    }
    const widget = new TomSelect(select, settings);
    // What the select tells assistive technologies (its error, that it is required), the
    // field people actually use tells them too.
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        widget.control_input.setAttribute(name, select.getAttribute(name));
      }
    });
    // The label now names the field people use; the hidden select keeps the same name.
    const label = document.getElementById(select.id + "-ts-label");
    if (label) {
      select.setAttribute("aria-labelledby", label.id);
    }
    if (select.required) {
      widget.control_input.setAttribute("aria-required", "true");
    }
    return widget;
  }

  document.querySelectorAll("select[data-choices]").forEach(start);
})();
