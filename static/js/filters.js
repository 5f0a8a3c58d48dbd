// A list's filter panel is served open (so that it works without JavaScript). On a phone,
// when no filter is in use, it starts closed behind its "Filters" button: this runs before
// the DSFR's script, which then reads the button's aria-expanded.
(function () {
  "use strict";
  const panel = document.getElementById("filters-panel");
  if (!panel || panel.dataset.filtersActive === "true") {
    return;
  }
  if (window.matchMedia("(max-width: 47.98em)").matches) {
    const button = document.querySelector('[aria-controls="filters-panel"]');
    button.setAttribute("aria-expanded", "false");
    panel.classList.remove("fr-collapse--expanded");
  }
})();
