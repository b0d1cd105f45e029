"""Test data built through the actions, as the product builds it."""
from __future__ import annotations

from zhengwu.services import actions

_n = {"i": 0}


def service_data(**extra) -> dict:
    _n["i"] += 1
    data = dict(
        code=f"11431121T{_n['i']:06d}", name=f"测试事项{_n['i']}", type="public_service", audience="person",
        theme="other", basis_text="", level="county", conditions="申请人为本县居民。", process="受理\n审查\n决定",
        legal_limit_workdays=20, promised_limit_workdays=5, charges_fee=False, fee_standard="", fee_basis="",
        location="示范县政务服务中心一楼综合窗口", hours="工作日 8:30-12:00，14:30-17:30", consult_phone="0745-1234567",
        complaint_phone="12345", online_depth=3, online_available=True, cross_region=False, fully_online=False,
        nearby=False, result_name="办理结果通知",
    )
    data.update(extra)
    return data


def material(name="居民身份证", **extra) -> dict:
    m = dict(name=name, source="applicant", form="paper", copies=1, necessity="required", tolerance=False,
             commitment=False, exempt="", trust_level="D")
    m.update(extra)
    return m


def make_service(unit, *, by=None, materials=None, **extra):
    return actions.save_service(by=by, unit=unit, data=service_data(**extra),
                                materials=materials if materials is not None else [material()])


def make_life_event(county, *, by=None):
    """开办餐饮店: 2 必办 事项 and 1 optional, 2 questions; 身份证 shared by both 必办 事项."""
    s1 = make_service(county.department, name="个体工商户登记", code="LE-S1", promised_limit_workdays=1,
                      materials=[material("居民身份证"), material("经营场所证明", commitment=True)])
    s2 = make_service(county.department, name="食品经营许可", code="LE-S2", promised_limit_workdays=7,
                      materials=[material("居民身份证"), material("营业执照", source="government", exempt="e_license",
                                                                 trust_level="A"),
                                 material("健康证明", necessity="conditional")])
    s3 = make_service(county.other_department, name="户外招牌设置", code="LE-S3",
                      materials=[material("招牌设计图")])
    health = s2.materials.get(name="健康证明")
    event = actions.save_life_event(by=by, data={"name": "开办餐饮店", "audience": "legal", "window": "一件事窗口"},
                                    entries=[(s1, True), (s2, True), (s3, False)], questions=[
        {"text": "是否设置门头招牌", "options": [{"text": "否"}, {"text": "是", "include_services": [s3]}]},
        {"text": "是否聘用从业人员", "options": [{"text": "否"}, {"text": "是", "include_materials": [health]}]},
    ])
    return event, (s1, s2, s3)
