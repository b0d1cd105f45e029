"""Seed the entries added to data/ after 0003: 人民政府 and the short names 县政府 = 县人民政府 (each level).

0003 seeded the files as they were then; databases migrated before these lines were added get them here.
Existing rows are left alone. The index changes only after `zhengwu reindex` (docs/decisions/0601).
"""
from django.db import migrations

WORDS = ["人民政府"]
GROUPS = [f"{level}人民政府 {level}政府" for level in "省市县区乡镇"]


def forwards(apps, schema_editor):
    DictionaryTerm = apps.get_model("search", "DictionaryTerm")
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for word in WORDS:
        DictionaryTerm.objects.get_or_create(word=word, defaults={"note": "内置"})
    for terms in GROUPS:
        SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": "内置"})


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_title_vector")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
