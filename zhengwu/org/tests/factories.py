"""Test data built the way the product builds it. Codes are valid 统一社会信用代码 (check char computed)."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from zhengwu.org import credit_code
from zhengwu.org.models import Membership, Role, Unit

_counter = {"n": 0}


def next_credit_code() -> str:
    _counter["n"] += 1
    return credit_code.make(f"11430000{_counter['n']:08d}M")


def make_unit(name: str, kind: str = Unit.Kind.DEPARTMENT, parent: Unit | None = None, **extra) -> Unit:
    _counter["n"] += 1
    defaults = dict(code=f"u{_counter['n']}", credit_code=next_credit_code(), functions=f"{name}的机构职能。",
                    leader_name="王某", address="县城人民路1号", office_hours="工作日 8:30-12:00，14:30-17:30",
                    phone="0745-1234567")
    defaults.update(extra)
    unit = Unit(name=name, kind=kind, parent=parent, **defaults)
    unit.full_clean()
    unit.save()
    return unit


def make_user(username: str, unit: Unit | None = None, *roles: str, superuser: bool = False):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username=username, password="zhengwu-test-pass", email="")
    else:
        user = User.objects.create_user(username=username, password="zhengwu-test-pass")
    for role in roles:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@dataclass
class County:
    government: Unit
    office: Unit
    department: Unit
    other_department: Unit
    township: Unit
    village: Unit
    office_admin: object
    editor: object
    reviewer: object
    other_editor: object
    other_reviewer: object
    leader: object


def make_county() -> County:
    gov = make_unit("示范县人民政府", Unit.Kind.GOVERNMENT)
    office = make_unit("示范县人民政府办公室", Unit.Kind.DEPARTMENT, gov)
    dept = make_unit("示范县教育局", Unit.Kind.DEPARTMENT, gov)
    other = make_unit("示范县财政局", Unit.Kind.DEPARTMENT, gov)
    town = make_unit("城关镇人民政府", Unit.Kind.TOWNSHIP, gov)
    village = make_unit("城关镇新村村民委员会", Unit.Kind.VILLAGE, town, credit_code="")
    return County(
        government=gov, office=office, department=dept, other_department=other, township=town, village=village,
        office_admin=make_user("gkb", office, Role.OFFICE_ADMIN),
        editor=make_user("jyj_xxy", dept, Role.EDITOR),
        reviewer=make_user("jyj_shy", dept, Role.REVIEWER),
        other_editor=make_user("czj_xxy", other, Role.EDITOR),
        other_reviewer=make_user("czj_shy", other, Role.REVIEWER),
        leader=make_user("ld", gov, Role.LEADER),
    )
