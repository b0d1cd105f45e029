"""正文 keeps its structure: typed lines are paragraphs; pasted Word keeps headings, lists and tables, sanitised."""
from zhengwu.disclosure.tests.factories import make_record

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal {margin:0}</style></head>
<body><!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]-->
<h1 style="text-align:center">示范县城区停车管理办法</h1>
<h2 class="MsoHeading2">第一章　总则</h2>
<p class="MsoNormal" style="text-indent:2em">第一条　为规范停车秩序，制定本办法。<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<ol><li>临时停车位</li><li>固定停车位</li></ol>
<table class="MsoTableGrid" border="1" style="border-collapse:collapse"><tr><td width="120" style="padding:0">区域</td>
<td colspan="2">收费标准</td></tr></table>
<p onclick="alert(1)">附则<script>alert(2)</script></p></body></html>"""


def test_plain_text_keeps_one_paragraph_per_line(county):
    record = make_record(county.department, body="　　第一条　为规范停车秩序，制定本办法。\n　　第二条　本办法适用于城区。\r\n\r\n"
                                                 "第三条　a < b 时从其规定。")
    assert record.body == ("<p>第一条　为规范停车秩序，制定本办法。</p><p>第二条　本办法适用于城区。</p>"
                           "<p>第三条　a &lt; b 时从其规定。</p>")


def test_pasted_word_keeps_headings_lists_tables_and_loses_the_rest(county):
    body = make_record(county.department, body=WORD).body
    assert "<h2>示范县城区停车管理办法</h2>" in body and "<h3>第一章　总则</h3>" in body  # the page's h1 is the title
    assert "<ol><li>临时停车位</li><li>固定停车位</li></ol>" in body
    assert "<table>" in body and '<td colspan="2">收费标准</td>' in body
    assert "<p>第一条　为规范停车秩序，制定本办法。</p>" in body
    for gone in ("MsoNormal", "style=", "<o:p", "mso 9", "p.MsoNormal", "onclick", "<script", "alert(2)", "<p></p>",
                 "&nbsp;</p>", "<h1"):
        assert gone not in body, gone
