"""Default wording of the letters (seeded into `LetterTemplate` by migration; staff may edit the copies).

Plain text in Django template syntax; a blank line separates paragraphs. Variables: see `letters.context_for`.
``{{ you }}`` addresses the applicant as they are: 您 for a natural person, 你单位 for a legal person or other
organisation.
"""

_REMEDY = "{{ remedy }}"
_SIGN = ""  # the unit name and date are added below every letter by the renderer

DEFAULTS: list[dict] = [
    {
        "key": "reply_granted",
        "name": "政府信息公开申请答复告知书（予以公开）",
        "title": "政府信息公开申请答复告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}），申请获取“{{ description }}”。

{% if already_public %}经审查，{{ you }}申请获取的政府信息已经主动公开。根据{{ article }}的规定，现告知{{ you }}获取该政府信息的方式、途径：{{ reason }}{% else %}经审查，{{ you }}申请获取的政府信息属于公开范围。根据{{ article }}的规定，现予以公开。{% if reason %}{{ reason }}{% else %}相关政府信息随本告知书一并提供，请查收。{% endif %}{% endif %}

""" + _REMEDY,
    },
    {
        "key": "reply_partial",
        "name": "政府信息公开申请答复告知书（部分公开）",
        "title": "政府信息公开申请答复告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}），申请获取“{{ description }}”。

经审查，{{ you }}申请获取的信息中含有不应当公开的内容，但能够作区分处理。根据{{ article }}的规定，现向{{ you }}提供可以公开的政府信息内容；对不予公开的内容，理由如下：{{ reason }}

""" + _REMEDY,
    },
    {
        "key": "reply_withheld",
        "name": "政府信息公开申请答复告知书（不予公开）",
        "title": "政府信息公开申请答复告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}），申请获取“{{ description }}”。

经审查，{{ you }}申请获取的政府信息{{ outcome_short }}。根据{{ article }}的规定，本机关决定不予公开。理由如下：{{ reason }}

""" + _REMEDY,
    },
    {
        "key": "reply_unable",
        "name": "政府信息公开申请答复告知书（无法提供）",
        "title": "政府信息公开申请答复告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}），申请获取“{{ description }}”。

经审查，{{ outcome_short }}。根据{{ article }}的规定，本机关无法提供。说明如下：{{ reason }}{% if referred_agency %}

经核实，该政府信息由{{ referred_agency }}负责公开，{{ you }}可以向其提出申请。{% endif %}

""" + _REMEDY,
    },
    {
        "key": "reply_not_processed",
        "name": "政府信息公开申请答复告知书（不予处理）",
        "title": "政府信息公开申请答复告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}），申请获取“{{ description }}”。

经审查，{{ you }}的申请属于{{ outcome_short }}情形。根据{{ article }}的规定，本机关不予处理。说明如下：{{ reason }}

""" + _REMEDY,
    },
    {
        "key": "reply_other",
        "name": "政府信息公开申请处理告知书（其他处理）",
        "title": "政府信息公开申请处理告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}），申请获取“{{ description }}”。

{{ outcome_sentence }}根据{{ article }}的规定，本机关不再处理该政府信息公开申请。{% if reason %}{{ reason }}{% endif %}

""" + _REMEDY,
    },
    {
        "key": "correction",
        "name": "政府信息公开申请补正告知书",
        "title": "政府信息公开申请补正告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}）。经审查，{{ you }}的申请内容不明确。根据{{ article }}的规定，请{{ you }}对下列事项作出补正：

{{ correction_items }}

请于{{ correction_deadline }}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。

联系地址：{{ unit_address }}；联系电话：{{ unit_phone }}。

""" + _REMEDY,
    },
    {
        "key": "extension",
        "name": "政府信息公开申请延期答复告知书",
        "title": "政府信息公开申请延期答复告知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}）。因{{ extension_reason }}，本机关不能在规定期限内作出答复。根据{{ article }}的规定，经政府信息公开工作机构负责人同意，答复期限延长{{ extension_days }}个工作日，本机关将于{{ due_date }}前作出答复。

""" + _REMEDY,
    },
    {
        "key": "consultation",
        "name": "政府信息公开第三方意见征询函",
        "title": "政府信息公开第三方意见征询函",
        "body": """{{ party_name }}：

本机关收到关于公开“{{ description }}”的政府信息公开申请（申请编号：{{ serial }}）。该政府信息的公开可能损害您（单位）的合法权益。根据{{ article }}的规定，现书面征求您（单位）的意见。

请自收到本函之日起15个工作日内（即{{ consultation_deadline }}前）书面提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，本机关将依照《中华人民共和国政府信息公开条例》的规定决定是否公开。

联系地址：{{ unit_address }}；联系电话：{{ unit_phone }}。""",
    },
    {
        "key": "fee",
        "name": "政府信息公开信息处理费收费通知书",
        "title": "政府信息公开信息处理费收费通知书",
        "body": """{{ applicant_name }}：

本机关于{{ received_date }}收到{{ you }}提出的政府信息公开申请（申请编号：{{ serial }}）。{{ you }}申请公开政府信息的数量、频次明显超过合理范围，根据{{ article }}的规定，本机关决定{{ fee_method }}收取信息处理费{{ fee_amount }}元。计算过程如下：

{{ fee_calculation }}

请自收到本通知次日起20个工作日内（即{{ fee_deadline }}前）缴纳。本机关收到费用后继续办理{{ you }}的申请；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。

""" + _REMEDY,
    },
]
