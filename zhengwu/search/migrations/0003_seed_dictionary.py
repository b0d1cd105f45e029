"""Seed the government dictionary and synonym groups from data/ (staff edit them afterwards)."""
from django.db import migrations


def forwards(apps, schema_editor):
    from zhengwu.search import segment

    DictionaryTerm = apps.get_model("search", "DictionaryTerm")
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for word, _freq in segment.file_dictionary():
        DictionaryTerm.objects.get_or_create(word=word, defaults={"note": "内置"})
    for group in segment.file_synonyms():
        SynonymGroup.objects.get_or_create(terms=" ".join(group), defaults={"note": "内置"})


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
