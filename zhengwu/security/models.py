"""When each account last set its password (等保2.0 身份鉴别: 口令定期更换)."""
from django.conf import settings
from django.db import models


class PasswordRecord(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record",
                                verbose_name="用户")
    changed_at = models.DateTimeField("密码修改时间")

    class Meta:
        verbose_name = "密码修改记录"
        verbose_name_plural = "密码修改记录"

    def __str__(self) -> str:
        return f"{self.user} · {self.changed_at:%Y-%m-%d}"
