# zhengwu — make demo / make test / make bench
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: screenshots install demo test test-sqlite test-postgres bench bench-1m bench-pages lint browsers nginx serve lock clean

# requirements.lock pins every package (CI and production install the same versions); `make lock` refreshes it.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

lock: install
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -vi '^zhengwu[= ]' > requirements.lock

install: $(VENV)/.installed

# Debian's chromium (Playwright drives it; no browser download) and CJK fonts for screenshots.
browsers:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Debian's nginx for `make serve` and the reliability test (zhengwu/ops/tests/test_reliability.py).
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && ! test -x /usr/sbin/nginx; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; \
	fi

demo: install
	$(BIN)/zhengwu migrate --noinput
	$(BIN)/zhengwu load_demo
	$(BIN)/zhengwu collectstatic --noinput -v0
	@echo "门户: http://127.0.0.1:$(PORT)/   后台: http://127.0.0.1:$(PORT)/staff/"
	$(BIN)/zhengwu site_address 127.0.0.1 $(PORT)
	$(BIN)/zhengwu demo_login --port $(PORT)
	$(BIN)/zhengwu runserver 127.0.0.1:$(PORT) --noreload --insecure

# nginx in front of gunicorn, configured as on a server (deploy/), over the demo database; Ctrl-C stops both.
SERVE_PORT := $(if $(filter file,$(origin PORT)),8080,$(PORT))
serve: install nginx
	$(BIN)/zhengwu migrate --noinput
	$(BIN)/zhengwu load_demo
	ZHENGWU_PRODUCTION=1 ZHENGWU_DEMO_KEYS=1 ZHENGWU_HTTPS=0 $(BIN)/zhengwu collectstatic --noinput -v0
	$(BIN)/zhengwu site_address 127.0.0.1 $(SERVE_PORT)
	$(BIN)/zhengwu demo_login --port $(SERVE_PORT)
	ZHENGWU_PRODUCTION=1 ZHENGWU_DEMO_KEYS=1 ZHENGWU_HTTPS=0 $(BIN)/zhengwu serve --port $(SERVE_PORT)

lint: install
	$(BIN)/ruff check zhengwu
	$(BIN)/zhengwu makemigrations --check --dry-run
	$(BIN)/bandit -q -r zhengwu -ll -ii -x '*/tests/*,*/migrations/*'
	$(BIN)/python -m zhengwu.ops.dep_audit
	@$(BIN)/pip freeze --exclude-editable | grep -vi '^zhengwu[= ]' | sort > $(VENV)/.frozen; \
		sort requirements.lock | comm -23 $(VENV)/.frozen - | sed 's/^/requirements.lock does not pin (run make lock): /' >&2

# The two databases' runs side by side (one core each): CI's wall-clock is the longer run, not the sum.
test: install browsers nginx lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# The browser tests' screenshots into docs/screenshots/ (look at them before committing).
screenshots: install browsers
	ZHENGWU_VAR_DIR=$$(mktemp -d) ZHENGWU_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -m browser

test-sqlite: install
	ZHENGWU_VAR_DIR=$$(mktemp -d) $(BIN)/pytest

# PostgreSQL when one is reachable (this machine and CI); skipped with a message otherwise.
test-postgres: install
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		ZHENGWU_VAR_DIR=$$(mktemp -d) DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	else echo "PostgreSQL at $(PG_URL) not reachable: PostgreSQL run skipped"; fi

# The PostgreSQL search benchmark's database (created and dropped by it): by default beside PG_URL's; point it at a
# server tuned as docs/deploy.md says, e.g. BENCH_PG_URL=postgresql://postgres@127.0.0.1:5433/zhengwu_bench
BENCH_PG_URL ?= $(shell echo '$(PG_URL)' | sed 's#/[^/]*$$#/zhengwu_bench#')
bench: install
	mkdir -p bench/results
	$(BIN)/zhengwu bench_search --docs 200000 --json
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		ZHENGWU_BENCH_PG_URL='$(BENCH_PG_URL)' $(BIN)/zhengwu bench_search --docs 200000 --backend postgres --json; \
	else echo "PostgreSQL at $(PG_URL) not reachable: PostgreSQL benchmark skipped"; fi
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu migrate --noinput -v0
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu bench_report --applications 1000000
	$(BIN)/zhengwu search_relevance --json
	$(MAKE) bench-pages

# Public pages and the annual report at scale (issue 16) in their own database under $(BENCH_VAR): a county of
# BENCH_RECORDS records built through the review actions, pages through nginx + gunicorn vs nginx static (wrk).
BENCH_VAR ?= $(CURDIR)/var/bench
BENCH_RECORDS ?= 20000
BENCH_OLD ?=
bench-pages: install nginx
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq wrk >/dev/null; }
	mkdir -p bench/results $(BENCH_VAR)
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu migrate --noinput -v0
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu generate_county --records $(BENCH_RECORDS)
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu bench_pages $(if $(BENCH_OLD),--old-commit $(BENCH_OLD))
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu bench_report --applications 100000 $(if $(BENCH_OLD),--old-commit $(BENCH_OLD))

# N = 1,000,000 (about 15 minutes on SQLite and 30 on PostgreSQL on a 2-core machine)
bench-1m: install
	mkdir -p bench/results
	$(BIN)/zhengwu bench_search --docs 1000000 --json
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		ZHENGWU_BENCH_PG_URL='$(BENCH_PG_URL)' $(BIN)/zhengwu bench_search --docs 1000000 --backend postgres --json; \
	else echo "PostgreSQL at $(PG_URL) not reachable: PostgreSQL benchmark skipped"; fi
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu migrate --noinput -v0
	ZHENGWU_VAR_DIR=$(BENCH_VAR) $(BIN)/zhengwu bench_report --applications 1000000
