// TechConnect Guide web chat: talks to /webhooks/web/* on the same server. No external scripts.
(function () {
  "use strict";
  var API = "webhook", HISTORY = "history", KEY = "techconnect.sender", LANG_KEY = "techconnect.language";
  // The page's texts in every language the guide speaks, with each language's direction (web.py puts them in).
  var PAGE = JSON.parse(document.getElementById("texts").textContent);
  function say(key) { return (PAGE.texts[language] || {})[key] || PAGE.texts[PAGE.source][key] || ""; }
  var log = document.getElementById("log"), form = document.getElementById("composer");
  var input = document.getElementById("message"), send = document.getElementById("send");
  var status = document.getElementById("status");
  var browser = (navigator.language || "").toLowerCase().split("-")[0];
  var language = localStorage.getItem(LANG_KEY) || (PAGE.texts[browser] ? browser : PAGE.source);

  function newSender() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  var sender = localStorage.getItem(KEY);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(sender || "")) { sender = newSender(); localStorage.setItem(KEY, sender); }

  // The page's own texts follow the conversation's language (the server says which in every answer), so an
  // English browser in a Dutch conversation shows the Dutch page.
  function applyLanguage(lang) {
    if (!PAGE.texts[lang]) { return; }
    language = lang;
    localStorage.setItem(LANG_KEY, language);
    document.documentElement.lang = language;
    document.documentElement.dir = PAGE.dir[language] || "ltr";
    document.querySelectorAll("[data-text]").forEach(function (el) {
      var text = say(el.getAttribute("data-text")), attr = el.getAttribute("data-text-attr");
      if (attr) { el.setAttribute(attr, text); } else { el.textContent = text; }
    });
    document.querySelectorAll("[data-language]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-language") === language));
    });
  }

  var scroller = log.parentNode;
  function scrollDown() { scroller.scrollTop = scroller.scrollHeight; }

  // After an answer: show its end, unless that would push the user's own message (or, with no message, the
  // answer's start) out of sight at the top. Then that stays at the top and the user scrolls down to read on.
  function reveal(question) {
    if (!question) { scrollDown(); return; }
    var top = question.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    var margin = 8;
    if (scroller.scrollHeight - top + margin <= scroller.clientHeight) { scrollDown(); return; }
    scroller.scrollTop = Math.max(0, top - margin);
  }

  function addMessage(who, text, buttons) {
    var item = document.createElement("li");
    item.className = "msg " + who;
    // dir=auto: Arabic or Hebrew runs right to left. The hidden label has its own dir, so the message text alone
    // decides the bubble's direction.
    item.dir = "auto";
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.dir = "ltr";
    label.textContent = (who === "user" ? say("web.you") : say("web.bot")) + ": ";
    item.appendChild(label);
    item.appendChild(document.createTextNode(text || ""));
    if (buttons && buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.dir = "auto";
        btn.addEventListener("click", function () { tap(b); });
        row.appendChild(btn);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    return item;
  }

  function busy(on) {
    send.disabled = on;
    status.textContent = on ? say("web.wait") : "";
  }

  function post(body, question) {
    body.sender = sender;
    busy(true);
    return fetch(API, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().catch(function () { return []; }); })
      .then(function (messages) {
        busy(false);
        if (!Array.isArray(messages)) { status.textContent = say("web.error"); return; }
        if (messages.length && messages[0].language) { applyLanguage(messages[0].language); }
        var added = messages.map(function (m) { return addMessage("bot", m.text, m.buttons); });
        reveal(question || added[0]);
      })
      .catch(function () { busy(false); status.textContent = say("web.error"); });
  }

  function tap(button) {
    var question = addMessage("user", button.title);
    scrollDown();
    post({ payload: button.payload, title: button.title }, question);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    input.value = "";
    var question = addMessage("user", text);
    scrollDown();
    post({ message: text, language: language }, question).then(function () { input.focus(); });
  });

  function switchTo(lang) {
    if (lang === language) { return; }
    applyLanguage(lang);
    post({ switch_language: lang });
  }
  document.querySelectorAll("[data-language]").forEach(function (button) {
    button.addEventListener("click", function () { switchTo(button.getAttribute("data-language")); });
  });

  applyLanguage(language);
  fetch(HISTORY + "?sender=" + encodeURIComponent(sender))
    .then(function (r) { return r.json(); })
    .then(function (h) {
      if (h.language) { applyLanguage(h.language); }
      if (h.messages && h.messages.length) {
        h.messages.forEach(function (m) { addMessage(m.from, m.text, m.buttons); });
        scrollDown();
      } else {
        var first = { start: true, language: language };
        var code = new URLSearchParams(window.location.search).get("start");
        if (code) { first.code = code; }
        post(first);
      }
    })
    .catch(function () { status.textContent = say("web.error"); });
})();
