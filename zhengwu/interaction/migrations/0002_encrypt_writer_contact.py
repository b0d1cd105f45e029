"""来信人 phone and 身份证号 encrypted at rest (plain text columns first, rows encrypted, then encrypted fields)."""
from django.db import migrations, models

import zhengwu.core.crypto

FIELDS = ("writer_phone", "writer_id_number")


def encrypt(apps, schema_editor):
    zhengwu.core.crypto.encrypt_rows(apps.get_model("interaction", "Message"), FIELDS)


def decrypt(apps, schema_editor):
    zhengwu.core.crypto.decrypt_rows(apps.get_model("interaction", "Message"), FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('interaction', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(model_name='message', name='writer_id_number',
                              field=models.TextField(blank=True, max_length=18, verbose_name='身份证号')),
        migrations.AlterField(model_name='message', name='writer_phone',
                              field=models.TextField(max_length=30, verbose_name='联系电话')),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name='message',
            name='writer_id_number',
            field=zhengwu.core.crypto.EncryptedTextField(blank=True, max_length=18, verbose_name='身份证号'),
        ),
        migrations.AlterField(
            model_name='message',
            name='writer_phone',
            field=zhengwu.core.crypto.EncryptedTextField(max_length=30, verbose_name='联系电话'),
        ),
    ]
