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
    note.textContent = "This is too long to save: about " + Math.ceil(size / 1024) + " KB, and a page can be " +
      "at most " + Math.floor(limit / 1024) + " KB. Nothing was sent and nothing is lost: your text is " +
      "still here. Shorten it (a very long paste, perhaps) and save again.";
    note.focus();
  });
}());
