"""Daily: remind handlers of 黄牌/红牌 cases (in-app + e-mail). Run from cron or a task queue."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhengwu.applications.dashboard import check_deadlines
from zhengwu.workdays.calendar import get_calendar, provisional_message


class Command(BaseCommand):
    help = "检查依申请公开答复期限，向经办人发送黄牌/红牌提醒（站内提醒和电子邮件）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期检查（默认今天），格式 YYYY-MM-DD")
        parser.add_argument("--no-email", action="store_true", help="只写站内提醒，不发邮件")

    def handle(self, *args, date=None, no_email=False, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        cal = get_calendar()
        stats = check_deadlines(today, cal, send_email=not no_email)
        self.stdout.write(f"{today:%Y-%m-%d}：红牌 {stats['red']} 件，黄牌 {stats['yellow']} 件，待确认收到 {stats['awaiting']} 件，"
                          f"补正逾期 {stats['correction_expired']} 件，缴费逾期 {stats['fee_expired']} 件；"
                          f"新提醒 {stats['notified']} 条，邮件 {stats['emails']} 封。")
        if stats["provisional"]:
            years = cal.provisional_years(today, today.replace(year=today.year + 1))
            self.stdout.write(self.style.WARNING(
                f"注意：{stats['provisional']} 件申请的答复期限为暂定。{provisional_message(years)}"))
