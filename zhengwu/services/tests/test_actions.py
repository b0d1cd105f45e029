import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhengwu.audit.labels import unlabelled
from zhengwu.audit.models import AuditEvent
from zhengwu.services import actions
from zhengwu.services.models import Service, ServiceVersion
from zhengwu.services.tests.factories import make_service, material, service_data


@pytest.mark.django_db
def test_every_change_is_a_new_dated_version(county):
    s = make_service(county.department, by=county.editor, name="义务教育转学")
    assert s.version == 1 and s.versions.get().changed_fields == []
    data = service_data(code=s.code, name="义务教育阶段转学", promised_limit_workdays=3)
    s = actions.save_service(by=county.editor, unit=county.department, data=data, materials=[material()],
                             service=s, note="压缩承诺时限")
    assert s.version == 2
    v2 = s.versions.first()
    assert v2.number == 2 and v2.note == "压缩承诺时限"
    assert set(v2.changed_fields) >= {"name", "promised_limit_workdays"}
    assert v2.snapshot["promised_limit_workdays"] == 3
    # saving the same content again makes no version
    s = actions.save_service(by=county.editor, unit=county.department, data=data, materials=[material()], service=s)
    assert s.version == 2 and ServiceVersion.objects.filter(service=s).count() == 2
    events = AuditEvent.objects.filter(target_type="services.service", target_id=str(s.pk))
    assert [e.action for e in events.order_by("id")] == ["service_create", "service_update"]
    assert unlabelled(events.values_list("action", flat=True)) == []
    assert events.order_by("id").last().after["service_name"] == "义务教育阶段转学"


@pytest.mark.django_db
def test_invalid_service_saves_nothing(county):
    with pytest.raises(ValidationError) as exc:
        make_service(county.department, by=county.editor, type="license", basis_text="",
                     legal_limit_workdays=5, promised_limit_workdays=8, materials=[material(source="")])
    assert set(exc.value.message_dict) == {"basis_text", "promised_limit_workdays", "materials"}
    assert Service.objects.count() == 0 and AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_code_and_other_units_are_refused(county):
    s = make_service(county.department, by=county.editor)
    with pytest.raises(ValidationError, match="已存在"):
        make_service(county.department, by=county.editor, code=s.code)
    with pytest.raises(PermissionDenied):
        make_service(county.department, by=county.other_editor)
    with pytest.raises(PermissionDenied):
        actions.save_service(by=county.other_editor, unit=county.other_department, data=service_data(code=s.code),
                             materials=[material()], service=s)


@pytest.mark.django_db
def test_basis_records_link_the_library(county):
    from zhengwu.disclosure.models import Record

    rec = Record.objects.create(title="示范县食品经营许可实施办法", unit=county.department)
    s = actions.save_service(by=county.office_admin, unit=county.department,
                             data=service_data(type="license", basis_text=""), materials=[material()],
                             basis_records=[rec])
    assert list(s.basis_records.all()) == [rec]
