"""The dashboard shows stored runs; 立即检查 stores one; a 信息员 sees their columns going stale within 7 days."""
import datetime as dt
import re

from django.utils import timezone

from zhengwu.disclosure.models import Record
from zhengwu.disclosure.tests.factories import make_published
from zhengwu.sitehealth.models import CheckRun
from zhengwu.sitehealth.staleness import going_stale

from .test_checks import site  # noqa: F401  (fixture)


def test_office_runs_a_check_and_reads_it(client, site):  # noqa: F811
    county = site.county
    client.force_login(county.office_admin)
    assert "尚未检查" in client.get("/staff/sitehealth/").content.decode()
    response = client.post(f"/staff/sitehealth/sites/{site.site.pk}/run/")
    run = CheckRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/runs/{run.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "单项否决指标" in page and "空白栏目" in page
    client.force_login(county.editor)
    assert client.post(f"/staff/sitehealth/sites/{site.site.pk}/run/").status_code == 403


def test_editor_sees_columns_going_stale_within_a_week(client, site):  # noqa: F811
    county = site.county
    dept_site = __import__("zhengwu.portal.setup", fromlist=["ensure_portal"]).ensure_portal(
        government=county.government, departments=[county.department], townships=[], hostname="testserver",
        port=80).sites[county.department.code]
    news = dept_site.pages["gzdt"]
    record = make_published(county.department, title="教育工作动态")
    record.columns.add(news)
    Record.objects.filter(pk=record.pk).update(published_at=timezone.now() - dt.timedelta(days=9))
    stale = going_stale({county.department.pk})
    news_row = next(s for s in stale if s.column.pk == news.pk)
    assert news_row.last_update == timezone.localdate() - dt.timedelta(days=9) and news_row.days_left == 5
    # never-updated 通知公告 of the unit's own site is listed as already stale
    assert any(s.column.title == "通知公告" and s.last_update is None for s in stale)
    Record.objects.filter(pk=record.pk).update(published_at=timezone.now())
    assert news.pk not in [s.column.pk for s in going_stale({county.department.pk})]
    client.force_login(county.editor)
    page = client.get("/staff/sitehealth/").content.decode()
    assert "7天内将超期未更新的栏目" in page


def test_dashboard_and_run_query_counts_are_pinned(client, site, django_assert_max_num_queries):  # noqa: F811
    """Several sites, several daily runs each: the dashboard reads the latest run per site in one query."""
    from zhengwu.portal.setup import ensure_portal
    from zhengwu.sitehealth.runs import run_and_store

    county = site.county
    structure = ensure_portal(government=county.government, departments=[county.department, county.other_department],
                              townships=[], hostname="testserver", port=80)
    sites = {site.site, *[d.site for d in structure.sites.values()]}
    runs = [run_and_store(s) for s in sites for _ in range(2)]
    client.force_login(county.office_admin)
    client.get("/staff/sitehealth/")
    with django_assert_max_num_queries(9):
        page = client.get("/staff/sitehealth/").content.decode()
    latest = {s.pk: CheckRun.objects.filter(site=s).first().pk for s in sites}  # the model's own order
    assert len(sites) >= 3 and sorted(int(pk) for pk in re.findall(r"/staff/sitehealth/runs/(\d+)/", page)) == \
        sorted(latest.values())
    with django_assert_max_num_queries(8):
        assert client.get(f"/staff/sitehealth/runs/{runs[0].pk}/").status_code == 200
