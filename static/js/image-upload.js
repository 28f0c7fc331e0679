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

  // markdownx puts the picture where the cursor is: dropped at the start of "## Heading" it would glue
  // onto the heading ("![](…)## Heading"). A blank line each side makes it a paragraph of its own.
  function onItsOwnLine(editor, code) {
    var at = editor.value.lastIndexOf(code, editor.selectionEnd);
    if (at < 0) { return; }
    var before = editor.value.slice(0, at);
    var after = editor.value.slice(at + code.length);
    if (before && !/\n\n$/.test(before)) { before += /\n$/.test(before) ? "\n" : "\n\n"; }
    if (after && !/^\n\n/.test(after)) { after = (/^\n/.test(after) ? "\n" : "\n\n") + after; }
    editor.value = before + code + after;
    editor.setSelectionRange(before.length + code.length, before.length + code.length);
    editor.dispatchEvent(new Event("input", { bubbles: true }));
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
    parent.addEventListener("markdownx.fileUploadEnd", function (event) {
      note.style.display = "none";
      var answer = event.detail && event.detail[0];
      if (answer && answer.image_code) { onItsOwnLine(editor, answer.image_code); }
    });
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
