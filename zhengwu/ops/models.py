from django.db import models


class SubmissionToken(models.Model):
    """A public form's one-time token, claimed by the first POST that carries it (zhengwu.core.submission).

    The unique token is what makes a retry after a lost response, or two racing POSTs, file one case only.
    """

    token = models.CharField("提交令牌", max_length=64, unique=True)
    form = models.CharField("表单", max_length=40)
    result = models.CharField("提交结果", max_length=64, help_text="如依申请公开的查询码")
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开表单提交令牌"

    def __str__(self):
        return f"{self.form}:{self.result}"
