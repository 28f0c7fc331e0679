/* Who else has this page open (backspasm_site/editorial/editing_sessions.py). The server shows the notice
   as the page opens; this asks again every data-ping-seconds, which also tells the server this person
   still has the page open, and says when they close it. Without JavaScript the first notice stays. */
(function () {
  "use strict";

  function start() {
    var notice = document.getElementById("editing-now");
    if (!notice || !window.fetch) { return; }
    var url = notice.dataset.pingUrl;
    var token = notice.dataset.csrf;
    var submitting = false;

    function show(sentences) {
      var list = notice.querySelector("ul");
      list.replaceChildren.apply(list, sentences.map(function (sentence) {
        var item = document.createElement("li");
        item.textContent = sentence;
        return item;
      }));
      notice.hidden = sentences.length === 0;
    }

    function ping() {
      fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { show(data.others); } })
        .catch(function () { /* offline for a moment: the next ping tries again */ });
    }

    // Saving this form re-opens it (or its review page), which records the visit again: no "left" then,
    // which could arrive after that and wipe it.
    document.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("pagehide", function () {
      if (submitting || !navigator.sendBeacon) { return; }
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      data.append("left", "1");
      navigator.sendBeacon(url, data);
    });
    window.setInterval(ping, Number(notice.dataset.pingSeconds || 30) * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
