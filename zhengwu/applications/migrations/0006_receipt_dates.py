from django.db import migrations, models

OLD_FEE = "自发出本通知之日至{{ you }}缴费之日的期间，不计算在答复期限内；"
NEW_FEE = "本机关收到费用后继续办理{{ you }}的申请；"


def fill_receipt_dates(apps, schema_editor):
    """Rows made before receipt dates were recorded were sent electronically: received the day they were sent."""
    for name, sent in (("Consultation", "sent_date"), ("Fee", "notice_date")):
        model = apps.get_model("applications", name)
        for row in model.objects.filter(received_date__isnull=True):
            row.received_date = getattr(row, sent)
            row.save(update_fields=["received_date"])


def fee_letter_states_what_is_confirmed(apps, schema_editor):
    """The seeded 收费通知书 stated an unverified rule (docs/decisions/1202); unedited texts get the new sentence."""
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for tpl in LetterTemplate.objects.filter(key="fee"):
        if OLD_FEE in tpl.body:
            tpl.body = tpl.body.replace(OLD_FEE, NEW_FEE)
            tpl.save(update_fields=["body"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0005_encrypt_applicant_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultation", name="delivery",
            field=models.CharField(choices=[("electronic", "电子或当面送达"), ("post", "邮寄")],
                                   default="electronic", max_length=20, verbose_name="送达方式"),
        ),
        migrations.AddField(
            model_name="consultation", name="received_date",
            field=models.DateField(null=True, verbose_name="被征求意见方收到之日"),
        ),
        migrations.AddField(
            model_name="fee", name="delivery",
            field=models.CharField(choices=[("electronic", "电子或当面送达"), ("post", "邮寄")],
                                   default="electronic", max_length=20, verbose_name="送达方式"),
        ),
        migrations.AddField(
            model_name="fee", name="received_date",
            field=models.DateField(null=True, verbose_name="申请人收到收费通知之日"),
        ),
        migrations.RunPython(fill_receipt_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consultation", name="received_date",
            field=models.DateField(help_text="第三十二条、第三十四条：15个工作日自收到之日起算", verbose_name="被征求意见方收到之日"),
        ),
        migrations.AlterField(
            model_name="fee", name="received_date",
            field=models.DateField(help_text="自收到次日起20个工作日内缴费（109号及省级实施通知）", verbose_name="申请人收到收费通知之日"),
        ),
        migrations.RunPython(fee_letter_states_what_is_confirmed, migrations.RunPython.noop),
    ]
