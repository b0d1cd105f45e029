"""The shipped gunicorn settings (issue 16: what the 200k-record benchmark's p99 caught)."""
import gc
import importlib


def test_a_worker_freezes_what_it_imported_and_restarts_rarely():
    conf = importlib.import_module("zhengwu.ops.gunicorn_conf")
    assert conf.max_requests >= 10_000 and 0 < conf.max_requests_jitter < conf.max_requests
    before = gc.get_freeze_count()
    try:
        conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > max(before, 100_000)  # Django and the apps are imported here too
    finally:
        gc.unfreeze()
