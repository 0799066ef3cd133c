// TechConnect Guide web chat: talks to /webhooks/web/* on the same server. No external scripts.
(function () {
  "use strict";
  var API = "webhook", HISTORY = "history", KEY = "techconnect.sender", LANG_KEY = "techconnect.language";
  var UI = {
    nl: { wait: "Even denken…", error: "Sorry, ik kan de server nu niet bereiken. Probeer het zo nog eens.",
          you: "Jij", bot: "TechConnect Guide" },
    en: { wait: "Thinking…", error: "Sorry, I can't reach the server right now. Please try again in a moment.",
          you: "You", bot: "TechConnect Guide" }
  };
  var log = document.getElementById("log"), form = document.getElementById("composer");
  var input = document.getElementById("message"), send = document.getElementById("send");
  var status = document.getElementById("status");
  var language = localStorage.getItem(LANG_KEY) || ((navigator.language || "nl").toLowerCase().indexOf("en") === 0 ? "en" : "nl");

  function newSender() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var sender = localStorage.getItem(KEY);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(sender || "")) { sender = newSender(); localStorage.setItem(KEY, sender); }

  function applyLanguage(lang) {
    language = lang === "en" ? "en" : "nl";
    localStorage.setItem(LANG_KEY, language);
    document.documentElement.lang = language;
    document.querySelectorAll("[data-nl]").forEach(function (el) {
      var text = el.getAttribute("data-" + language);
      if (el.tagName === "OL") { el.setAttribute("aria-label", text); } else { el.textContent = text; }
    });
    input.placeholder = input.getAttribute("data-" + language + "-placeholder");
    document.getElementById("lang-nl").setAttribute("aria-pressed", String(language === "nl"));
    document.getElementById("lang-en").setAttribute("aria-pressed", String(language === "en"));
  }

  function scrollDown() { var main = log.parentNode; main.scrollTop = main.scrollHeight; }

  function addMessage(who, text, buttons) {
    var item = document.createElement("li");
    item.className = "msg " + who;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = (who === "user" ? UI[language].you : UI[language].bot) + ": ";
    item.appendChild(label);
    item.appendChild(document.createTextNode(text || ""));
    if (buttons && buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { tap(b); });
        row.appendChild(btn);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    scrollDown();
  }

  function busy(on) {
    send.disabled = on;
    status.textContent = on ? UI[language].wait : "";
  }

  function post(body) {
    body.sender = sender;
    busy(true);
    return fetch(API, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().catch(function () { return []; }); })
      .then(function (messages) {
        busy(false);
        if (!Array.isArray(messages)) { status.textContent = UI[language].error; return; }
        messages.forEach(function (m) { addMessage("bot", m.text, m.buttons); });
      })
      .catch(function () { busy(false); status.textContent = UI[language].error; });
  }

  function tap(button) {
    addMessage("user", button.title);
    post({ payload: button.payload, title: button.title });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = "";
    addMessage("user", text);
    post({ message: text, language: language }).then(function () { input.focus(); });
  });

  function switchTo(lang) {
    if (lang === language) { return; }
    applyLanguage(lang);
    post({ switch_language: lang });
  }
  document.getElementById("lang-nl").addEventListener("click", function () { switchTo("nl"); });
  document.getElementById("lang-en").addEventListener("click", function () { switchTo("en"); });

  applyLanguage(language);
  fetch(HISTORY + "?sender=" + encodeURIComponent(sender))
    .then(function (r) { return r.json(); })
    .then(function (h) {
      if (h.language) { applyLanguage(h.language); }
      if (h.messages && h.messages.length) {
        h.messages.forEach(function (m) { addMessage(m.from, m.text, m.buttons); });
      } else {
        var first = { start: true, language: language };
        var code = new URLSearchParams(window.location.search).get("start");
        if (code) { first.code = code; }
        post(first);
      }
    })
    .catch(function () { status.textContent = UI[language].error; });
})();
