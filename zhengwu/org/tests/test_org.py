"""Units, 统一社会信用代码 and the access rules every view relies on."""
import pytest
from django.core.exceptions import ValidationError

from zhengwu.org import access, credit_code
from zhengwu.org.models import Unit
from zhengwu.org.tests.factories import make_unit


def test_credit_code_check_character():
    assert credit_code.is_valid("11370104597024629Y")  # 槐荫区人民政府办公室, from the Huaiyin seed
    assert not credit_code.is_valid("11370104597024629X")
    assert not credit_code.is_valid("1137010459702462")
    assert credit_code.is_valid(credit_code.make("11430000MB1234567"))


def test_unit_with_bad_credit_code_is_refused(county):
    unit = Unit(name="某局", code="mj", kind=Unit.Kind.DEPARTMENT, parent=county.government,
                credit_code="11370104597024629X")
    with pytest.raises(ValidationError) as err:
        unit.full_clean()
    assert "统一社会信用代码" in str(err.value)


def test_hierarchy_rules(county):
    with pytest.raises(ValidationError, match="上级单位"):
        make_unit("孤立部门", Unit.Kind.DEPARTMENT, None)
    with pytest.raises(ValidationError, match="乡镇"):
        make_unit("错挂的村", Unit.Kind.VILLAGE, county.department, credit_code="")
    assert county.government.descendant_ids() >= {county.department.pk, county.township.pk, county.village.pk}
    assert county.village.ancestors() == [county.township, county.government]


def test_access_rules(county):
    assert access.is_office_admin(county.office_admin)
    assert not access.is_office_admin(county.editor)
    assert access.can_edit_unit_content(county.editor, county.department)
    assert not access.can_edit_unit_content(county.editor, county.other_department)
    assert access.can_review_unit(county.reviewer, county.department)
    assert not access.can_review_unit(county.editor, county.department)
    assert not access.can_edit_unit_content(county.leader, county.government)
    assert list(access.visible_units(county.editor)) == [county.department]
    assert access.visible_units(county.office_admin).count() == Unit.objects.count()


def test_site_profiles_memo_looks_each_unit_up_once(county, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhengwu.org.models import site_profile_for_unit, site_profiles_memo

    with site_profiles_memo():
        found = site_profile_for_unit(county.department)
        with django_assert_num_queries(0):
            assert site_profile_for_unit(county.department) == found
    with CaptureQueriesContext(connection) as ctx:
        site_profile_for_unit(county.department)
    assert len(ctx.captured_queries) >= 1  # outside the block: looked up anew
