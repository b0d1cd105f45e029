"""zhengwu rotate_keys [--new-key] — re-encrypt personal data under the first ZHENGWU_DATA_KEYS key.

Rotation: generate a key (`--new-key`), put it first in ZHENGWU_DATA_KEYS (keep the old one after it), restart,
run `zhengwu rotate_keys`, then remove the old key and restart again.
"""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from zhengwu.core import crypto
from zhengwu.security import keys


class Command(BaseCommand):
    help = "个人信息加密密钥轮换：用 ZHENGWU_DATA_KEYS 的第一个密钥重新加密全部个人信息，并重算查找哈希。"

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="只生成并显示一个新密钥，不改动数据")
        parser.add_argument("--by", default="", help="执行轮换的安全管理员姓名")

    def handle(self, *args, new_key=False, by="", **options):
        if new_key:
            self.stdout.write(crypto.generate_key())
            return
        if not getattr(settings, "ZHENGWU_DATA_KEYS", None):
            self.stderr.write(self.style.WARNING("未设置 ZHENGWU_DATA_KEYS：正在使用开发用密钥（公开，不能保护数据）。"))
        counts = keys.rotate_all(by=by)
        for label, n in counts.items():
            self.stdout.write(f"{label}：重新加密 {n} 行")
        self.stdout.write(self.style.SUCCESS("已完成。确认无误后可从 ZHENGWU_DATA_KEYS 中删去旧密钥。"))
