from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhengwu.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self):
        from zhengwu.workdays.signals import calendar_changed

        calendar_changed.connect(_recompute_on_calendar_change, dispatch_uid="applications_recompute_due")


def _recompute_on_calendar_change(sender, **kwargs):
    """The official arrangement was entered: provisional due dates become official (and may move)."""
    from .actions import recompute_open_due_dates

    recompute_open_due_dates(only_provisional=True)
