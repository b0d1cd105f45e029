/* Progressive enhancement only: every feature works without this file. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-print]");
  if (link && window.print) {
    event.preventDefault();
    window.print();
  }
});
