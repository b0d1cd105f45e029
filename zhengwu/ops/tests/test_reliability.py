"""The real stack (gunicorn behind nginx, as `make serve` runs it) over its own database, 50 citizens submitting the
依申请公开 form at once and retrying like a browser, the app server killed with SIGKILL midway and started again:
0 lost (every 查询码 a citizen was shown is in the database), 0 duplicated (one case per submission token), 0
half-saved (every case has its 提交 event, its audit event and its token).

SQLite file by default; PostgreSQL (a database of its own) when DATABASE_URL is PostgreSQL. gunicorn alone, with a
message, when nginx is not installed (make nginx).
"""
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.core import signing
from django.db import connection

from zhengwu.applications.captcha import SESSION_KEY
from zhengwu.applications.tests.factories import applicant
from zhengwu.ops.stack import Stack, free_port, nginx_binary

SUBMISSIONS = 50
KILL_AFTER = 15  # answered submissions before the kill
SECRET = "reliability-test-secret-" + "x" * 40

PREPARE = """
import django
django.setup()
from zhengwu.org.tests.factories import make_county
print(make_county().department.pk)
"""
# The public form's limit (10 an hour per address) would stop 50 citizens behind one test address.
SETTINGS = """from zhengwu.settings import *  # noqa: F403
ZHENGWU_YISQ_SUBMIT_RATE = (100000, 3600)
"""


class Database:
    """The server's database, read with the plain driver (the test's own Django connection is the test database)."""

    def __init__(self, tmp_path):
        """A copy of the migrated, empty test database (migrating anew takes minutes on a busy machine)."""
        default = settings.DATABASES["default"]
        self.vendor = "postgresql" if "postgresql" in default["ENGINE"] else "sqlite"
        if self.vendor == "sqlite":
            self.path = tmp_path / "zhengwu.sqlite3"
            self.url = f"sqlite:///{self.path}"
            import sqlite3

            connection.ensure_connection()
            copy = sqlite3.connect(self.path)
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            copy.close()
        else:
            self.name = f"{default['NAME']}_reliability"
            self.params = {k: v for k, v in {"host": default.get("HOST"), "port": default.get("PORT"),
                                             "user": default.get("USER"), "password": default.get("PASSWORD")}.items()
                           if v}
            template = connection.settings_dict["NAME"]
            connection.close()
            # A template must have no other sessions: earlier tests' server and worker threads may still hold one.
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        f"WHERE datname = '{template}' AND pid <> pg_backend_pid()",
                        f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
            auth = default["USER"] + (f":{default['PASSWORD']}" if default.get("PASSWORD") else "")
            self.url = f"postgresql://{auth}@{default.get('HOST') or '127.0.0.1'}:{default.get('PORT') or 5432}/{self.name}"

    def _admin(self, *statements):
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as conn:
            for sql in statements:
                conn.execute(sql)

    def rows(self, sql, params=()):
        if self.vendor == "sqlite":
            import sqlite3

            conn = sqlite3.connect(self.path, timeout=20)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(dbname=self.name, **self.params) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def captcha_answer(db, session_key):
    """The answer the server stored in this citizen's session, read the way the server reads it."""
    found = db.rows("SELECT session_data FROM django_session WHERE session_key = ?", (session_key,))
    if not found:
        return None
    data = signing.loads(found[0][0], key=SECRET, salt="django.contrib.sessions.SessionStore",
                         serializer=signing.JSONSerializer)
    return data.get(SESSION_KEY)


class Citizen:
    """A browser: loads the form once (one submission token), then posts it until it is shown a 查询码."""

    def __init__(self, base, db, unit_pk, n, stats):
        self.base, self.db, self.n, self.stats = base, db, n, stats
        self.http = requests.Session()
        self.data = {"unit": unit_pk, **applicant(description=f"可靠性测试第{n}号申请：2025年城关镇老旧小区改造资金文件")}
        self.token = None

    def _load_form(self):
        page = self.http.get(self.base + "/yisq/", timeout=10)
        page.raise_for_status()
        if self.token is None:  # a reload for a new captcha keeps the token of the form being filled in
            self.token = re.search(r'name="submission_token" value="([^"]+)"', page.text).group(1)

    def submit(self):
        for _ in range(120):
            try:
                if self.token is None:
                    self._load_form()
                answer = captcha_answer(self.db, self.http.cookies.get("sessionid", ""))
                if answer is None:
                    self._load_form()
                    continue
                self.stats["posts"] += 1
                r = self.http.post(self.base + "/yisq/", allow_redirects=False, timeout=15, data={
                    **self.data, "captcha": answer, "submission_token": self.token,
                    "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", "")})
                if r.status_code == 302:
                    done = self.http.get(self.base + "/yisq/done/", allow_redirects=False, timeout=10)
                    if done.status_code == 200:
                        return re.search(r'id="query-code">([^<]+)<', done.text).group(1)
                elif r.status_code == 200 and "验证码不正确" in r.text:
                    continue  # the answer was used by a request that died; the page holds a new one
                elif r.status_code < 500:
                    raise AssertionError(f"unexpected {r.status_code}: {r.text[:500]}")
            # a response cut off by the SIGKILL (ChunkedEncodingError) is retried like a refused connection
            except (requests.ConnectionError, requests.Timeout, requests.HTTPError,
                    requests.exceptions.ChunkedEncodingError):
                pass
            self.stats["retries"] += 1
            time.sleep(0.3)
        raise AssertionError(f"citizen {self.n} never got an answer")


# The test database (migrated, no transaction open) is copied for the server; this test writes nothing to it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sigkill_midway_loses_and_duplicates_nothing(tmp_path):
    use_nginx = nginx_binary() is not None
    if not use_nginx:
        print("nginx not installed (make nginx): testing gunicorn alone")
    db = Database(tmp_path)
    (tmp_path / "reliability_settings.py").write_text(SETTINGS)
    env = {**os.environ, "DATABASE_URL": db.url, "SECRET_KEY": SECRET, "MEDIA_ROOT": str(tmp_path / "media"),
           "ZHENGWU_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "reliability_settings",
           "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    try:
        prepared = subprocess.run([sys.executable, "-c", PREPARE], env=env, capture_output=True, text=True,
                                  timeout=300)
        assert prepared.returncode == 0, prepared.stderr[-3000:]
        unit_pk = int(prepared.stdout.strip().splitlines()[-1])

        log = open(tmp_path / "servers.log", "w")
        stack = Stack(tmp_path / "run", port=free_port(), env=env, use_nginx=use_nginx, workers=2, threads=4, log=log)
        stats = {"posts": 0, "retries": 0, "killed_at": None}
        codes = {}
        try:
            stack.start(timeout=90)
            started = time.monotonic()

            def killer():
                while len(codes) < KILL_AFTER:
                    time.sleep(0.05)
                stack.kill_app()  # SIGKILL to master and workers while other submissions are in flight
                stats["killed_at"] = len(codes)
                time.sleep(1)
                stack.start_app()

            kill_thread = threading.Thread(target=killer, daemon=True)
            kill_thread.start()

            def one(n):
                codes[n] = Citizen(stack.url, db, unit_pk, n, stats).submit()

            with ThreadPoolExecutor(max_workers=10) as pool:
                list(pool.map(one, range(SUBMISSIONS)))
            kill_thread.join(30)
            elapsed = time.monotonic() - started
        finally:
            stack.stop()
            log.close()
        print(f"{SUBMISSIONS} submissions through {'nginx + ' if use_nginx else ''}gunicorn in {elapsed:.1f} s: "
              f"{stats['posts']} posts, {stats['retries']} retries, SIGKILL after {stats['killed_at']} answers")

        assert stats["killed_at"] is not None and stats["killed_at"] < SUBMISSIONS
        shown = set(codes.values())
        assert len(shown) == SUBMISSIONS  # each citizen was shown a code of their own
        apps = dict(db.rows("SELECT query_code, id FROM applications_application"))
        assert shown <= set(apps), "lost: a code shown to a citizen is not in the database"
        assert len(apps) == SUBMISSIONS, "duplicated: more cases than submissions"
        tokens = db.rows("SELECT result FROM ops_submissiontoken WHERE form = 'yisq'")
        assert sorted(r for (r,) in tokens) == sorted(apps)  # one token per case, each naming its case
        events = dict(db.rows("SELECT application_id, COUNT(*) FROM applications_caseevent "
                              "WHERE kind = 'submitted' GROUP BY application_id"))
        audits = dict(db.rows("SELECT target_id, COUNT(*) FROM audit_auditevent "
                              "WHERE action = 'application_submit' GROUP BY target_id"))
        assert all(events.get(pk) == 1 and audits.get(str(pk)) == 1 for pk in apps.values()), "half-saved case"
        descriptions = {d for (d,) in db.rows("SELECT description FROM applications_application")}
        assert len(descriptions) == SUBMISSIONS
    finally:
        db.drop()
