from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zhengwu.services"
    label = "services"
    verbose_name = "政务服务"

    def ready(self):
        from zhengwu.audit.labels import register

        from .models import Audience, Rating, ServiceChange, ServiceType, Theme

        register(
            actions={
                "service_create": "新增政务服务事项",
                "service_update": "修改政务服务事项",
                "services_import": "导入事项清单",
                "life_event_save": "保存一件事",
                "life_event_create": "新增一件事",
                "life_event_update": "修改一件事",
                "cases_import": "导入办件",
                "rating_create": "登记好差评",
                "rating_rectify_now": "差评立行立改",
                "rating_open_ledger": "差评建立台账限期整改",
                "rating_complete_rectification": "差评整改完成",
                "rating_explain": "差评解释说明",
                "rating_appeal": "差评申诉",
                "rating_decide_appeal": "差评申诉复核决定",
                "rating_revisit": "差评回访",
                "rating_close": "差评办结",
                "baseline_record": "记录材料基准数",
                "service_change_save": "保存事项变更草稿",
                "service_change_submit": "提交事项变更审核",
                "service_change_approve": "审核通过事项变更",
                "service_change_reject": "退回事项变更",
            },
            fields={
                "audience": "服务对象", "theme": "主题",
                "basis_text": "设定依据", "basis_records": "设定依据（文件库）", "rating_level": "评价等级",
                "conditions": "受理条件", "process": "办理流程", "legal_limit_workdays": "法定办结时限",
                "promised_limit_workdays": "承诺办结时限", "charges_fee": "收费", "fee_standard": "收费标准",
                "fee_basis": "收费依据", "location": "办理地点", "hours": "办理时间", "consult_phone": "咨询电话",
                "complaint_phone": "监督投诉电话", "online_depth": "网上办理深度", "online_available": "网上可办",
                "cross_region": "跨域通办", "fully_online": "全程网办", "nearby": "就近办",
                "result_name": "办理结果名称", "is_active": "在用", "materials": "申请材料", "services": "事项",
                "questions": "情形问题", "case_count": "办件数", "case_numbers": "办件编号", "rating_channel": "评价渠道",
                "rating_target": "评价对象", "rating_status": "差评处置状态", "rectify_due": "整改期限", "rectified_on": "整改完成日期",
                "handling_note": "处置说明", "appeal_reason": "申诉理由", "appeal_decision": "复核意见",
                "closed_on": "办结日期", "baseline_material_count": "基准材料数", "service_type": "事项类型",
                "service_code": "事项编码", "service_name": "事项名称", "service_level": "行使层级",
                "life_event_name": "一件事名称", "service_count": "事项数", "change_status": "事项变更状态",
                "change_note": "变更说明", "change_comment": "审核意见",
            },
            values={"audience": dict(Audience.choices), "theme": dict(Theme.choices),
                    "rating_status": dict(Rating.Status.choices), "service_type": dict(ServiceType.choices),
                    "change_status": dict(ServiceChange.Status.choices)},
        )
