// The batch page while its PDF is made (templates/paper/batch.html): fetch the page again every
// few seconds and show the progress in place, without reloading (the focus stays where it is).
// Only a help: without this script the page loads itself again (a <noscript> refresh) or on
// the "reload" link.
(function () {
  "use strict";

  var DELAY = 3000;
  var region = document.getElementById("batch-status");
  var announce = document.getElementById("batch-announce");
  if (!region || region.getAttribute("data-printing") !== "true" || !window.fetch) return;

  function copyProgress(fresh) {
    var bar = region.querySelector("progress");
    var freshBar = fresh.querySelector("progress");
    var text = region.querySelector(".paper-progress p");
    var freshText = fresh.querySelector(".paper-progress p");
    if (bar && freshBar) bar.value = freshBar.value;
    if (text && freshText) text.textContent = freshText.textContent;
  }

  function finish(fresh) {
    var focused = document.activeElement && region.contains(document.activeElement);
    region.innerHTML = fresh.innerHTML;
    region.removeAttribute("data-printing");
    if (announce) announce.textContent = fresh.getAttribute("data-state") || "";
    var first = region.querySelector("a, button");
    if (focused && first) first.focus();
  }

  // Return whether to ask again.
  function update(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("batch-status");
    if (!fresh) return false; // signed out meanwhile, or the batch is gone: stop asking
    if (fresh.getAttribute("data-printing") === "true") {
      copyProgress(fresh);
      return true;
    }
    finish(fresh);
    return false;
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        if (update(html)) window.setTimeout(poll, DELAY);
      })
      .catch(function () {
        window.setTimeout(poll, DELAY * 5);
      });
  }

  window.setTimeout(poll, DELAY);
})();
