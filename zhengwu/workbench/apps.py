from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The staff workbench: the top floor. It imports every app; nothing imports it but the root urls.py."""

    name = "zhengwu.workbench"
    label = "workbench"
    verbose_name = "工作台"
