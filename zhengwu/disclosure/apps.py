from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "zhengwu.disclosure"
    label = "disclosure"
    verbose_name = "政府信息"

    def ready(self):
        from zhengwu.audit import labels

        from .models import Interpretation, Record, RecordRelation

        labels.register(
            actions={
                "create": "新建", "update": "修改", "record_delete": "删除草稿", "attachment_add": "上传附件",
                "attachment_remove": "删除附件", "attachment_replace": "替换附件", "submit": "提交审核",
                "withdraw": "撤回", "secrecy_review": "保密审查通过", "secrecy_review_failed": "保密审查未通过",
                "approve_unit": "单位审核通过", "reject": "退回", "publish": "发布", "unpublish": "撤下",
                "set_validity": "变更有效性", "validity_by_relation": "因立改废变更有效性",
                "relation_add": "登记立改废关系", "interpretation_add": "添加解读",
                "interpretation_publish": "解读随文发布", "interpretation_exempt": "登记免于解读",
                "pii_override": "个人信息放行", "mask_pii": "去标识化",
            },
            fields={
                "image": "图片", "categories": "公开类别", "attachments": "附件", "interpretations": "政策解读",
                "title": "标题", "status": "状态", "validity": "有效性", "document_number": "文号",
                "index_number": "索引号", "disclosure_mode": "公开方式", "written_date": "成文日期",
                "published_at": "发布日期", "kind": "信息类型", "attachment": "附件", "size": "大小（字节）",
                "form": "解读形式", "relation": "关系", "target": "对象编号", "target_title": "对象",
                "record": "政府信息编号",
            },
            values={
                "status": {**dict(Record.Status.choices), **dict(Interpretation.Status.choices)},
                "validity": dict(Record.Validity.choices), "kind": dict(Record.Kind.choices),
                "disclosure_mode": dict(Record.DisclosureMode.choices), "form": dict(Interpretation.Form.choices),
                "relation": dict(RecordRelation.Kind.choices),
            },
        )
