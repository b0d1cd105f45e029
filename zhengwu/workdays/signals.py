"""`calendar_changed` is sent after a committed change to overrides or confirmed years.

Sent with `sender` = the model class that changed (WorkdayOverride or OfficialYear) and `years` = the sorted
list of calendar years affected; receivers (e.g. applications recomputing provisional due dates) should accept
**kwargs. It runs in transaction.on_commit, so a rolled-back change never announces itself.
"""
from django.dispatch import Signal

calendar_changed = Signal()
