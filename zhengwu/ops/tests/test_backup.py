"""zhengwu backup → zhengwu restore into an empty database and MEDIA_ROOT (a separate process, as on a new server):
the same annual report, byte for byte, and every attachment identical. On SQLite and on PostgreSQL (DATABASE_URL)."""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from zhengwu.disclosure import actions as disclosure
from zhengwu.disclosure.models import Attachment
from zhengwu.disclosure.tests.factories import make_record
from zhengwu.ops import backup as ops_backup
from zhengwu.reports import builders, exporters
from zhengwu.reports.tests.data import build_year

FORMATS = ("html", "json", "docx", "xlsx")

# Runs in the restored install: restore, then the annual report and a checksum of each attachment read back
# through the storage the site serves it from.
RESTORED = """
import hashlib, json, sys
import django
django.setup()
from django.core.management import call_command
call_command("restore", sys.argv[1])
from zhengwu.disclosure.models import Attachment
from zhengwu.org.models import Unit
from zhengwu.reports import builders, exporters
data = builders.build(Unit.objects.get(pk=int(sys.argv[2])), 2025)
for fmt in sys.argv[4].split(","):
    with open(f"{sys.argv[3]}/report.{fmt}", "wb") as fh:
        fh.write(exporters.render(data, fmt))
sums = {}
for a in Attachment.objects.order_by("pk"):
    with a.file.open("rb") as fh:
        sums[str(a.pk)] = hashlib.sha256(fh.read()).hexdigest()
print(json.dumps(sums))
"""


def zip_members(blob: bytes) -> dict[str, bytes]:
    """A .docx/.xlsx is a zip whose entries carry the time they were written: compare what is inside, except the
    xlsx's docProps/core.xml, whose only content is the time openpyxl wrote the file."""
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    if "xl/workbook.xml" in members:
        members.pop("docProps/core.xml")
    return members


def tree_sums(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def restore_database_url(tmp_path):
    """A new, empty database for the restored install: a new SQLite file, or a new PostgreSQL database."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'zhengwu.sqlite3'}"
        return
    import psycopg

    name = f"{db['NAME']}_restore"
    params = {k: v for k, v in {"host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER"),
                                "password": db.get("PASSWORD")}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    yield f"postgresql://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def county_with_files(county):
    build_year(county)
    record = make_record(county.department, by=county.editor, title="关于公布2025年学校名单的通知")
    disclosure.add_attachment(record, by=county.editor, name="学校名单.txt", data="第一中学\n第二中学\n".encode())
    disclosure.add_attachment(record, by=county.editor, name="说明.txt", data="附件说明".encode() * 1000)
    return record


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_gives_the_same_report_and_files(county, tmp_path, restore_database_url):
    county_with_files(county)
    archive = tmp_path / "backups" / "zhengwu.tar.gz"
    call_command("backup", "-o", str(archive))
    expected = {fmt: exporters.render(builders.build(county.government, 2025), fmt) for fmt in FORMATS}
    attachments = {str(a.pk): hashlib.sha256(a.file.read()).hexdigest() for a in Attachment.objects.order_by("pk")}
    assert len(attachments) == 2

    manifest = ops_backup.read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["schema_version"]["ops"] == "0001_initial"
    assert sorted(f["sha256"] for f in manifest["files"]) == sorted(attachments.values())

    out = tmp_path / "restored-out"
    out.mkdir()
    media = tmp_path / "restored" / "media"
    env = {**os.environ, "DATABASE_URL": restore_database_url, "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "zhengwu.settings"}
    proc = subprocess.run([sys.executable, "-c", RESTORED, str(archive), str(county.government.pk), str(out),
                           ",".join(FORMATS)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == attachments
    assert tree_sums(media) == tree_sums(Path(settings.MEDIA_ROOT))
    for fmt in ("html", "json"):
        assert (out / f"report.{fmt}").read_bytes() == expected[fmt], fmt
    for fmt in ("docx", "xlsx"):
        assert zip_members((out / f"report.{fmt}").read_bytes()) == zip_members(expected[fmt]), fmt

    # The restored install is not empty any more: a second restore into it is refused.
    again = subprocess.run([sys.executable, "-m", "zhengwu", "restore", str(archive)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "目标数据库不是空的" in again.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_with_tables(county, tmp_path, settings):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive))
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive))


def test_schema_mismatch_is_refused_unless_migrating():
    shipped = ops_backup.code_schema()
    older = {"schema": [m for m in shipped if m != "ops.0001_initial"]}
    with pytest.raises(ops_backup.BackupError, match="--migrate"):
        ops_backup.check_schema(older, migrate=False)
    assert ops_backup.check_schema(older, migrate=True) == ["ops.0001_initial"]
    assert ops_backup.check_schema({"schema": shipped}, migrate=False) == []
    newer = {"schema": [*shipped, "ops.9999_from_the_future"]}
    with pytest.raises(ops_backup.BackupError, match="更新的程序版本"):
        ops_backup.check_schema(newer, migrate=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_file_stops_the_restore_before_anything_is_written(county, tmp_path, settings, monkeypatch):
    county_with_files(county)
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive))
    # Re-pack the archive with one attachment's bytes changed but the manifest kept.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/") and member.name.endswith(".txt"):
                data = data[:-1] + b"!"
            dst.addfile(member, io.BytesIO(data))
    loaded = []
    monkeypatch.setattr(ops_backup, "_check_empty_target", lambda using, media_root: None)
    monkeypatch.setattr(ops_backup, "_load_database", lambda *a: loaded.append(a))
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(ops_backup.BackupError, match="校验值不符"):
        ops_backup.restore(damaged)
    assert not loaded and not (tmp_path / "restored-media").exists()
