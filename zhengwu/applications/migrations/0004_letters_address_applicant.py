from django.db import migrations


def address_applicant_as_they_are(apps, schema_editor):
    """Seeded (and edited) letters said 您（单位） to everyone; they now say {{ you }} (您 or 你单位). The third-party
    征询函 is addressed to the consulted party and keeps its wording."""
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for tpl in LetterTemplate.objects.exclude(key="consultation"):
        body = tpl.body.replace("您（单位）", "{{ you }}").replace("您", "{{ you }}")
        if body != tpl.body:
            tpl.body = body
            tpl.save(update_fields=["body"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0003_already_public"),
    ]

    operations = [
        migrations.RunPython(address_applicant_as_they_are, migrations.RunPython.noop),
    ]
