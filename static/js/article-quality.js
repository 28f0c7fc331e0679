/* The reading grade and plain-word warnings under an article's text, while the editor writes.
   The text is posted (at most once a pause in typing) to the staff-only check the admin names in the
   textarea's data-check-url; the same check runs again when the page is saved (articles/quality.py).
   A file, not an inline script: the admin runs under a strict Content-Security-Policy. */
(function () {
  "use strict";
  var PAUSE_MS = 600;

  function start() {
    var body = document.getElementById("id_body");
    if (!body || !body.dataset.checkUrl) { return; }
    var form = body.form;
    var box = document.createElement("div");
    box.className = "quality-check";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    var grade = document.createElement("p");
    grade.className = "quality-grade";
    var warnings = document.createElement("ul");
    warnings.className = "quality-warnings";
    box.appendChild(grade);
    box.appendChild(warnings);
    body.insertAdjacentElement("afterend", box);

    var timer = null;
    var asked = 0;

    function show(answer) {
      grade.textContent = answer.grade_line;
      warnings.replaceChildren();
      answer.warnings.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        warnings.appendChild(item);
      });
    }

    function check() {
      var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      var slug = form && form.querySelector("input[name=slug]");
      var data = new FormData();
      data.append("body", body.value);
      data.append("slug", slug ? slug.value : "");
      var mine = ++asked;
      fetch(body.dataset.checkUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then(function (answer) {
        if (mine === asked) { show(answer); }  // an older answer arriving late never overwrites a newer one
      }).catch(function () {
        if (mine === asked) { grade.textContent = "The reading grade could not be worked out just now."; }
      });
    }

    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, PAUSE_MS);
    });
    check();
  }

  // The admin puts its Media in <head>, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
