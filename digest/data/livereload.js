// digest serve: reload the page when a build completes, swap stylesheets in place after a
// CSS-only change (scroll position and page state are kept), and show build errors.
(function () {
  "use strict";
  var overlayId = "digest-build-error";

  function showError(data) {
    var info = JSON.parse(data);
    var box = document.getElementById(overlayId);
    if (!box) {
      box = document.createElement("div");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.background = "#5c0011"; s.color = "#fff"; s.padding = "1rem 1.25rem";
      s.font = "14px/1.5 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      s.boxShadow = "0 2px 12px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    var where = info.file ? info.file + (info.line ? ":" + info.line : "") + "\n" : "";
    box.textContent = "digest: build failed\n" + where + info.message;
  }

  function clearError() {
    var box = document.getElementById(overlayId);
    if (box) { box.remove(); }
  }

  function swapStylesheets() {
    fetch(window.location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var hrefs = Array.prototype.map.call(
          fresh.querySelectorAll('link[rel="stylesheet"]'),
          function (link) { return link.getAttribute("href"); });
        var links = document.querySelectorAll('link[rel="stylesheet"]');
        if (links.length !== hrefs.length) { window.location.reload(); return; }
        Array.prototype.forEach.call(links, function (link, i) {
          if (link.getAttribute("href") !== hrefs[i]) { link.setAttribute("href", hrefs[i]); }
        });
        clearError();
      })
      .catch(function () { window.location.reload(); });
  }

  var source = new EventSource("/__digest/events");
  // Says the page is listening: a change made before this would not reload it.
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-digest-live", "");
  });
  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("css", swapStylesheets);
  source.addEventListener("error", function (event) {
    if (event.data) { showError(event.data); }
  });
  source.addEventListener("ok", clearError);
})();
