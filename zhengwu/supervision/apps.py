from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhengwu.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self):
        from zhengwu.audit.labels import register

        from .models import Task

        register(
            actions={
                "supervision_import": "导入任务分工", "supervision_alias": "映射单位别名",
                "supervision_report": "报送任务进展", "supervision_confirm": "牵头单位确认完成",
                "supervision_accept": "公开办验收任务", "supervision_return": "公开办退回任务",
                "supervision_remark": "填写公开办意见", "supervision_link": "关联栏目/主题",
                "supervision_publish_report": "发布督查通报",
            },
            fields={"plan_title": "任务分工名称", "plan_year": "年度", "task_count": "任务数",
                    "unmatched_units": "未匹配单位", "alias_name": "表中写法", "alias_unit": "对应单位",
                    "progress_text": "进展情况", "evidence_records": "佐证信息", "evidence_links": "佐证链接",
                    "evidence_file": "佐证材料", "task_status": "任务状态", "office_remarks": "公开办意见",
                    "linked_columns": "关联栏目", "linked_topic": "关联主题", "report_quarter": "通报季度", "report_record": "通报信息"},
            values={"task_status": dict(Task.Status.choices)},
        )
