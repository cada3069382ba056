// Inside the /embed.js iframe: tell the host page our height so it can size the frame.
(function () {
  "use strict";
  function report() {
    var height = document.documentElement.scrollHeight;
    window.parent.postMessage({ captura: "form-height", height: height }, "*");
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
})();
