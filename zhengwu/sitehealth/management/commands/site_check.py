"""zhengwu site_check [--site S] [--as-of DATE] [--json] — the daily self-check against 国办秘函〔2019〕19号."""
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from zhengwu.sitehealth.checks import check_site
from zhengwu.sitehealth.runs import store
from zhengwu.sitehealth.sites import find_sites


class Command(BaseCommand):
    help = "按《政府网站与政务新媒体检查指标》自查站点：单项否决项与扣分项。"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="站点域名、站点编号或主办单位代号；默认检查全部站点")
        parser.add_argument("--as-of", help="按该日（YYYY-MM-DD）的站点状态检查")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--no-save", action="store_true", help="不保存结果（默认保存当日检查结果供工作台查看）")

    def handle(self, *args, **opts):
        as_of = None
        if opts["as_of"]:
            try:
                as_of = dt.date.fromisoformat(opts["as_of"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        sites = find_sites(opts["site"])
        if not sites:
            raise CommandError(f"找不到站点：{opts['site']}" if opts["site"] else "还没有站点。")
        results = [check_site(site, as_of) for site in sites]
        if not opts["no_save"] and as_of is None:
            for r in results:
                store(r)
        if opts["json"]:
            data = [r.as_json() for r in results]
            self.stdout.write(json.dumps(data[0] if opts["site"] else data, ensure_ascii=False, indent=2))
            return
        for r in results:
            self.stdout.write(f"{r.site.hostname}（{r.as_of}）：{r.verdict}，得分 {r.score}")
            for item in r.single_veto:
                mark = {True: "通过", False: "否决", None: "不适用"}[item["ok"]]
                self.stdout.write(f"  [{mark}] {item['indicator']}" + (f"：{'；'.join(item['details'][:3])}"
                                                                      if item["details"] else ""))
            for d in r.deductions:
                self.stdout.write(f"  扣 {d['points']} 分 {d['indicator']}：{'；'.join(d['details'][:3])}")
