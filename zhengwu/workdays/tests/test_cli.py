"""`zhengwu workdays …` as an operator runs it."""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from zhengwu.audit.models import AuditEvent
from zhengwu.workdays.models import OfficialYear, WorkdayOverride

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().splitlines()


def test_add_across_national_day_2025_prints_only_the_date():
    assert run("add", "2025-09-30", "20") == ["2025-11-04"]
    assert run("add", "2025-10-11", "1") == ["2025-10-13"]
    assert run("add", "2025-10-01", "0") == ["2025-10-01"]


def test_add_into_2027_warns_loudly_naming_the_year():
    lines = run("add", "2026-12-18", "20")
    assert lines[0] == "2027-01-18"
    assert lines[1].startswith("警告：2027年尚无国务院放假安排数据，结果为暂定")


def test_coverage_lists_official_and_provisional_years():
    lines = run("coverage")
    assert "2004–2026年" in lines[1]
    assert lines[-1].startswith("暂定年度") and "2027年及以后" in lines[-1] and "2003年及以前" in lines[-1]


def test_staff_enter_and_confirm_2027_on_the_command_line():
    assert run("set", "2027-02-08", "holiday", "--note", "春节") == ["已将2027-02-08设为休息日。"]
    assert run("set", "2027-02-20", "workday") == ["已将2027-02-20设为工作日。"]
    # 5 Feb (Fri) is the first working day after 4 Feb; 8 Feb is now a holiday, so day 2 is 9 Feb.
    assert run("add", "2027-02-04", "2")[0] == "2027-02-09"
    assert run("confirm", "2027", "--source", "国务院办公厅关于2027年部分节假日安排的通知")[0].startswith("已确认2027年")
    assert run("add", "2026-12-18", "20") == ["2027-01-18"]  # no warning any more
    lines = run("coverage")
    assert any(line.startswith("  2027年：工作人员已确认（系统") and "2027年部分节假日安排的通知" in line for line in lines)
    assert "2028年及以后" in lines[-1] and "2027年及以后" not in lines[-1]
    assert run("unset", "2027-02-20") == ["已删除2027-02-20的人工调整，恢复为系统日历。"]
    assert OfficialYear.objects.get().confirmed_by is None
    assert set(AuditEvent.objects.values_list("actor_name", flat=True)) == {"系统"}


@pytest.mark.parametrize(("args", "message"), [
    ((), "缺少子命令"),
    (("plus", "2025-01-01", "3"), "未知子命令：“plus”"),
    (("add", "2025-01-01"), "子命令 add 需要 2 个参数，实际给了 1 个"),
    (("add", "2025-02-30", "3"), "日期格式不正确：“2025-02-30”"),
    (("add", "2025/01/01", "3"), "请使用 YYYY-MM-DD 格式"),
    (("add", "2025-01-01", "三"), "工作日数不正确：“三”"),
    (("add", "2025-01-01", "-1"), "请填写 0 到 1000 之间的整数"),
    (("set", "2027-02-08", "rest"), "类型不正确：“rest”"),
    (("set", "1999-02-08", "holiday"), "日期超出工作日历的范围"),
    (("unset", "2027-02-08"), "2027-02-08没有人工调整记录"),
    (("confirm", "27"), "年度不正确：“27”"),
    (("confirm", "2026"), "2026年的国务院放假安排已内置于系统"),
    (("confirm", "2028"), "尚未录入2028年的任何放假或调休上班日期"),
])
def test_bad_input_gets_a_chinese_message_and_changes_nothing(args, message):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert message in str(info.value)
    assert not WorkdayOverride.objects.exists()
    assert not OfficialYear.objects.exists()
    assert not AuditEvent.objects.exists()


def test_bad_input_exits_non_zero_from_the_shell(tmp_path):
    env = {**os.environ, "ZHENGWU_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "zhengwu.settings"}
    proc = subprocess.run([sys.executable, "-m", "zhengwu", "workdays", "add", "2025-13-01", "5"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode != 0
    assert "日期格式不正确：“2025-13-01”" in proc.stderr
    assert proc.stdout == ""


def test_add_across_spring_festival_2026():
    assert dt.date.fromisoformat(run("add", "2026-02-13", "7")[0]) == dt.date(2026, 3, 2)
