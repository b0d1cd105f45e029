from django.db import migrations


def seed(apps, schema_editor):
    from zhengwu.disclosure.categories import ART20_CATEGORIES, DEFAULT_TOPICS

    Category = apps.get_model("disclosure", "Category")
    Topic = apps.get_model("disclosure", "Topic")
    for number, name in ART20_CATEGORIES:
        Category.objects.update_or_create(number=number, defaults={"name": name})
    for order, (code, name) in enumerate(DEFAULT_TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
