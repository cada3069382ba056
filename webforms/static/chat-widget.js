// Captura's web chat on any page:
//   <script src="https://captura.example/chat/widget.js" data-lang="es" defer></script>
// adds a chat bubble; messages go to /chat/api/messages as JSON. The conversation is named by a
// signed token kept in this tab's sessionStorage (no cookies). Text is always inserted as text.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src, document.baseURI).origin;
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "en").slice(0, 2);
  var catalogue = {
    es: { open: "Chatear con nosotros", close: "Cerrar el chat", title: "Chat", placeholder: "Escribe aquí…",
          send: "Enviar", error: "No se pudo enviar. Inténtalo de nuevo.", again: "Empezar de nuevo",
          busy: "Demasiados mensajes; espera un minuto." },
    en: { open: "Chat with us", close: "Close the chat", title: "Chat", placeholder: "Type here…",
          send: "Send", error: "Could not send. Please try again.", again: "Start again",
          busy: "Too many messages; please wait a minute." }
  };
  var words = catalogue[lang] || catalogue.en;
  var storageKey = "captura-chat-session";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = origin + "/static/chat-widget.css";
  document.head.appendChild(css);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function chatIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "26");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  var root = el("div", "captura-chat");
  var bubble = el("button", "captura-chat-bubble");
  bubble.appendChild(chatIcon());
  bubble.type = "button";
  bubble.setAttribute("aria-label", words.open);
  bubble.setAttribute("aria-expanded", "false");
  var panel = el("section", "captura-chat-panel");
  panel.hidden = true;
  panel.setAttribute("aria-label", words.title);
  var header = el("header", "captura-chat-header", words.title);
  var closer = el("button", "captura-chat-close", "×");
  closer.type = "button";
  closer.setAttribute("aria-label", words.close);
  header.appendChild(closer);
  var log = el("ol", "captura-chat-log");
  log.setAttribute("aria-live", "polite");
  var form = el("form", "captura-chat-form");
  var input = el("input", "captura-chat-input");
  input.type = "text";
  input.maxLength = 2000;
  input.placeholder = words.placeholder;
  input.setAttribute("aria-label", words.placeholder);
  var send = el("button", "captura-chat-send", words.send);
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(bubble);
  document.body.appendChild(root);

  var started = false;
  var busy = false;

  function show(text, who) {
    var item = el("li", "captura-chat-msg captura-chat-" + who, text);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function showButtons(buttons) {
    if (!buttons || !buttons.length) { return; }
    var item = el("li", "captura-chat-buttons");
    buttons.forEach(function (button) {
      var choice = el("button", "captura-chat-choice", button.label);
      choice.type = "button";
      choice.addEventListener("click", function () {
        item.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        show(button.label, "me");
        post({ kind: "button", text: button.label, payload: button.payload });
      });
      item.appendChild(choice);
    });
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  // The conversation is over: offer a fresh one; typing still works (the engine answers /mydata, /forget).
  function finish() {
    var again = el("button", "captura-chat-choice captura-chat-again", words.again);
    again.type = "button";
    again.addEventListener("click", function () {
      sessionStorage.removeItem(storageKey);
      log.textContent = "";
      post({ kind: "command", text: "/start" });
    });
    var item = el("li", "captura-chat-buttons");
    item.appendChild(again);
    log.appendChild(item);
  }

  function post(message) {
    if (busy) { return; }
    busy = true;
    root.setAttribute("aria-busy", "true");
    message.session = sessionStorage.getItem(storageKey);
    message.lang = lang;
    fetch(origin + "/chat/api/messages", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(message)
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      if (answer.status === 429) { show(words.busy, "error"); return; }
      if (answer.status !== 200) { show(answer.body.message || words.error, "error"); return; }
      sessionStorage.setItem(storageKey, answer.body.session);
      answer.body.replies.forEach(function (reply) {
        show(reply.text, "bot");
        showButtons(reply.buttons);
      });
      if (answer.body.finished) { finish(); }
    }).catch(function () {
      show(words.error, "error");
    }).then(function () {
      busy = false;
      root.removeAttribute("aria-busy");
    });
  }

  function toggle(open) {
    panel.hidden = !open;
    bubble.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      input.focus();
      if (!started) { started = true; post({ kind: "command", text: "/start" }); }
    }
  }

  bubble.addEventListener("click", function () { toggle(panel.hidden); });
  closer.addEventListener("click", function () { toggle(false); bubble.focus(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) { return; }
    input.value = "";
    show(text, "me");
    post({ kind: text.charAt(0) === "/" ? "command" : "text", text: text });
  });
})();
