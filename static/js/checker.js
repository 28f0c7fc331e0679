// Progressive enhancement: answering "Yes" to an emergency question shows the emergency advice at once.
// The form works the same without this script.
(function () {
  "use strict";
  // After a submission with missing answers, move focus to the error summary so it is read out first.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var box = document.getElementById("early-emergency");
  if (!box) return;
  var form = document.querySelector("form.checker");
  function update(event) {
    var yes = form.querySelectorAll('fieldset[data-emergency] input[value="yes"]:checked').length > 0;
    var wasHidden = box.hidden;
    box.hidden = !yes;
    if (yes && wasHidden && event) {
      box.scrollIntoView({ block: "start" });
      box.focus({ preventScroll: true });
    }
  }
  form.addEventListener("change", update);
  update(null);
})();
