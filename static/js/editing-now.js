/* Who else has this page open (backspasm_site/editorial/editing_sessions.py). The server shows the notice
   as the page opens; this asks again every data-ping-seconds, and as soon as the tab is shown again, which
   also tells the server this person still has the page open. Without JavaScript the first notice stays.
   No "left" message as the page closes: a person silent for a little over two pings is taken to have left,
   and a message sent while a page closes could arrive at any moment after. */
(function () {
  "use strict";

  function start() {
    var notice = document.getElementById("editing-now");
    if (!notice || !window.fetch) { return; }

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
      if (document.visibilityState === "hidden") { return; }  // asked again when the tab is shown
      fetch(notice.dataset.pingUrl, {
        method: "POST",
        headers: { "X-CSRFToken": notice.dataset.csrf },
        credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { show(data.others); } })
        .catch(function () { /* offline for a moment: the next ping tries again */ });
    }

    document.addEventListener("visibilitychange", ping);
    window.setInterval(ping, Number(notice.dataset.pingSeconds || 30) * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
