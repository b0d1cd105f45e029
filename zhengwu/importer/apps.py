from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "zhengwu.importer"
    label = "importer"
    verbose_name = "导入"
