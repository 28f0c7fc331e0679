/* The version a live page's form was opened on (opened_version, editorial/live_admin.py) must come back
   with the text when the browser restores the form on Back: otherwise the restored, older text is posted
   with the fresh page's version and overwrites a save made meanwhile unseen. Browsers restore a field only
   if it differs from its value in the page, so the value in the page is emptied here; the field keeps the
   version, and one restored with the text replaces it. */
(function () {
  "use strict";

  function keepWithTheText() {
    document.querySelectorAll("input[data-opened-version]").forEach(function (field) {
      var version = field.value;
      field.value = version;  // typed in, as far as the browser's restore knows
      field.defaultValue = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", keepWithTheText);
  } else {
    keepWithTheText();
  }
})();
