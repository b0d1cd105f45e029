from django.db import migrations, models


def seed_templates(apps, schema_editor):
    from zhengwu.applications.letter_defaults import DEFAULTS

    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for row in DEFAULTS:
        LetterTemplate.objects.get_or_create(key=row["key"], defaults={"name": row["name"], "title": row["title"],
                                                                       "body": row["body"]})


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='fee',
            name='waived_date',
            field=models.DateField(blank=True, null=True, verbose_name='减免决定日期'),
        ),
        migrations.RunPython(seed_templates, migrations.RunPython.noop),
    ]
