"""Build (idempotently) the 集约化 site structure: the county portal and one site per department/township.

Sites and hostnames (docs/decisions/0301-sites-and-hostnames.md)
- County portal: the default Wagtail site at `hostname:port` (127.0.0.1:8000 by default), bound to the
  government unit by `org.SiteProfile(kind=portal)`. Any unknown host falls back to it.
- Department / township sites: `<unit.code>.localhost:port` when `hostname` is an IP address or "localhost"
  (browsers resolve *.localhost to loopback), else `<unit.code>.<hostname>`; `SiteProfile(kind=department /
  township)` binds each to its unit. A department's record placed in a county column is the same row.

Column keys — `PortalStructure.column(key)` (county) and `PortalStructure.site_of(unit).column(key)`:

| key        | page                          | county portal                           | department / township site |
|------------|-------------------------------|-----------------------------------------|----------------------------|
| tzgg       | 通知公告 (ColumnPage)         | placement only                          | placement only             |
| gzdt       | 工作动态 (ColumnPage)         | placement only                          | placement only             |
| zcwj       | 政策文件 (ColumnPage)         | + rule: kinds 规章, 行政规范性文件       | + same, own unit and below |
| zcjd       | 政策解读 (ColumnPage, 解读)   | all published 解读                       | 解读 of own unit's records |
| ghjh       | 规划计划 (ColumnPage)         | + rule: 第二十条第（三）项                | —                          |
| czzj       | 财政资金 (ColumnPage)         | + rule: 第二十条第（七）项                | —                          |
| rsxx       | 人事信息 (ColumnPage)         | + rule: 第二十条第（十四）项              | —                          |
| wjk        | 文件库 (LibraryPage)          | all units                               | own unit and below         |
| xxgk       | 政府信息公开专栏              | four parts below                        | four parts below           |
| zn         | 政府信息公开指南 (GuidePage)   | + rule: kind guide of the site's unit   | same                       |
| zd         | 政府信息公开制度 (SystemPage)  | + rule: kind system of the site's unit  | same                       |
| fdzdgk     | 法定主动公开内容               | 15 categories, 机构职能 of every unit    | own unit and below         |
| ndbg       | 年度报告 (AnnualReportIndex)  | + rule: kind annual_report, all units   | own unit and below         |
| ztzl       | 专题专栏 (index ColumnPage)   | lists the 专题 below                     | —                          |
| zt_swgh    | 十四五规划 (专题)              | placement only                          | —                          |
| zt_hqzc    | 惠企政策 (专题)               | placement only                          | —                          |
| zt_ssjygk  | 双随机一公开 (专题)            | placement only                          | —                          |

"placement only" = records appear when `Record.columns` contains the column; "+ rule" = also every published
record the rule selects. Existing pages are found by key and never overwritten (staff may have edited them).
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from zhengwu.disclosure.models import Category, Record
from zhengwu.org.models import SiteProfile, Unit

from .models import (
    AnnualReportIndexPage,
    ColumnPage,
    DisclosureIndexPage,
    GuidePage,
    HomePage,
    LibraryPage,
    StatutoryContentPage,
    SystemPage,
)

GUIDE_TEXT = (
    "<p>为了更好地提供政府信息公开服务，依据《中华人民共和国政府信息公开条例》，编制本指南。</p>"
    "<h2>一、主动公开</h2><p>主动公开的政府信息通过本网站“政府信息公开”专栏、政府公报、新闻发布会等途径公开，"
    "自形成或变更之日起20个工作日内予以公开。</p>"
    "<h2>二、依申请公开</h2><p>公民、法人或者其他组织可以通过网上申请、信函、当面提交等方式申请获取政府信息。"
    "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复，需要延长的经负责人同意可延长不超过20个工作日。</p>"
    "<h2>三、监督和救济</h2><p>认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
    "也可以依法申请行政复议或者提起行政诉讼。</p>"
)
SYSTEM_TEXT = "<p>本栏目发布政府信息公开工作制度，包括主动公开、依申请公开、保密审查、发布协调和考核评议等制度。</p>"


@dataclass
class SiteStructure:
    site: Site
    unit: Unit
    home: HomePage
    pages: dict[str, Page] = field(default_factory=dict)

    def column(self, key: str) -> Page:
        try:
            return self.pages[key]
        except KeyError as exc:
            raise KeyError(f"站点“{self.unit.name}”没有代号为“{key}”的栏目") from exc


@dataclass
class PortalStructure(SiteStructure):
    """The county portal's structure, plus every department/township site by unit code."""

    sites: dict[str, SiteStructure] = field(default_factory=dict)

    def site_of(self, unit: Unit | str) -> SiteStructure:
        code = unit if isinstance(unit, str) else unit.code
        return self.sites[code]


ROOT_TITLE = "全部网站"  # Wagtail names its tree root "Root"; /cms/ shows it as "浏览栏目: 全部网站"


def serving_address() -> tuple[str, int]:
    """(host, port) the public reaches the portal at: explicit settings, else production's ALLOWED_HOSTS, else
    the demo's base URL. Sitemaps and page links are built from the Site, so it must be this address."""
    from urllib.parse import urlsplit

    base = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://127.0.0.1:8000")
    host = settings.ZHENGWU_SITE_HOST.strip()
    if not host and getattr(settings, "ZHENGWU_PRODUCTION", False):
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "testserver") and not h.startswith(".")
                     and h not in ("127.0.0.1", "localhost")), "")
        default_port = 443 if getattr(settings, "ZHENGWU_HTTPS", False) else 80
    else:
        default_port = base.port or (443 if base.scheme == "https" else 80)
    host = host or base.hostname or "127.0.0.1"
    port = str(settings.ZHENGWU_SITE_PORT).strip()
    return host, int(port) if port.isdigit() else default_port


@transaction.atomic
def set_serving_address(hostname: str, port: int, *, by=None) -> int:
    """Move every portal Site to `hostname:port` (department sites to `<code>.<hostname>`); audited per Site."""
    from zhengwu.audit.log import record_event

    if not hostname or not 0 < int(port) < 65536:
        raise ValueError("主机名或端口不正确。")
    moved = 0
    for profile in SiteProfile.objects.select_related("site", "unit"):
        site = profile.site
        host = hostname if profile.kind == SiteProfile.Kind.PORTAL else site_hostname(profile.unit, hostname)
        if (site.hostname, site.port) == (host, int(port)):
            continue
        before = {"hostname": site.hostname, "port": site.port}
        site.hostname, site.port = host, int(port)
        site.save()
        record_event(actor=by, action="site_update", target=profile, unit=profile.unit, before=before,
                     after={"hostname": host, "port": int(port)}, reason="网站访问地址变更")
        moved += 1
    if moved:
        Site.clear_site_root_paths_cache()
    return moved


def site_hostname(unit: Unit, hostname: str) -> str:
    try:
        ipaddress.ip_address(hostname)
        is_local = True
    except ValueError:
        is_local = hostname == "localhost"
    return f"{unit.code}.localhost" if is_local else f"{unit.code}.{hostname}"


def _ensure_child(parent: Page, key: str, model, title: str, **attrs) -> Page:
    """The child of `parent` with `column_key == key`, created (and published) when missing."""
    for child in parent.get_children().specific():
        if getattr(child, "column_key", None) == key:
            return child
    m2m = {k: attrs.pop(k) for k in list(attrs) if k in ("rule_categories", "rule_units")}
    now = timezone.now()
    page = model(title=title, slug=key.replace("_", "-"), column_key=key, live=True, show_in_menus=parent.depth == 2,
                 first_published_at=now, last_published_at=now, **attrs)
    for name, values in m2m.items():
        setattr(page, name, values)
    parent.add_child(instance=page)
    return page


def _categories(*numbers: int) -> list[Category]:
    return list(Category.objects.filter(number__in=numbers))


def _build_site_pages(home: HomePage, unit: Unit, *, county: bool) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    own = {"rule_units": [unit], "rule_include_sub_units": True}
    own_only = {"rule_units": [unit], "rule_include_sub_units": False}
    scope = {} if county else own
    add = lambda key, model, title, parent=home, **kw: pages.__setitem__(  # noqa: E731
        key, _ensure_child(parent, key, model, title, **kw))

    add("tzgg", ColumnPage, "通知公告", intro="本级政府及部门发布的通知、公告、公示。")
    add("gzdt", ColumnPage, "工作动态", intro="政务工作动态。")
    add("zcwj", ColumnPage, "政策文件", intro="规章、行政规范性文件和其他政策文件。",
        rule_kinds=f"{Record.Kind.REGULATION},{Record.Kind.NORMATIVE}", **scope)
    add("zcjd", ColumnPage, "政策解读", intro="政策文件的文字、图解、视频等多种形式解读。",
        content=ColumnPage.Content.INTERPRETATIONS, **scope)
    if county:
        add("ghjh", ColumnPage, "规划计划", intro="国民经济和社会发展规划、专项规划、区域规划及相关政策。",
            rule_categories=_categories(3))
        add("czzj", ColumnPage, "财政资金", intro="财政预算、决算信息。", rule_categories=_categories(7))
        add("rsxx", ColumnPage, "人事信息", intro="公务员招考的职位、名额、报考条件等事项以及录用结果。",
            rule_categories=_categories(14))
    add("wjk", LibraryPage, "文件库", intro="规章和行政规范性文件，随立改废实时标注有效性。",
        scope_unit=None if county else unit)
    add("xxgk", DisclosureIndexPage, "政府信息公开",
        intro="依据《中华人民共和国政府信息公开条例》设置的政府信息公开专栏。")
    xxgk = pages["xxgk"]
    add("zn", GuidePage, "政府信息公开指南", parent=xxgk, body=GUIDE_TEXT,
        intro="主动公开的途径、依申请公开的程序，以及监督和救济方式。", rule_kinds=Record.Kind.GUIDE, **own_only)
    add("zd", SystemPage, "政府信息公开制度", parent=xxgk, body=SYSTEM_TEXT,
        intro="主动公开、依申请公开、保密审查、发布协调等工作制度。", rule_kinds=Record.Kind.SYSTEM,
        **own_only)
    add("fdzdgk", StatutoryContentPage, "法定主动公开内容", parent=xxgk,
        intro="《中华人民共和国政府信息公开条例》第二十条规定应当主动公开的政府信息。")
    add("ndbg", AnnualReportIndexPage, "政府信息公开工作年度报告", parent=xxgk,
        intro="依据条例第四十九条、第五十条，每年1月31日前公布上一年度政府信息公开工作年度报告。",
        rule_kinds=Record.Kind.ANNUAL_REPORT, **scope)
    if county:
        add("ztzl", ColumnPage, "专题专栏", intro="围绕重点工作设置的专题。", show_on_home=False)
        ztzl = pages["ztzl"]
        add("zt_swgh", ColumnPage, "十四五规划", parent=ztzl, is_special=True,
            intro="国民经济和社会发展第十四个五年规划及相关专项规划、实施情况。")
        add("zt_hqzc", ColumnPage, "惠企政策", parent=ztzl, is_special=True, intro="惠企政策汇编与兑现指南。")
        add("zt_ssjygk", ColumnPage, "双随机一公开", parent=ztzl, is_special=True,
            intro="随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开。")
    return pages


def _site_for(unit: Unit, hostname: str, port: int, *, default: bool) -> Site | None:
    profile = SiteProfile.objects.filter(unit=unit).select_related("site").first()
    if profile:
        return profile.site
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is None and default:
        site = Site.objects.filter(is_default_site=True).first()
    return site


def _ensure_site(unit: Unit, *, hostname: str, port: int, kind: str, default: bool) -> SiteStructure:
    site = _site_for(unit, hostname, port, default=default)
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        root = Page.get_first_root_node()
        home = next((p for p in root.get_children().specific()
                     if isinstance(p, HomePage) and p.column_key == unit.code), None)
        if home is None:
            now = timezone.now()
            home = HomePage(title=unit.name, slug=f"site-{unit.code}", column_key=unit.code, live=True,
                            first_published_at=now, last_published_at=now, intro=f"{unit.name}政务公开")
            root.add_child(instance=home)
    if site is None:
        site = Site(hostname=hostname, port=port)
    site.hostname, site.port, site.root_page = hostname, port, home
    site.site_name, site.is_default_site = unit.name, default
    site.save()
    SiteProfile.objects.update_or_create(site=site, defaults={"unit": unit, "kind": kind})
    return SiteStructure(site=site, unit=unit, home=home)


def _drop_wagtail_welcome_page() -> None:
    """Wagtail's install creates a bare "Welcome" page; once no site uses it, it only confuses editors."""
    for page in Page.get_first_root_node().get_children():
        if (page.specific_class is Page and page.numchild == 0 and not Site.objects.filter(root_page=page).exists()):
            page.delete()


@transaction.atomic
def ensure_portal(*, government: Unit, departments: list[Unit], townships: list[Unit],
                  hostname: str | None = None, port: int | None = None) -> PortalStructure:
    """Create what is missing of the county portal and the department/township sites; return them all.
    Without `hostname`/`port` the Sites get the serving address (`serving_address`)."""
    default_host, default_port = serving_address()
    hostname, port = hostname or default_host, port or default_port
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    county = _ensure_site(government, hostname=hostname, port=port, kind=SiteProfile.Kind.PORTAL, default=True)
    if Site.objects.exclude(pk=county.site.pk).filter(is_default_site=True).update(is_default_site=False):
        Site.clear_site_root_paths_cache()
    _drop_wagtail_welcome_page()
    structure = PortalStructure(site=county.site, unit=government, home=county.home,
                                pages=_build_site_pages(county.home, government, county=True))
    structure.sites[government.code] = structure
    for unit, kind in [(d, SiteProfile.Kind.DEPARTMENT) for d in departments] + [
            (t, SiteProfile.Kind.TOWNSHIP) for t in townships]:
        sub = _ensure_site(unit, hostname=site_hostname(unit, hostname), port=port, kind=kind, default=False)
        sub.pages = _build_site_pages(sub.home, unit, county=False)
        structure.sites[unit.code] = sub
    return structure
