from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the service: the gunicorn + nginx stack, backups and restores, once-only public submissions."""

    name = "zhengwu.ops"
    label = "ops"
    verbose_name = "运行维护"
