"""Unit matching (exact, alias table, abbreviation rule, remembered mappings) and `zhengwu import_tasks`."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from zhengwu.org.models import Unit
from zhengwu.org.tests.factories import make_unit
from zhengwu.supervision import actions
from zhengwu.supervision.models import Plan, Task
from zhengwu.supervision.units import UnitMatcher

from .test_tables import SEEDS, needs_seeds

TABLE = ("序号\t具体内容\t牵头单位\t责任单位\t完成时限\n"
         "1\t公开预决算。\t县财政局\t县教育局、县发改局\t年底前\n"
         "2\t公开负面清单。\t县发改局\t县直相关单位按职责分工负责\t每季度\n"
         "3\t做好解读。\t县政府办\t县新闻出版局\t根据上级安排\n")


@pytest.fixture
def fgj(county):
    return make_unit("示范县发展和改革局", Unit.Kind.DEPARTMENT, county.government, short_name="")


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_tasks", *args, stdout=out)
    return out.getvalue()


def test_matching_exact_abbreviation_alias_table(county, fgj):
    m = UnitMatcher()
    assert m.match("示范县教育局") == county.department
    assert m.match("县教育局") == county.department       # level word + county name dropped
    assert m.match("县发改局") == fgj                     # characters in order: 发(展和)改(革)局
    assert m.match("县政府办") == county.office           # listed abbreviation
    assert m.match("县新闻出版局") is None


def test_command_json_shape_and_dry_run_saves_nothing(county, fgj, tmp_path):
    path = tmp_path / "分工.txt"
    path.write_text(TABLE, encoding="utf-8")
    data = json.loads(run(str(path), "--year", "2026", "--plan", "2026年任务分工", "--dry-run", "--json"))
    assert set(data) == {"plan", "year", "tasks", "unmatched_units"}
    assert data["plan"] == "2026年任务分工" and data["year"] == 2026
    first = data["tasks"][0]
    assert set(first) == {"number", "group", "content", "lead_units", "responsible_units", "unit_ids", "deadline",
                          "recurring", "cadence", "deadline_text"}
    assert first["lead_units"] == ["县财政局"] and first["responsible_units"] == ["县教育局", "县发改局"]
    assert first["unit_ids"] == [county.other_department.pk, county.department.pk, fgj.pk]
    assert (first["deadline"], first["recurring"], first["cadence"]) == ("2026-12-31", False, None)
    assert (data["tasks"][1]["recurring"], data["tasks"][1]["cadence"]) == (True, "quarterly")
    assert data["tasks"][2]["deadline"] is None and data["tasks"][2]["deadline_text"] == "根据上级安排"
    assert data["unmatched_units"] == ["县新闻出版局"]
    assert not Plan.objects.exists()


def test_import_saves_tasks_and_a_mapping_is_remembered(county, fgj, tmp_path):
    path = tmp_path / "2026年分工.txt"
    path.write_text(TABLE, encoding="utf-8")
    assert "已导入" in run(str(path))
    plan = Plan.objects.get()
    assert plan.year == 2026 and plan.tasks.count() == 3
    t1, t2, t3 = plan.tasks.all()
    assert list(t1.lead_units.all()) == [county.other_department]
    assert set(t1.responsible_units.all()) == {county.department, fgj}
    assert t2.unit_notes == ["县直相关单位按职责分工负责"] and t2.cadence == "quarterly"
    assert t3.deadline_flagged and t3.deadline_text == "根据上级安排"
    press = make_unit("示范县新闻出版局", Unit.Kind.DEPARTMENT, county.government)
    # the registry name differs from how the table writes it; the office maps it once
    press.name = "示范县新闻出版服务中心"
    press.save()
    actions.map_unit_alias(user=county.office_admin, name="县新闻出版局", unit=press)
    assert list(t3.responsible_units.all()) == [press]
    data = json.loads(run(str(path), "--dry-run", "--json"))
    assert data["unmatched_units"] == [] and press.pk in data["tasks"][2]["unit_ids"]


def test_errors_leave_nothing(county, tmp_path):
    path = tmp_path / "分工.txt"
    path.write_text(TABLE, encoding="utf-8")
    with pytest.raises(CommandError, match="年度"):
        run(str(path))
    empty = tmp_path / "空.txt"
    empty.write_text("通知正文，没有表格。", encoding="utf-8")
    with pytest.raises(CommandError, match="没有找到任务分工表"):
        run(str(empty), "--year", "2026")
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "无.txt"))
    assert not Plan.objects.exists() and not Task.objects.exists()


@needs_seeds
@pytest.mark.parametrize("name,tasks", [("zhongfang-2021-task-division.txt", 49),
                                        ("zhongfang-2022-disclosure-task-division.txt", 14),
                                        ("huaiyin-2020-disclosure-points.txt", 35)])
def test_seed_tables_import_every_task(county, name, tasks):
    data = json.loads(run(str(SEEDS / name), "--json"))
    assert len(data["tasks"]) == tasks
    assert Plan.objects.get().tasks.count() == tasks
    assert "县教育局" not in data["unmatched_units"]
