"""效能监察 红黄牌 of a 办件 against its 事项's 承诺办结时限, counted on official working days
(zhengwu.workdays: the State Council's annual arrangement with 调休; 期间开始之日不计入, 民法典第二百零一条).

衡南 政务服务要点 “发挥红黄牌预警纠错功能”: a 黄牌 when the time used reaches a share of the promised time
(setting ZHENGWU_SERVICE_YELLOW_SHARE, default 0.8) while the 办件 is still open; a 红牌 when the promised time
is exceeded — open and overdue, or closed late. A 即办件 (承诺0个工作日) is due on the day it is accepted.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from zhengwu.core.dates import local_date


def yellow_share() -> float:
    return float(getattr(settings, "ZHENGWU_SERVICE_YELLOW_SHARE", 0.8))


@dataclass(frozen=True)
class Card:
    level: str  # "" | "yellow" | "red"
    used: int
    limit: int
    due: dt.date
    provisional: bool

    @property
    def overdue_by(self) -> int:
        return max(0, self.used - self.limit)

    @property
    def label(self) -> str:
        return {"red": "红牌", "yellow": "黄牌"}.get(self.level, "")


def card(accepted, finished, promised: int, today: dt.date, cal) -> Card:
    start = local_date(accepted) if isinstance(accepted, dt.datetime) else accepted
    end = finished if finished is not None else today
    end = local_date(end) if isinstance(end, dt.datetime) else end
    used = max(0, cal.workdays_between(start, end))
    due = cal.add_workdays(start, promised)
    provisional = bool(cal.provisional_years(start, due))
    if used > promised:
        level = "red"
    elif finished is None and promised > 0 and used >= promised * yellow_share():
        level = "yellow"
    else:
        level = ""
    return Card(level, used, promised, due, provisional)


def case_card(case, today: dt.date, cal) -> Card:
    return card(case.accepted_at, case.finished_at if case.status != "open" else None,
                case.service.promised_limit_workdays, today, cal)
