from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhengwu.org"
    label = "org"
    verbose_name = "单位与权限"

    def ready(self):
        from zhengwu.audit import labels

        from .models import Role, Unit

        labels.register(
            actions={"unit_update": "修改单位信息", "unit_create": "新建单位", "user_create": "新建账号",
                     "site_update": "修改网站设置", "role_grant": "授予角色", "role_revoke": "撤销角色",
                     "user_activate": "启用账号", "user_deactivate": "停用账号"},
            fields={
                "unit": "单位", "functions": "机构职能", "leader_name": "负责人", "address": "办公地址",
                "office_hours": "办公时间", "phone": "联系电话", "email": "电子邮箱", "postcode": "邮政编码",
                "credit_code": "统一社会信用代码", "name": "名称", "username": "用户名", "roles": "角色",
                "require_office_review": "须经公开办审核", "role": "角色", "is_active": "在用",
                "icp_number": "ICP备案号", "police_number": "公安备案号", "site_code": "网站标识码",
            },
            values={"unit": _unit_name, "kind": dict(Unit.Kind.choices), "role": dict(Role.choices),
                    "roles": lambda v: "、".join(dict(Role.choices).get(r, r) for r in v) if isinstance(v, list) else None,
                    "is_active": lambda v: {True: "是", False: "否"}.get(v),
                    "require_office_review": lambda v: {True: "是", False: "否"}.get(v)},
        )


def _unit_name(value) -> str | None:
    """A unit id in an audit snapshot shown as the unit's name (None keeps the raw value)."""
    from .models import Unit

    try:
        return Unit.objects.filter(pk=int(value)).values_list("name", flat=True).first()
    except (TypeError, ValueError):
        return None
