/* The error summary (docs/decisions/1301-form-pattern.md). Progressive enhancement: without this file the
   summary still takes focus (autofocus) and its links still reach the fields. */
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  /* Deferred, so autofocus may have run and the user may already have moved on: take focus only if nobody has it. */
  var active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + target.id + "']");
    var group = target.closest("fieldset");
    var shown = (group && group.querySelector("legend")) || label || target;
    shown.scrollIntoView();
    target.focus({preventScroll: true});
    if (window.history && history.replaceState) history.replaceState(null, "", "#" + target.id);
  });
})();
