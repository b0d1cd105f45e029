"""`{% load workdays %}{% provisional_banner %}`: the loud provisional-calendar warning for any staff page.

Shows nothing when every year from today to a year ahead has official data; otherwise names the years
(issue 3: say so on the case, on the dashboard and in the CLI). `{% provisional_banner start end %}` checks a
given range instead, e.g. a case's receipt date and due date.
"""
import datetime as dt

from django import template
from django.utils import timezone

from zhengwu.org import access
from zhengwu.workdays.calendar import get_calendar, provisional_message

register = template.Library()


@register.inclusion_tag("workdays/_provisional_banner.html", takes_context=True)
def provisional_banner(context, start: dt.date | None = None, end: dt.date | None = None):
    start = start or timezone.localdate()
    end = end or start + dt.timedelta(days=366)
    request = context.get("request")
    return {"message": provisional_message(get_calendar().provisional_years(start, end)),
            "can_edit": bool(request) and access.is_office_admin(request.user)}
