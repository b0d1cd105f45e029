"""Staff accounts for calendar tests, made the way org makes them."""
from __future__ import annotations

from zhengwu.org.models import Role, Unit
from zhengwu.org.tests.factories import make_unit, make_user


def make_people() -> dict:
    gov = make_unit("示范县人民政府", Unit.Kind.GOVERNMENT)
    office = make_unit("示范县人民政府办公室", Unit.Kind.DEPARTMENT, gov)
    dept = make_unit("示范县教育局", Unit.Kind.DEPARTMENT, gov)
    return {"admin": make_user("gkb", office, Role.OFFICE_ADMIN), "editor": make_user("xxy", dept, Role.EDITOR)}
