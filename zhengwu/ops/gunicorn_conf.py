"""gunicorn settings from the environment: `gunicorn -c python:zhengwu.ops.gunicorn_conf zhengwu.wsgi`.

ZHENGWU_BIND     where to listen (default 127.0.0.1:8001: TCP on loopback, so REMOTE_ADDR is nginx's 127.0.0.1 and the
                 client address comes from the X-Forwarded-For nginx sets; a unix socket would leave REMOTE_ADDR empty)
ZHENGWU_WORKERS  worker processes (default: 2 × CPU cores + 1, at most 8)
ZHENGWU_THREADS  threads per worker (default 4: gthread workers, so a slow download does not hold a process)
ZHENGWU_TIMEOUT  seconds before a stuck worker is killed and replaced (default 60)
"""
import gc
import multiprocessing
import os

bind = [os.environ.get("ZHENGWU_BIND", "127.0.0.1:8001")]
workers = int(os.environ.get("ZHENGWU_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("ZHENGWU_THREADS", 4))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("ZHENGWU_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (bounded memory growth), staggered so they do not all restart at once.
# Not much lower: a new worker imports Django and Wagtail again (about 1.5 s of CPU) and serves its first pages from
# cold caches; at 2,000 a 2-core server at 100 req/s spent about a tenth of its CPU on restarts, and the 200k-record
# benchmark's p99 caught the restarts (issue 16).
max_requests = 20000
max_requests_jitter = 2000
# Only nginx on this machine talks to gunicorn; it sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("ZHENGWU_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("ZHENGWU_GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("ZHENGWU_GUNICORN_LOG_LEVEL", "info")
proc_name = "zhengwu"
control_socket_disable = True  # gunicorn 27 would open ~/.gunicorn/gunicorn.ctl, shared by every instance


def post_worker_init(worker):
    """Move everything the worker imported (Django, Wagtail, the URL map: ~120 MB of objects) out of the garbage
    collector's reach. Otherwise every full collection walks it all: ~95 ms with the worker's threads stopped, the
    slowest 1% of record pages at 200k records (measured in process; 2–3 ms after the freeze)."""
    gc.collect()
    gc.freeze()
