from zhengwu.services import rules
from zhengwu.services.tests.factories import material, service_data


def test_a_complete_service_has_no_errors():
    assert rules.service_errors(service_data(), [material()]) == {}


def test_promised_limit_may_not_exceed_legal_limit():
    errors = rules.service_errors(service_data(legal_limit_workdays=10, promised_limit_workdays=12))
    assert errors["promised_limit_workdays"] == ["承诺办结时限（12个工作日）不得超过法定办结时限（10个工作日）。"]
    assert rules.service_errors(service_data(legal_limit_workdays=None, promised_limit_workdays=12)) == {}
    assert rules.service_errors(service_data(legal_limit_workdays=12, promised_limit_workdays=12)) == {}


def test_license_needs_a_legal_basis_as_text_or_linked_record():
    errors = rules.service_errors(service_data(type="license", basis_text=""))
    assert "行政许可事项必须填写设定依据" in errors["basis_text"][0]
    assert rules.service_errors(service_data(type="license", basis_text="《食品安全法》第三十五条")) == {}
    assert rules.service_errors(service_data(type="license", basis_text=""), has_basis_records=True) == {}
    assert rules.service_errors(service_data(type="benefit", basis_text="")) == {}


def test_every_material_names_its_source():
    errors = rules.service_errors(service_data(), [material(), material("营业执照", source="")])
    assert errors["materials"] == ["第2项材料“营业执照”：请填写来源渠道。"]


def test_fee_needs_standard_and_basis_and_depth_rules():
    errors = rules.service_errors(service_data(charges_fee=True, online_depth=2, fully_online=True,
                                               online_available=False))
    assert set(errors) == {"fee_standard", "fee_basis", "fully_online"}
    errors = rules.service_errors(service_data(online_depth=4, online_available=False))
    assert errors["online_available"] == ["网上办理深度三级及以上的事项应为网上可办。"]
    assert "online_depth" in rules.service_errors(service_data(online_depth=5))


def test_missing_elements_and_bad_codes_are_named():
    errors = rules.service_errors(service_data(code="", location="", complaint_phone=" "))
    assert errors["code"] == ["请填写事项编码。"]
    assert set(errors) == {"code", "location", "complaint_phone"}
    assert "事项编码只能由" in rules.service_errors(service_data(code="编码 1"))["code"][0]


def test_exempt_material_must_be_trusted_data():
    errors = rules.service_errors(service_data(), [material(exempt="e_license", trust_level="D")])
    assert "可信等级A或B" in errors["materials"][0]
