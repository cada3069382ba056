// Captura's form on any page:
//   <script src="https://captura.example/embed.js" data-lang="es"></script>
// inserts an <iframe> of /form?embed=1 right after the script tag and grows it to the form's height.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src, document.baseURI).origin;
  var lang = script.getAttribute("data-lang") || document.documentElement.lang || "";
  var frame = document.createElement("iframe");
  frame.src = origin + "/form?embed=1" + (lang ? "&lang=" + encodeURIComponent(lang.slice(0, 2)) : "");
  frame.title = script.getAttribute("data-title") || (lang.slice(0, 2) === "es" ? "Formulario de contacto" : "Contact form");
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.minHeight = "640px";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) { return; }
    var data = event.data || {};
    if (data.captura === "form-height" && typeof data.height === "number") {
      frame.style.height = Math.min(Math.max(data.height, 200), 4000) + "px";
    }
  });
})();
