"""网站自查 staff pages: the office's dashboard of every site's latest check, and each 信息员's columns that will go
stale within a week."""
from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Site

from zhengwu.org import access
from zhengwu.org.decorators import office_admin_required, staff_required
from zhengwu.org.models import Role

from .models import CheckRun
from .runs import run_and_store
from .staleness import going_stale


@staff_required
def dashboard(request):
    office = access.is_office_admin(request.user) or access.is_leader(request.user)
    rows = []
    if office:
        # the latest run of every site in two queries, however many sites and daily runs there are
        latest = CheckRun.objects.filter(site=OuterRef("pk")).order_by("-ran_at", "-id").values("pk")[:1]
        sites = list(Site.objects.annotate(latest_run=Subquery(latest)).order_by("-is_default_site", "hostname"))
        runs = CheckRun.objects.defer("data").in_bulk([s.latest_run for s in sites if s.latest_run])
        rows = [{"site": site, "run": runs.get(site.latest_run)} for site in sites]
    unit_ids = access.unit_ids_with_role(request.user, Role.EDITOR, Role.REVIEWER)
    stale = going_stale(unit_ids) if unit_ids else []
    return render(request, "sitehealth/dashboard.html", {"rows": rows, "stale": stale, "office": office,
                                                        "can_run": access.is_office_admin(request.user)})


@staff_required
def run_detail(request, pk: int):
    if not (access.is_office_admin(request.user) or access.is_leader(request.user)):
        return redirect("sitehealth:dashboard")
    run = get_object_or_404(CheckRun.objects.select_related("site"), pk=pk)
    return render(request, "sitehealth/run.html", {"run": run, "data": run.data})


@require_POST
@office_admin_required
def run_now(request, site_id: int):
    site = get_object_or_404(Site, pk=site_id)
    run = run_and_store(site)
    return redirect("sitehealth:run", pk=run.pk)
