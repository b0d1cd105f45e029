"""三员分立: the 系统管理员 code becomes sys_admin; 安全管理员 and 审计管理员 join it; one account, one of the three."""

from django.conf import settings
from django.db import migrations, models


def rename_sysadmin(apps, schema_editor):
    apps.get_model("org", "Membership").objects.filter(role="sysadmin").update(role="sys_admin")


def rename_back(apps, schema_editor):
    apps.get_model("org", "Membership").objects.filter(role="sys_admin").update(role="sysadmin")


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('sys_admin', '系统管理员'), ('security_admin', '安全管理员'), ('audit_admin', '审计管理员'), ('office_admin', '公开办管理员'), ('editor', '单位信息员'), ('reviewer', '单位审核员'), ('handler', '依申请公开经办人'), ('leader', '领导')], max_length=20, verbose_name='角色'),
        ),
        migrations.RunPython(rename_sysadmin, rename_back),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(condition=models.Q(('role__in', ('sys_admin', 'security_admin', 'audit_admin'))), fields=('user',), name='membership_one_separated_admin_role', violation_error_message='三员分立：同一账号只能担任系统管理员、安全管理员、审计管理员中的一个。'),
        ),
    ]
