// The action form shows only the fieldset of the chosen programme. Without this script every
// fieldset shows, and the server ignores those of the other programmes.
(function () {
  "use strict";
  const select = document.getElementById("id_programme");
  if (!select) {
    return;
  }
  const fieldsets = document.querySelectorAll("fieldset[data-programme]");
  function showChosenProgramme() {
    fieldsets.forEach(function (fieldset) {
      fieldset.classList.toggle("fr-hidden", fieldset.dataset.programme !== select.value);
    });
  }
  select.addEventListener("change", showChosenProgramme);
  showChosenProgramme();
})();
