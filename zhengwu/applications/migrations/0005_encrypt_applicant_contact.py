"""Applicants' 证件号码, phone and address encrypted at rest; the number gets its keyed lookup hash.

The columns become plain text first, the rows are encrypted in place, then the fields become encrypted fields
(the same text column, read through zhengwu.core.crypto).
"""
from django.db import migrations, models

import zhengwu.core.crypto

FIELDS = ("id_number", "phone", "address")


def encrypt(apps, schema_editor):
    zhengwu.core.crypto.encrypt_rows(apps.get_model("applications", "Application"), FIELDS,
                                     {"id_number_hash": "id_number"})


def decrypt(apps, schema_editor):
    zhengwu.core.crypto.decrypt_rows(apps.get_model("applications", "Application"), FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_letters_address_applicant'),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='id_number_hash',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64, verbose_name='证件号码查找哈希'),
        ),
        migrations.AlterField(model_name='application', name='address',
                              field=models.TextField(max_length=200, verbose_name='通信地址')),
        migrations.AlterField(model_name='application', name='id_number',
                              field=models.TextField(max_length=40, verbose_name='证件号码')),
        migrations.AlterField(model_name='application', name='phone',
                              field=models.TextField(max_length=30, verbose_name='联系电话')),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name='application',
            name='address',
            field=zhengwu.core.crypto.EncryptedTextField(max_length=200, verbose_name='通信地址'),
        ),
        migrations.AlterField(
            model_name='application',
            name='id_number',
            field=zhengwu.core.crypto.EncryptedTextField(max_length=40, verbose_name='证件号码'),
        ),
        migrations.AlterField(
            model_name='application',
            name='phone',
            field=zhengwu.core.crypto.EncryptedTextField(max_length=30, verbose_name='联系电话'),
        ),
    ]
