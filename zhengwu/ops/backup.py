"""Backup and restore of one install: the database and every attachment, in one .tar.gz with a manifest.

The manifest (manifest.json, last in the archive) holds the schema (every applied migration), the database file's
and each attachment's size and SHA-256, so a restore proves it got back exactly what was saved. SQLite is copied
through its online backup API (the site keeps running: WAL readers and the one writer are not stopped); PostgreSQL
through `pg_dump --format=custom`. A restore goes only into an empty database and an empty MEDIA_ROOT, and refuses a
backup whose schema differs from this version's migrations unless told to migrate (never a newer schema).

Keys are not in the backup: SECRET_KEY (or var/secret_key) and any encryption key must be kept apart (docs/deploy.md).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


@dataclass
class RestoreResult:
    manifest: dict
    files: int
    migrated: list[str]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_schema(using: str = "default") -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def code_schema() -> list[str]:
    """Every migration this version of the code ships (what a fully migrated database has applied)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def schema_version(schema: list[str]) -> dict[str, str]:
    """The latest applied migration of each app (names sort in order: 0001_…, 0002_…)."""
    latest: dict[str, str] = {}
    for item in schema:
        app, name = item.split(".", 1)
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"没有找到 {cmd[0]}：请安装 postgresql-client（apt-get install postgresql-client）。")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)  # nosec B603
    if proc.returncode:
        raise BackupError(f"{cmd[0]} 失败：{proc.stderr.strip()[-500:]}")


def _dump_database(dest_dir: Path, using: str) -> Path:
    conn = connections[using]
    if conn.in_atomic_block:  # SQLite's backup of a connection with uncommitted writes never finishes
        raise BackupError("不能在数据库事务中备份。")
    if conn.vendor == "sqlite":
        target = dest_dir / "database.sqlite3"
        conn.ensure_connection()
        out = sqlite3.connect(target)
        try:
            conn.connection.backup(out)  # the online backup API: a consistent copy while others keep writing
        finally:
            out.close()
        return target
    if conn.vendor == "postgresql":
        target = dest_dir / "database.pgdump"
        args, env = _pg_args(conn.settings_dict)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target), *args,
              conn.settings_dict["NAME"]], env)
        return target
    raise BackupError(f"不支持的数据库：{conn.vendor}")


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


class _Hashing(io.RawIOBase):
    """Reads a file once for the archive while computing its SHA-256."""

    def __init__(self, fh):
        self.fh, self.digest = fh, hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.fh.read(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def backup(output: Path, *, using: str = "default") -> dict:
    """Write the archive to `output` (through a temporary name, so a half-written backup never looks complete)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="zhengwu-backup-") as tmp:
        db_file = _dump_database(Path(tmp), using)
        schema = applied_schema(using)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": connections[using].vendor, "path": f"database/{db_file.name}",
                         "size": db_file.stat().st_size, "sha256": sha256_file(db_file)},
            "schema_version": schema_version(schema),
            "schema": schema,
            "files": [],
        }
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(db_file, arcname=manifest["database"]["path"])
            for path in _media_files(media_root):
                rel = path.relative_to(media_root).as_posix()
                info = tar.gettarinfo(str(path), arcname=f"media/{rel}")
                with open(path, "rb") as fh:
                    reader = _Hashing(fh)
                    tar.addfile(info, reader)
                manifest["files"].append({"path": rel, "size": info.size, "sha256": reader.digest.hexdigest()})
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(partial, output)
    return manifest


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive} 不是 zhengwu 备份文件或已损坏：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受本版本支持（支持 {FORMAT}）。")
    return manifest


def _check_empty_target(using: str, media_root: Path) -> None:
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(f"目标数据库不是空的（已有 {len(tables)} 张表）：只能恢复到空数据库，"
                          "请新建一个数据库（或换一个 SQLite 文件路径）再恢复。")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"附件目录 {media_root} 不是空的：只能恢复到空目录。")


def check_schema(manifest: dict, *, migrate: bool) -> list[str]:
    """The migrations to apply after restoring; refuses a mismatch unless `migrate`, and a newer schema always."""
    saved, shipped = set(manifest["schema"]), set(code_schema())
    newer = sorted(saved - shipped)
    if newer:
        raise BackupError("备份来自更新的程序版本，包含本版本没有的迁移：" + "、".join(newer[:5])
                          + "。请先把程序升级到备份时的版本再恢复。")
    pending = sorted(shipped - saved)
    if pending and not migrate:
        raise BackupError(f"备份的数据库结构比本版本旧（缺少 {len(pending)} 个迁移，如 {pending[0]}）。"
                          "确认后加 --migrate：恢复后自动升级数据库结构。")
    return pending


def _safe_member_path(root: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"备份中的文件路径不安全：{rel}")
    return root.joinpath(*pure.parts)


def _extract_verified(tar: tarfile.TarFile, name: str, dest: Path, size: int, sha256: str) -> None:
    member = tar.getmember(name)
    if not member.isfile() or member.size != size:
        raise BackupError(f"备份中的 {name} 与清单不符。")
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tar.extractfile(member) as src, open(dest, "wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:
        raise BackupError(f"备份中的 {name} 校验值不符（文件已损坏）。")
    os.utime(dest, (member.mtime, member.mtime))


def _load_database(db_file: Path, vendor: str, using: str) -> None:
    conn = connections[using]
    if conn.vendor != vendor:
        raise BackupError(f"备份的数据库是 {vendor}，当前配置的是 {conn.vendor}。")
    if vendor == "sqlite":
        conn.close()
        src, dst = sqlite3.connect(db_file), sqlite3.connect(conn.settings_dict["NAME"])
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    else:
        args, env = _pg_args(conn.settings_dict)
        conn.close()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *args,
              "-d", conn.settings_dict["NAME"], str(db_file)], env)


def restore(archive: Path, *, migrate: bool = False, using: str = "default") -> RestoreResult:
    """Into an empty database and an empty MEDIA_ROOT: everything is checked against the manifest first."""
    from django.core.management import call_command

    archive = Path(archive)
    manifest = read_manifest(archive)
    media_root = Path(settings.MEDIA_ROOT)
    if connections[using].vendor == "sqlite":  # a new server: the database file's directory may not exist yet
        Path(connections[using].settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _check_empty_target(using, media_root)
    pending = check_schema(manifest, migrate=migrate)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".zhengwu-restore-", dir=media_root.parent) as tmp:
        staging = Path(tmp)
        db = manifest["database"]
        db_file = staging / "database" / PurePosixPath(db["path"]).name
        with tarfile.open(archive, "r:gz") as tar:
            _extract_verified(tar, db["path"], db_file, db["size"], db["sha256"])
            for item in manifest["files"]:
                dest = _safe_member_path(staging / "media", item["path"])
                _extract_verified(tar, f"media/{item['path']}", dest, item["size"], item["sha256"])
        _load_database(db_file, db["vendor"], using)
        (staging / "media").mkdir(exist_ok=True)
        if media_root.exists():
            media_root.rmdir()  # checked empty above
        os.replace(staging / "media", media_root)
    if pending:
        call_command("migrate", interactive=False, database=using, verbosity=0)
    return RestoreResult(manifest=manifest, files=len(manifest["files"]), migrated=pending)
