"""单位 (units) and staff roles.

A unit's 机构职能、负责人、办公地址、办公时间、联系方式 are 条例第二十条第（二）项 content and are shown publicly.
"""
import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from . import credit_code


def validate_credit_code(value: str) -> None:
    if value and not credit_code.is_valid(value):
        raise ValidationError("统一社会信用代码格式或校验位不正确（应为18位，见GB 32100-2015）。")


class Unit(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "县（区）人民政府"
        DEPARTMENT = "department", "县直部门"
        TOWNSHIP = "township", "乡镇（街道）"
        VILLAGE = "village", "村（社区）"

    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    code = models.SlugField("单位代号", max_length=50, unique=True, help_text="用于网址和命令行，如 xzfb")
    kind = models.CharField("单位类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code])
    functions = models.TextField("机构职能", blank=True)
    leader_name = models.CharField("负责人", max_length=50, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~models.Q(credit_code=""),
                                    name="unit_credit_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.kind == self.Kind.GOVERNMENT and self.parent_id:
            raise ValidationError({"parent": "县（区）人民政府是顶级单位，不能有上级单位。"})
        if self.kind != self.Kind.GOVERNMENT and not self.parent_id:
            raise ValidationError({"parent": "请选择上级单位。"})
        if self.kind == self.Kind.VILLAGE and self.parent and self.parent.kind != self.Kind.TOWNSHIP:
            raise ValidationError({"parent": "村（社区）的上级单位应为乡镇（街道）。"})

    def ancestors(self) -> list["Unit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and every unit below it (one query per level; hierarchies are shallow)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    # 三员分立 (等保2.0 三级): the three administrators below hold no business role and no two of them one account.
    SYSADMIN = "sys_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    # Business roles.
    OFFICE_ADMIN = "office_admin", "公开办管理员"
    EDITOR = "editor", "单位信息员"
    REVIEWER = "reviewer", "单位审核员"
    HANDLER = "handler", "依申请公开经办人"
    LEADER = "leader", "领导"


# The 三员: one account holds at most one of them and then no business role (zhengwu.org.actions.grant_role;
# the partial unique constraint on Membership keeps the first half in the database too). The roles that must log
# in with a second factor are these plus 公开办管理员 (TWO_FACTOR_ROLES).
SEPARATED_ADMIN_ROLES: tuple[str, ...] = (Role.SYSADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
TWO_FACTOR_ROLES: tuple[str, ...] = (*SEPARATED_ADMIN_ROLES, Role.OFFICE_ADMIN)


class Membership(models.Model):
    """A staff user's role in one unit. A user may hold several (信息员 in one unit, 审核员 in another)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name="用户")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name="单位")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(role__in=SEPARATED_ADMIN_ROLES),
                                    name="membership_one_separated_admin_role",
                                    violation_error_message="三员分立：同一账号只能担任系统管理员、安全管理员、审计管理员中的一个。"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    def clean(self):
        """三员分立 for forms that edit memberships directly (the Django admin); grant_role says the same."""
        held = set(Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk).values_list("role", flat=True))
        separated = set(SEPARATED_ADMIN_ROLES)
        if held and (self.role in separated or held & separated):
            raise ValidationError({"role": "三员分立：系统管理员、安全管理员、审计管理员须由不同账号担任，且不能兼任业务角色。"})


class SiteProfile(models.Model):
    """集约化: binds a Wagtail site (county portal, a department's or a township's site) to its unit.

    All sites read one information library; a site shows its own unit's records and whatever its columns
    select, and `require_office_review` says whether this site's records also need 公开办审核.
    """

    class Kind(models.TextChoices):
        PORTAL = "portal", "县级政府门户网站"
        DEPARTMENT = "department", "部门网站"
        TOWNSHIP = "township", "乡镇（街道）网站"

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="profile",
                                verbose_name="站点")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sites", verbose_name="主办单位")
    kind = models.CharField("站点类型", max_length=20, choices=Kind.choices, default=Kind.PORTAL)
    require_office_review = models.BooleanField("发布前需公开办审核", default=True)
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    police_number = models.CharField("公安备案号", max_length=50, blank=True)
    site_code = models.CharField("网站标识码", max_length=20, blank=True)

    class Meta:
        verbose_name = "站点配置"
        verbose_name_plural = "站点配置"

    def __str__(self) -> str:
        return f"{self.site} · {self.unit}"


_profiles_memo: ContextVar[dict | None] = ContextVar("site_profiles_memo", default=None)


@contextlib.contextmanager
def site_profiles_memo():
    """Bulk loads: inside the block each unit's site is looked up once (review checks ask on every action).

    Only for blocks that change no unit's place or site (a generator, an importer); ordinary use looks up anew.
    """
    token = _profiles_memo.set({})
    try:
        yield
    finally:
        _profiles_memo.reset(token)


def site_profile_for_unit(unit: Unit) -> SiteProfile | None:
    """The site that hosts `unit`'s records: its own site, else the nearest ancestor's (the county portal)."""
    memo = _profiles_memo.get()
    if memo is None:
        return _site_profile_for_unit(unit)
    if unit.pk not in memo:
        memo[unit.pk] = _site_profile_for_unit(unit)
    return memo[unit.pk]


def _site_profile_for_unit(unit: Unit) -> SiteProfile | None:
    node = unit
    while node is not None:
        profile = SiteProfile.objects.filter(unit=node).select_related("site").first()
        if profile:
            return profile
        node = node.parent
    return None
