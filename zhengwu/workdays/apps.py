from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhengwu.workdays"
    label = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        from zhengwu.audit import labels

        labels.register(
            actions={"workdays.override_set": "设置调休或节假日", "workdays.override_removed": "删除日历调整",
                     "workdays.year_confirmed": "确认年度放假安排已录入", "workdays.year_revoked": "撤销年度放假安排确认"},
            fields={"date": "日期", "is_workday": "是否工作日", "note": "说明", "year": "年度",
                    "confirmed_at": "确认时间", "source_document": "依据文件"},
            values={"is_workday": lambda v: {True: "工作日", False: "休息日"}.get(v)},
        )

