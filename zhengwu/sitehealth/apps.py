from django.apps import AppConfig


class SitehealthConfig(AppConfig):
    name = "zhengwu.sitehealth"
    label = "sitehealth"
    verbose_name = "网站自查"

    def ready(self):
        from .providers import register_installed

        register_installed()
