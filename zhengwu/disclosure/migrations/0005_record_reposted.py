from django.db import migrations, models


def mark_reposts(apps, schema_editor):
    """A record signed by a body that is none of the platform's units is another body's document, reproduced."""
    Record = apps.get_model("disclosure", "Record")
    Unit = apps.get_model("org", "Unit")
    names = list(Unit.objects.values_list("name", flat=True))
    for record in Record.objects.exclude(publisher_name="").only("id", "publisher_name"):
        if not any(name in record.publisher_name for name in names):
            Record.objects.filter(pk=record.pk).update(reposted=True)


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0004_random_file_names"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="record",
            name="reposted",
            field=models.BooleanField(default=False, help_text="其他机关制发、本单位转载的文件（署名填原发布机构）；不计入本单位年度报告",
                                      verbose_name="转载"),
        ),
        migrations.RunPython(mark_reposts, migrations.RunPython.noop),
    ]
