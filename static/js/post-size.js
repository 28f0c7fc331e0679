/* A form too long for the site to accept (DATA_UPLOAD_MAX_MEMORY_SIZE) is stopped here, before it is
   sent, with a message: the server would answer with a bare "Bad Request" page and the text would be
   gone. The limit is in the form's data-max-post-bytes (templates/admin/editorial/change_form.html). */
(function () {
  "use strict";

  function sizeOf(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return new Blob([new URLSearchParams(data).toString()]).size;
  }

  function tooLongText(size, limit) {
    return "about " + Math.ceil(size / 1024) + " KB, and a page can be at most " + Math.floor(limit / 1024) + " KB";
  }

  // The live preview posts the text too: over the limit the server's bare "Bad Request" would be shown in
  // it, so it says why there is no preview instead.
  function watchPreview(parent) {
    var editor = parent.querySelector("textarea");
    var preview = parent.querySelector(".markdownx-preview");
    var marker = editor && editor.form && editor.form.querySelector("[data-max-post-bytes]");
    if (!preview || !marker) { return; }
    parent.addEventListener("markdownx.update", function () {
      var limit = Number(marker.dataset.maxPostBytes);
      var size = new Blob([new URLSearchParams({ content: editor.value }).toString()]).size;
      if (limit && size > limit) {
        preview.textContent = "No preview: the text is too long to save (" + tooLongText(size, limit) + ").";
      }
    });
  }

  function start() {
    document.querySelectorAll(".markdownx").forEach(watchPreview);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var marker = form.querySelector("[data-max-post-bytes]");
    if (!marker) { return; }
    var limit = Number(marker.dataset.maxPostBytes);
    var size = sizeOf(form, event.submitter);
    if (!limit || size <= limit) { return; }
    event.preventDefault();
    var note = form.querySelector(".post-too-long");
    if (!note) {
      note = document.createElement("p");
      note.className = "errornote post-too-long";
      note.setAttribute("role", "alert");
      note.tabIndex = -1;
      form.prepend(note);
    }
    note.textContent = "This is too long to save: " + tooLongText(size, limit) + ". Nothing was sent and " +
      "nothing is lost: your text is still here. Shorten it (a very long paste, perhaps) and save again.";
    note.focus();
  });
}());
