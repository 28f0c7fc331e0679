// Progressive enhancement. The checker works the same without this script: the server ends the questions on an
// emergency sign. With it:
// - ticking an emergency sign shows "Call 999" at once, where the person is, without moving their focus;
// - "None of these" clears the other ticks of its list (and the other way round);
// - an error summary link brings its whole question into view and focuses its first answer.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus(); // read out first after a submission with something missing
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#q-']");
      if (!link) return;
      var question = document.getElementById(link.getAttribute("href").slice(1));
      var input = document.getElementById(link.getAttribute("data-focus"));
      if (!question || !input) return;
      event.preventDefault();
      question.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }
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

  var card = document.getElementById("early-emergency");
  if (!card) return;
  var button = document.getElementById("checker-submit");
  var status = document.getElementById("emergency-status");
  var buttonText = button ? button.textContent : "";
  function update() {
    // The answers that alone are an emergency are marked by the page, from the checker's rules.
    var emergency = form.querySelector("input[data-emergency-answer]:checked") !== null;
    if (card.hidden === emergency && status) {
      // Read out by screen readers from a status region that is always on the page; the focus stays put.
      status.textContent = emergency ? card.querySelector("h2").textContent + ". You do not need to answer any more questions." : "";
    }
    card.hidden = !emergency;
    // The card sticks to the bottom of the screen: the answer with the keyboard focus is kept above it.
    document.documentElement.style.scrollPaddingBottom = emergency ? card.offsetHeight + 16 + "px" : "";
    if (button) button.textContent = emergency ? "Show me what to do now" : buttonText;
  }
  form.addEventListener("change", update);
  window.addEventListener("pageshow", update); // a page shown again by Back, as the person left it
  update();
})();
