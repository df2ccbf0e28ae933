// Logout transit (ClaveÚnica's guide, "method 2"): its logout answers 204 with no Location, so navigate there,
// then home after a moment. A full-page navigation, never a popup or an iframe.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("claveunica-logout");
  if (!holder) return;
  var home = holder.getAttribute("data-home-url");
  window.setTimeout(function () { window.location.assign(home); }, 1500);
  window.location.assign(holder.getAttribute("data-logout-url"));
});
