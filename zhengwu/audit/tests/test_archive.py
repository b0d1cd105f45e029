"""Retention: nothing younger than 180 days leaves the log; older events go to a checked archive first."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhengwu.audit import archive, chain
from zhengwu.audit.log import record_event
from zhengwu.audit.models import AuditChain, AuditEvent

pytestmark = pytest.mark.django_db


def _event(county, text):
    record_event(actor=county.office_admin, action="unit_update", target=county.department, reason=text)


@pytest.fixture
def aged_log(county):
    """Three events 400 days old, two 300 days old, two from today."""
    now = timezone.now()
    for days, texts in ((400, ("甲", "乙", "丙")), (300, ("丁", "戊"))):
        with time_machine.travel(now - dt.timedelta(days=days), tick=False):
            for text in texts:
                _event(county, text)
    for text in ("己", "庚"):
        _event(county, text)
    return now


def test_dates_inside_the_retention_are_refused(aged_log, tmp_path):
    too_late = timezone.localdate() - dt.timedelta(days=179)
    with pytest.raises(ValidationError, match="至少保存 180 天"):
        archive.archive(before=too_late, directory=tmp_path)
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("audit", "archive", "--before", too_late.isoformat(), "-o", str(tmp_path))
    assert AuditEvent.objects.filter(reason__in=list("甲乙丙丁戊")).count() == 5
    assert not list(tmp_path.iterdir())


def test_a_retention_below_the_minimum_does_not_shorten_it(settings):
    settings.ZHENGWU_AUDIT_RETENTION_DAYS = 30
    assert archive.retention_days() == 180
    assert archive.earliest_allowed_cutoff(dt.date(2026, 12, 2)) == dt.date(2026, 6, 5)


def test_the_settings_refuse_a_short_retention(monkeypatch):
    import importlib

    import zhengwu.settings as project_settings

    monkeypatch.setenv("ZHENGWU_AUDIT_RETENTION_DAYS", "90")
    with pytest.raises(ImproperlyConfigured, match="180"):
        importlib.reload(project_settings)
    monkeypatch.delenv("ZHENGWU_AUDIT_RETENTION_DAYS")
    importlib.reload(project_settings)


def test_archive_writes_then_deletes_and_the_chain_still_verifies(aged_log, tmp_path):
    before = timezone.localdate() - dt.timedelta(days=350)
    done = archive.archive(before=before, directory=tmp_path, by="审计管理员")
    assert done.count == 3
    lines = done.events_path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["reason"] for line in lines] == ["甲", "乙", "丙"]
    manifest = json.loads(done.manifest_path.read_text(encoding="utf-8"))
    assert manifest["count"] == 3 and manifest["head_hash"] == json.loads(lines[-1])["hash"]
    assert archive.verify_archive(done.manifest_path) == ""
    assert not AuditEvent.objects.filter(reason__in=["甲", "乙", "丙"]).exists()
    head = AuditChain.objects.get(pk=1)
    assert head.archived_hash == manifest["head_hash"]
    assert AuditEvent.objects.filter(action="audit_archive").exists()
    assert chain.verify().ok
    # A second archive continues from the first one's head.
    again = archive.archive(before=timezone.localdate() - dt.timedelta(days=200), directory=tmp_path)
    assert again.count == 2 and again.first_seq == done.last_seq + 1
    assert json.loads(again.manifest_path.read_text())["anchor_hash"] == manifest["head_hash"]
    assert chain.verify().ok


def test_a_changed_archive_file_is_found(aged_log, tmp_path):
    done = archive.archive(before=timezone.localdate() - dt.timedelta(days=350), directory=tmp_path)
    text = done.events_path.read_text(encoding="utf-8")
    done.events_path.write_text(text.replace("乙", "改"), encoding="utf-8")
    assert "哈希链断开" in archive.verify_archive(done.manifest_path)
    with pytest.raises(SystemExit):
        call_command("audit", "verify-archive", str(done.manifest_path))


def test_a_broken_chain_is_not_archived(aged_log, tmp_path):
    from django.db import connection

    victim = AuditEvent.objects.get(reason="乙")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = '改' WHERE id = %s", [victim.pk])
    with pytest.raises(ValidationError, match="哈希链已断开"):
        archive.archive(before=timezone.localdate() - dt.timedelta(days=350), directory=tmp_path)
    assert AuditEvent.objects.filter(pk=victim.pk).exists()
