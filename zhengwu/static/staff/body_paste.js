// 正文: a textarea receives only plain text from the clipboard. When the clipboard also holds HTML (Word, WPS,
// a web page), insert that HTML instead, so headings, lists and tables survive; the server sanitises it (nh3).
document.addEventListener("paste", function (event) {
  var area = event.target;
  if (!area || area.tagName !== "TEXTAREA" || area.getAttribute("data-paste-html") === null) return;
  var html = event.clipboardData && event.clipboardData.getData("text/html");
  if (!html) return;
  var start = html.indexOf("<!--StartFragment-->"), end = html.indexOf("<!--EndFragment-->");
  if (start !== -1 && end > start) html = html.slice(start + 20, end);
  event.preventDefault();
  var before = area.value.slice(0, area.selectionStart), after = area.value.slice(area.selectionEnd);
  area.value = before + html + after;
  area.selectionStart = area.selectionEnd = before.length + html.length;
  area.dispatchEvent(new Event("input", { bubbles: true }));
});
