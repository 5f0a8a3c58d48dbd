// The invitation form shows the scope fields of the chosen role only (a territory for a
// coordinator, an organisation for an operator or a company contact). Hidden groups are
// disabled, so that they are not sent. Without this script every group shows, and the
// server says which ones the role needs.
(function () {
  "use strict";
  const radios = document.querySelectorAll('input[name="role"]');
  const groups = document.querySelectorAll("[data-for-roles]");
  if (!radios.length || !groups.length) {
    return;
  }
  function showChosenRole() {
    const chosen = document.querySelector('input[name="role"]:checked');
    const role = chosen ? chosen.value : "";
    groups.forEach(function (group) {
      const shown = group.dataset.forRoles.split(" ").includes(role);
      group.hidden = !shown;
      group.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.disabled = !shown;
      });
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", showChosenRole);
  });
  showChosenRole();
})();
