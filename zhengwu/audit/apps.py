from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhengwu.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from . import labels

        labels.register(actions={"audit_archive": "审计日志归档"},
                        fields={"count": "条数", "first_seq": "起始序号", "last_seq": "截止序号", "head_hash": "链头哈希",
                                "events_sha256": "归档文件 SHA-256", "before": "归档截止日期"})
