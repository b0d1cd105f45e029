"""The 正文 paste handler in Debian's chromium: HTML on the clipboard (Word) goes into the textarea as HTML,
plain text stays plain, and other textareas are left alone. The server then cleans it (test_body.py)."""
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "zhengwu" / "static" / "staff" / "body_paste.js"
PASTE = """(args) => {
  const [selector, html, text] = args;
  const data = new DataTransfer();
  if (html) data.setData("text/html", html);
  data.setData("text/plain", text);
  const area = document.querySelector(selector);
  area.focus();
  const event = new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
  area.dispatchEvent(event);
  return [area.value, event.defaultPrevented];
}"""
WORD = ('<html><body><!--StartFragment--><h1>第一章　总则</h1><table><tr><td>区域</td></tr></table>'
        '<!--EndFragment--></body></html>')


@pytest.mark.browser
def test_pasted_word_html_reaches_the_textarea_as_html():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content('<textarea id="body" data-paste-html>前文</textarea><textarea id="other"></textarea>')
        page.add_script_tag(path=str(SCRIPT))
        page.evaluate("document.getElementById('body').setSelectionRange(2, 2)")
        value, handled = page.evaluate(PASTE, ["#body", WORD, "第一章 总则 区域"])
        assert handled and value == "前文<h1>第一章　总则</h1><table><tr><td>区域</td></tr></table>"
        value, handled = page.evaluate(PASTE, ["#other", WORD, "第一章 总则 区域"])
        assert not handled and value == ""  # not the 正文 field: the browser's own paste
        page.evaluate("document.getElementById('body').value = ''")
        value, handled = page.evaluate(PASTE, ["#body", "", "只有文字"])
        assert not handled  # plain text: the browser pastes it, the server makes paragraphs
        browser.close()
