from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhengwu.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from zhengwu.audit import labels

        from .actions import FIGURE_LABELS

        labels.register(
            actions={"report_figures_set": "填报年度报告数据", "report_narrative_save": "保存年度报告文字",
                     "report_publish": "发布年度报告", "report_export": "导出年度报告"},
            fields={**FIGURE_LABELS, "year": "年度", "source": "数据来源", "format": "格式"},
        )

