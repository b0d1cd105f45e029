"""Applicants' 证件号码, phone and address are encrypted at rest, found by keyed hash, re-encrypted on rotation."""
from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from zhengwu.applications.models import Application
from zhengwu.audit.models import AuditEvent
from zhengwu.core import crypto

from .factories import id_number, register

pytestmark = pytest.mark.django_db


def _raw(app, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM applications_application WHERE id = %s", [app.pk])
        return cursor.fetchone()[0]


def test_columns_hold_tokens_and_the_model_gives_plain_text(county):
    app = register(county.department)
    for column, plain in (("id_number", id_number()), ("phone", "13812345678"), ("address", "示范县城关镇建设路8号")):
        stored = _raw(app, column)
        assert plain not in stored and stored.startswith("gAAAAA"), column
        assert getattr(Application.objects.get(pk=app.pk), column) == plain
    assert _raw(app, "id_number_hash") == crypto.lookup_hash(id_number())
    assert id_number() not in _raw(app, "id_number_hash")


def test_lookup_by_number_goes_through_the_keyed_hash(county):
    app = register(county.department)
    register(county.department, id_number=id_number("43040219900101123"))
    found = Application.objects.filter(id_number_hash=crypto.lookup_hash(id_number().lower()))
    assert list(found) == [app]
    with pytest.raises(FieldError, match="加密存储"):
        list(Application.objects.filter(id_number=id_number()))


def test_the_lookup_hash_depends_on_the_key(settings):
    settings.ZHENGWU_LOOKUP_KEY = "one"
    first = crypto.lookup_hash("430402198001011234")
    settings.ZHENGWU_LOOKUP_KEY = "two"
    assert crypto.lookup_hash("430402198001011234") != first


def test_rotation_re_encrypts_under_the_new_key(county, settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ZHENGWU_DATA_KEYS = [old]
    app = register(county.department)
    under_old = _raw(app, "phone")
    settings.ZHENGWU_DATA_KEYS = [new, old]
    assert Application.objects.get(pk=app.pk).phone == "13812345678"  # old rows still readable
    call_command("rotate_keys", "--by", "安全管理员甲")
    assert "applications.Application：重新加密" in capsys.readouterr().out
    assert _raw(app, "phone") != under_old and crypto.is_current(_raw(app, "phone"))
    settings.ZHENGWU_DATA_KEYS = [new]  # the old key removed
    assert Application.objects.get(pk=app.pk).address == "示范县城关镇建设路8号"
    event = AuditEvent.objects.get(action="data_keys_rotate")
    assert event.after["reencrypted"]["applications.Application"] >= 1 and "13812345678" not in str(event.after)
    settings.ZHENGWU_DATA_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="无法解密"):
        Application.objects.get(pk=app.pk)


def test_rotation_recomputes_lookup_hashes(county, settings):
    app = register(county.department)
    settings.ZHENGWU_LOOKUP_KEY = "a-new-lookup-key"
    call_command("rotate_keys")
    assert _raw(app, "id_number_hash") == crypto.lookup_hash(id_number())


def test_production_settings_refuse_to_start_without_keys(monkeypatch):
    import importlib

    import zhengwu.settings as project_settings

    monkeypatch.setenv("ZHENGWU_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("ZHENGWU_DATA_KEYS", raising=False)
    monkeypatch.delenv("ZHENGWU_DEMO_KEYS", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured, match="ZHENGWU_DATA_KEYS"):
            importlib.reload(project_settings)
        monkeypatch.setenv("ZHENGWU_DATA_KEYS", Fernet.generate_key().decode())
        monkeypatch.setenv("ZHENGWU_LOOKUP_KEY", "k" * 40)
        assert importlib.reload(project_settings).ZHENGWU_DATA_KEYS
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


def test_the_migration_encrypts_existing_rows(county):
    """Rows written before encryption (plain text) come out encrypted, with their hash: the migration's data step
    run on the model as it stands at that step (the columns are the same text columns before and after)."""
    import importlib

    from django.db.migrations.loader import MigrationLoader

    app = register(county.department)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE applications_application SET id_number = %s, phone = %s, address = %s, "
                       "id_number_hash = '' WHERE id = %s", [id_number(), "13812345678", "建设路8号", app.pk])
    migration = importlib.import_module("zhengwu.applications.migrations.0005_encrypt_applicant_contact")
    state = MigrationLoader(connection).project_state(("applications", "0004_letters_address_applicant"))
    run_python = next(i for i, op in enumerate(migration.Migration.operations) if hasattr(op, "code"))
    for op in migration.Migration.operations[:run_python]:
        op.state_forwards("applications", state)
    migration.encrypt(state.apps, None)
    migration.encrypt(state.apps, None)  # run twice (an interrupted migration re-run): not encrypted twice
    assert _raw(app, "id_number").startswith("gAAAAA") and _raw(app, "id_number_hash") == crypto.lookup_hash(id_number())
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (id_number(), "13812345678", "建设路8号")
