// Progressive enhancement: answering "Yes" to an emergency question shows the emergency advice at once, and
// "None of these" clears the other ticks of its list (and the other way round).
// The form works the same without this script: the server ends the questions on an emergency sign.
(function () {
  "use strict";
  // After a submission with missing answers, move focus to the error summary so it is read out first.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  var form = document.querySelector("form.checker");
  if (!form) return;

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "checkbox" || !input.checked) return;
    var group = form.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]');
    for (var i = 0; i < group.length; i++) {
      var other = group[i];
      if (other === input) continue;
      // "None of these" stands alone; ticking a sign clears "None of these".
      if (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
    }
  });

  var box = document.getElementById("early-emergency");
  if (!box) return;
  var lead = document.getElementById("checker-lead");
  var leadText = lead ? lead.textContent : "";
  function update(event) {
    // The answers that alone are an emergency are marked by the page, from the checker's rules.
    var emergency = form.querySelector("input[data-emergency-answer]:checked") !== null;
    var wasHidden = box.hidden;
    box.hidden = !emergency;
    if (lead) lead.textContent = emergency ? "You have a sign of an emergency. You do not need to answer the other questions." : leadText;
    if (emergency && wasHidden && event) {
      box.scrollIntoView({ block: "start" });
      box.focus({ preventScroll: true });
    }
  }
  form.addEventListener("change", update);
  update(null);
})();
