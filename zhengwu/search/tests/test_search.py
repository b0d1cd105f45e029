"""Search behaviour, identical on SQLite (FTS5) and PostgreSQL (tsvector): run the suite on both."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhengwu.audit.models import AuditEvent
from zhengwu.disclosure import actions as records
from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_published, make_record
from zhengwu.search import actions, engine
from zhengwu.search.models import SearchEntry, SynonymGroup

pytestmark = pytest.mark.django_db


def titles(q, **filters):
    return [h.title for h in engine.search(q, filters=engine.make_filters(**filters)).items]


def when(year, month=6, day=1):
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


@pytest.fixture
def notice(county):
    return make_published(county.office, title="槐荫区人民政府办公室关于印发2020年槐荫区政务公开工作要点的通知",
                          document_number="槐政办发〔2020〕1号", published_at=when(2020, 8, 27),
                          body="<p>各街道办事处，区政府各部门：《2020年槐荫区政务公开工作要点》已经区政府同意。</p>")


@pytest.mark.parametrize("query", [
    "槐政办发〔2020〕1号", "槐政办发[2020]1号", "槐政办发【2020】第1号", "槐政办发(2020)1号",
    "槐政办发（２０２０）１号", "槐政办发 〔2020〕 1 号", "槐政办发［2020］01号",
    "请问槐政办发[2020]1号这个文件还有效吗", "槐政辦發〔2020〕1號",
])
def test_document_number_however_written_puts_that_record_first(county, notice, query):
    make_published(county.office, title="关于转发槐政办发〔2020〕1号文件的通知", document_number="槐政办发〔2020〕9号",
                   body="<p>现将槐政办发〔2020〕1号转发给你们。政务公开工作要点请遵照执行。</p>")
    result = engine.search(query)
    assert result.items[0].title == notice.title
    assert result.items[0].pinned is True
    assert result.items[0].document_number == "槐政办发〔2020〕1号"


def test_only_public_records_are_indexed_and_index_follows_the_record(county):
    draft = make_record(county.department, title="关于义务教育阶段学生资助的通知")
    assert titles("学生资助") == []
    published = make_published(county.department, title="关于学前教育学生资助的通知")
    assert titles("学生资助") == [published.title]
    records.unpublish(published, by=None, reason="内容有误")
    assert titles("学生资助") == []
    assert not SearchEntry.objects.filter(kind="record", object_id__in=[draft.pk, published.pk]).exists()


def test_attachment_text_is_searchable(county):
    record = make_published(county.department, title="关于公布收费项目的通知")
    records.add_attachment(record, by=None, name="目录.txt", data="行政事业性收费目录清单".encode())
    assert titles("收费目录") == [record.title]


def test_synonyms_find_each_other_and_staff_edits_apply_at_once(county):
    social = make_published(county.department, title="关于社会保险关系转移接续的通知")
    fund = make_published(county.other_department, title="住房公积金提取办理指南")
    assert titles("社保") == [social.title]
    assert titles("社保 转移") == [social.title]
    assert titles("公积金") == [fund.title]
    assert titles("房屋维修基金") == []
    group = actions.save_synonyms(by=county.office_admin, terms="住房公积金 房屋维修基金")
    assert titles("房屋维修基金") == [fund.title]
    assert AuditEvent.objects.filter(action="synonyms_save", target_id=str(group.pk)).exists()
    actions.remove_synonyms(group, by=county.office_admin)
    assert titles("房屋维修基金") == []


def test_synonym_and_dictionary_edits_need_the_office_and_valid_words(county):
    before = SynonymGroup.objects.count()
    with pytest.raises(PermissionDenied):
        actions.save_synonyms(by=county.editor, terms="甲 乙")
    with pytest.raises(ValidationError) as err:
        actions.save_synonyms(by=county.office_admin, terms="社保")
    assert "至少需要两个不同的词" in str(err.value)
    with pytest.raises(ValidationError) as err:
        actions.add_term(by=county.office_admin, word="<b>放管服</b>")
    assert "只能由汉字、字母或数字组成" in str(err.value)
    assert SynonymGroup.objects.count() == before


def test_new_dictionary_word_is_kept_whole(county):
    from zhengwu.search import segment

    assert "马上就办" not in segment.index_tokens("推行马上就办服务").split()
    actions.add_term(by=county.office_admin, word="马上就办")
    assert "马上就办" in segment.index_tokens("推行马上就办服务").split()


def test_government_finds_people_s_government(county):
    record = make_published(county.department, title="示范县人民政府关于春季防火的通告")
    assert record.title in titles("政府")
    assert record.title in titles("人民政府")


def test_traditional_and_simplified_find_each_other(county):
    trad = make_published(county.department, title="衡南縣2021年政務服務工作要點", body="<p>擦亮一件事一次辦工作名片</p>")
    simp = make_published(county.other_department, title="中方县政务服务工作要点")
    assert set(titles("政务服务 工作要点")) == {trad.title, simp.title}
    assert set(titles("政務服務 工作要點")) == {trad.title, simp.title}
    assert titles("一件事一次办") == [trad.title]


def test_valid_before_repealed_which_stays_visible_and_marked(county):
    old = make_published(county.department, title="示范县义务教育招生入学实施办法", kind=Record.Kind.GENERAL,
                         published_at=when(2025, 3))
    new = make_published(county.department, title="示范县义务教育招生入学实施办法（修订）", kind=Record.Kind.GENERAL,
                         published_at=when(2020, 3))
    assert titles("招生入学")[0] == old.title  # newer first while both valid
    records.set_validity(old, by=None, validity=Record.Validity.REPEALED, reason="已被新办法替代")
    items = engine.search("招生入学").items
    assert [h.title for h in items] == [new.title, old.title]
    assert items[1].validity == "repealed" and items[1].validity_label == "废止"


def test_title_outranks_body_and_recent_outranks_old(county):
    body_only = make_published(county.department, title="关于2026年工作安排的通知",
                               body="<p>做好防汛抗旱准备。</p>", published_at=when(2026, 1))
    in_title = make_published(county.department, title="关于做好防汛抗旱工作的通知", published_at=when(2024, 1))
    assert titles("防汛抗旱") == [in_title.title, body_only.title]
    older = make_published(county.other_department, title="关于做好森林防火工作的通知", published_at=when(2016, 1))
    newer = make_published(county.other_department, title="关于做好森林防火工作的紧急通知", published_at=when(2025, 1))
    assert titles("森林防火") == [newer.title, older.title]


def test_filters_and_facet_counts(county):
    for i in range(3):
        make_published(county.department, title=f"教育领域政务公开事项{i}", published_at=when(2024))
    make_published(county.other_department, title="财政领域政务公开事项", published_at=when(2023))
    result = engine.search("政务公开事项")
    assert result.count == 4
    publishers = {f["label"]: f["count"] for f in result.facets["publisher"]}
    assert publishers == {county.department.name: 3, county.other_department.name: 1}
    assert {f["value"]: f["count"] for f in result.facets["year"]} == {"2024": 3, "2023": 1}
    filtered = engine.search("政务公开事项", filters=engine.make_filters(publisher=str(county.other_department.pk)))
    assert filtered.count == 1
    # the publisher facet still lists the other choices with their counts
    assert {f["label"] for f in filtered.facets["publisher"]} == set(publishers)
    assert engine.search("政务公开事项", filters=engine.make_filters(year="2024")).count == 3
    assert engine.search("政务公开事项", filters=engine.make_filters(type="qa")).count == 0


def test_publisher_facet_counts_the_publisher_the_hits_show(county):
    """Another county's notices imported into the office's catalogue are that county's (转载), not the office's."""
    for name in ("衡南县人民政府办公室", "中方县人民政府办公室"):
        make_published(county.office, title=f"{name}关于公开招聘工作人员的公告", publisher_name=name, reposted=True,
                       published_at=when(2025))
    make_published(county.office, title="示范县人民政府办公室关于公开招聘工作人员的公告", published_at=when(2025))
    result = engine.search("公开招聘工作人员")
    facet = {f["label"]: f["count"] for f in result.facets["publisher"]}
    shown = {h.publisher for h in result.items}
    assert facet == {"衡南县人民政府办公室（转载）": 1, "中方县人民政府办公室（转载）": 1, county.office.name: 1}
    assert set(facet) == shown
    picked = engine.search("公开招聘工作人员", filters=engine.make_filters(publisher="衡南县人民政府办公室（转载）"))
    assert [h.publisher for h in picked.items] == ["衡南县人民政府办公室（转载）"]
    assert engine.search("公开招聘工作人员", filters=engine.make_filters(publisher=str(county.office.pk))).count == 1


def test_units_are_searchable(county):
    result = engine.search("财政局")
    assert any(h.type == "unit" and h.title == county.other_department.name for h in result.items)


def test_words_not_all_present_fall_back_and_say_so(county):
    make_published(county.department, title="关于校车安全管理的通知")
    result = engine.search("校车 航天飞机")
    assert result.relaxed is True and result.count == 1


def test_single_character_query_matches_as_prefix(county):
    record = make_published(county.department, title="关于税收优惠政策的解读")
    assert titles("税") == [record.title]


def test_nothing_found_suggests_and_is_never_a_dead_end(client, county):
    make_published(county.department, title="关于社会保险转移接续的通知")
    result = engine.search("社保 火星基地")
    assert result.relaxed is True  # one word found
    empty = engine.search("火星基地")
    assert empty.count == 0 and empty.related
    data = client.get("/api/v1/search", {"q": "火星基地"}).json()
    assert data["count"] == 0
    assert {link["url"] for link in data["help"]} >= {"/yisq/", "/search/qa/?q=%E7%81%AB%E6%98%9F%E5%9F%BA%E5%9C%B0"}


@pytest.mark.parametrize("query", [
    "", "   ", "x" * 1000, "社保" * 500, '" * ( ) OR NEAR -', "社保 OR 转移", "NEAR(社保 转移, 2)", "-社保",
    "社保*", "'; DROP TABLE search_searchentry; --", "\\", "%_%", "😀🎉", "社保😀", "a:b & c | !d <-> e",
    "\x00", "「」『』", "〔2020〕", "title:社保", "^社保",
])
def test_odd_queries_answer_cleanly(client, county, query):
    make_published(county.department, title="关于社会保险转移接续的通知")
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"count", "items", "facets", "help"}
    assert isinstance(data["count"], int)
    page = client.get("/search/", {"q": query}, follow=True)
    assert page.status_code == 200
    assert SearchEntry.objects.filter(kind="record").count() == 1


def test_api_shape_and_escaped_highlighted_snippet(client, county, notice):
    make_published(county.department, title="关于社会保险的通知", body="<p>社会保险 &lt;img src=x onerror=alert(1)&gt; 说明</p>")
    data = client.get("/api/v1/search", {"q": "社保"}).json()
    item = data["items"][0]
    assert set(item) >= {"type", "title", "url", "document_number", "snippet", "published_date", "validity"}
    assert "<mark>社会保险</mark>" in item["snippet"]
    assert "<img" not in item["snippet"] and "&lt;img" in item["snippet"]
    data = client.get("/api/v1/search", {"q": "槐政办发[2020]1号", "page": "abc", "year": "x"}).json()
    assert data["items"][0]["url"] == notice.get_absolute_url()
    assert data["items"][0]["published_date"] == "2020-08-27"
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in schema["paths"] and "/api/v1/qa" in schema["paths"]


def test_search_page_lists_results_with_filters(client, county, notice):
    response = client.get("/search/", {"q": "政务公开 工作要点"})
    html = response.content.decode()
    assert response.status_code == 200
    assert notice.get_absolute_url() in html
    assert "找到 1 条结果" in html and "发布机构" in html
    assert "/yisq/" in html and "/search/qa/" in html


def test_interpretations_follow_their_record(county):
    record = make_record(county.department, title="关于城乡居民医疗保障待遇调整的通知")
    records.add_interpretation(record, by=None, form="text", title="一图读懂城乡居民医疗保障待遇调整",
                               body="<p>医保报销比例提高</p>")
    assert titles("医疗保障") == []
    make_published_record = records.submit(record, by=None)
    records.record_secrecy_review(make_published_record, by=None, opinion="不涉密")
    record = records.approve(record, by=None)
    if record.status != Record.Status.PUBLISHED:
        records.approve(record, by=None)
    found = engine.search("医保")
    assert {h.type for h in found.items} == {"record", "interpretation"}


def test_reindex_rebuilds_the_same_index(county, notice):
    from zhengwu.search import indexer

    def snapshot():
        return sorted(SearchEntry.objects.exclude(kind="column").values_list("kind", "object_id", "title_tokens"))

    before = snapshot()
    SearchEntry.objects.all().delete()
    assert titles("工作要点") == []
    indexer.reindex()
    assert snapshot() == before
    assert titles("工作要点") == [notice.title]


def test_above_the_count_cap_counts_are_a_lower_bound_and_candidates_are_weighted_like_every_match(county, settings):
    settings.ZHENGWU_SEARCH_COUNT_CAP = 3
    settings.ZHENGWU_SEARCH_CANDIDATES = 6
    settings.ZHENGWU_SEARCH_PAGE_SIZE = 2
    for i in range(4):
        make_published(county.office, title=f"关于农村饮水安全工程的通知（第{i}批）", published_at=when(2015 + i))
    make_published(county.office, title="关于农村饮水安全工程的通知（建设）", published_at=when(2024))
    other = make_published(county.department, title="关于农村饮水安全工程的通知（验收）", published_at=when(2010))
    result = engine.search("农村饮水安全工程")
    assert (result.count, result.count_is_estimate) == (3, True)
    # a filtered search counts and ranks every match: a sample may not hold the filtered rows
    filtered = engine.search("农村饮水安全工程", filters=engine.make_filters(publisher=str(county.department.pk)))
    assert [h.title for h in filtered.items] == [other.title]
    assert (filtered.count, filtered.count_is_estimate) == (1, False)
    settings.ZHENGWU_SEARCH_COUNT_CAP = 100
    exact = engine.search("农村饮水安全工程")
    assert (exact.count, exact.count_is_estimate) == (6, False)
    assert [h.title for h in result.items] == [h.title for h in exact.items]


# --- dictionary phrases as written; the portal's own pages (issue 5) ---------------------------------------

def test_county_government_and_county_people_s_government_find_each_other(county):
    full = make_published(county.office, title="示范县人民政府领导工作分工", body="<p>县长主持全面工作。</p>")
    short = make_published(county.department, title="关于县政府领导班子成员分工的通知")
    for query in ("县政府", "县人民政府"):
        assert set(titles(query, type="record")) == {full.title, short.title}, query
    result = engine.search("县政府领导分工", filters=engine.make_filters(type="record"))
    assert result.relaxed is False
    assert {h.title for h in result.items} == {full.title, short.title}


@pytest.mark.parametrize("query", ["双随机一公开", "“双随机、一公开”", "双随机、一公开"])
def test_phrase_written_with_marks_and_written_together_find_each_other(county, query):
    marked = make_published(county.department, title="示范县2025年度“双随机、一公开”抽查工作计划")
    together = make_published(county.other_department, title="关于全面推行双随机一公开监管的通知")
    make_published(county.department, title="关于随机抽取公开招聘面试考官的通知")  # the words, not the phrase
    assert set(titles(query, type="record")) == {marked.title, together.title}


def test_dictionary_phrases_are_indexed_however_the_text_is_cut(county):
    from zhengwu.search import segment

    def count(text, word):
        return segment.index_tokens(text).split().count(word)

    assert count("推行“放、管、服”改革", "放管服") == 1  # written with marks inside
    assert count("推进政务\n公开标准化", "政务公开") == 1  # a line break in text taken from a PDF
    assert count("县政务服务中心", "政务服务") == 1  # inside a longer dictionary word
    assert count("示范县人民政府", "县人民政府") == 1  # across the cut 示范县 | 人民政府
    # where the cut has the word, nothing is added: term frequencies (and ranking) stay as they were
    assert count("基层政务公开和政务公开", "政务公开") == 1
    # short words are left to the segmenter: these hold 低保 and 一次办 only by chance
    assert count("降低保费", "低保") == 0
    assert count("第一次办理", "一次办") == 0
    record = make_published(county.department, title="县政务服务中心延时服务的通知")
    make_published(county.other_department, title="关于政务公开和服务热线的通知")  # 政务, 服务 but not 政务服务
    assert titles("政务服务", type="record") == [record.title]


def test_reindex_indexes_only_the_portal_s_own_live_pages(county):
    from wagtail.models import Page

    from zhengwu.portal.models import ColumnPage
    from zhengwu.portal.setup import ensure_portal
    from zhengwu.search import indexer

    welcome = Page.objects.get(depth=2)  # Wagtail's install: "Welcome to your new Wagtail site!"
    indexer.reindex()
    assert not SearchEntry.objects.filter(kind="column").exists()

    # staff put a page under the welcome page: ensure_portal keeps both, no portal site serves them
    stray = welcome.add_child(instance=ColumnPage(title="旧栏目", slug="old", column_key="old"))
    structure = ensure_portal(government=county.government, departments=[county.department], townships=[])
    assert Page.objects.filter(pk=welcome.pk).exists()
    indexer.reindex()
    indexed = set(SearchEntry.objects.filter(kind="column").values_list("object_id", flat=True))
    portal_pages = {p.pk for site in structure.sites.values()
                    for p in Page.objects.live().descendant_of(site.home, inclusive=True)}
    assert indexed == portal_pages
    assert not indexed & {welcome.pk, stray.pk}
    assert structure.column("tzgg").pk in indexed


def test_a_phrase_is_highlighted_as_written_with_marks_inside(county):
    make_published(county.office, title="示范县“双随机、一公开”抽查工作计划")
    hit = engine.search("双随机一公开").items[0]
    assert "“<mark>双随机、一公开</mark>”" in hit.title_html
    assert engine.highlight("社保", ["社保"]) == "<mark>社保</mark>"


@pytest.mark.parametrize("template", ["{n}", "{lower}", "索引号{n}的文件", "请问 {n} 这个文件"])
def test_index_number_puts_that_record_first(county, notice, template):
    """A query that is or contains a 索引号 pins that record, like a 文号, and reports no missing word."""
    for i in range(6):
        make_published(county.office, title=f"关于{2020 + i}年政务公开工作的通知", body="<p>政务公开工作要点。</p>")
    number = notice.index_number
    assert number
    result = engine.search(template.format(n=number, lower=number.lower()))
    assert result.items[0].title == notice.title and result.items[0].pinned is True
    assert not result.missing and result.count >= 1
