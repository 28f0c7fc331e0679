/* A picture the site refuses (core/image_uploads.py) is said beside the text box, in the site's words.
   django-markdownx would put "Invalid response" into the text instead and leave the box faded: this
   puts the text back as it was, the box as it was, and shows the reason. A file, not an inline script:
   the admin runs under a strict Content-Security-Policy. */
(function () {
  "use strict";
  var FALLBACK = "The picture could not be added. Use a PNG, JPEG or WebP picture of at most 2 MB.";

  function reasonOf(detail) {
    var answer = detail && detail[0];
    try {
      if (typeof answer === "string") { answer = JSON.parse(answer); }
    } catch (error) {
      return FALLBACK;
    }
    return (answer && answer.error) || FALLBACK;
  }

  function watch(parent) {
    var editor = parent.querySelector("textarea");
    if (!editor) { return; }
    var note = document.createElement("p");
    note.className = "errornote image-upload-error";
    note.setAttribute("role", "alert");
    note.style.display = "none";  // not `hidden`: admin's .errornote style would show it anyway
    parent.insertAdjacentElement("beforebegin", note);

    function refused(event) {
      var before = editor.value;
      var start = editor.selectionStart;
      var end = editor.selectionEnd;
      note.textContent = reasonOf(event.detail);
      note.style.display = "";
      // markdownx writes its "Invalid response" into the text just after this event: undo it.
      window.setTimeout(function () {
        if (editor.value !== before) {
          editor.value = before;
          editor.setSelectionRange(start, end);
          editor.dispatchEvent(new Event("input", { bubbles: true }));
        }
        editor.style.opacity = "1";
      }, 0);
    }
    parent.addEventListener("markdownx.fileUploadError", refused);
    parent.addEventListener("fileUploadError", refused);
    parent.addEventListener("markdownx.fileUploadEnd", function () { note.style.display = "none"; });
  }

  function start() {
    document.querySelectorAll(".markdownx").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
