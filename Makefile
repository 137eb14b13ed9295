# Tòa Soạn developer tasks. `make help` lists them; each target's `##` comment is its help line.
#
# Variables you may set (make VAR=value or environment):
#   PYTHON          interpreter for the venv (default: scripts/find-python.sh picks a Python >= 3.12)
#   PYTEST_WORKERS  pytest-xdist workers per test leg (default 2; 0 = serial)
#   PYTEST_ARGS     extra pytest arguments, e.g. PYTEST_ARGS="-k slug -x"
#   PG_TEST_URL     PostgreSQL for the PostgreSQL test leg (default: $DATABASE_URL, else
#                   $TEST_DATABASE_URL, else the scripts/pg-test-server.sh cluster)
#   DEMO_CORPUS     passed to `manage.py load_demo --corpus` by `make demo`
#   CI=true         the PostgreSQL leg becomes mandatory
#   REDIS_TEST_URL  Redis for the PostgreSQL leg (REDIS_URL there; .ci/run exports it)
#   SOAK_SECONDS    length of the soak in `make bench` (default 600)

# Some machines set PYTHONDONTWRITEBYTECODE; without .pyc files every manage.py call spends ~4 s
# compiling Django and Wagtail again.
unexport PYTHONDONTWRITEBYTECODE

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --no-print-directory
.SUFFIXES:

VENV     := .venv
PY       := $(VENV)/bin/python
VENV_CFG := $(VENV)/pyvenv.cfg
UV       := $(VENV)/bin/uv
UV_VERSION := 0.13.9
STAMPS   := .make

PYTEST_WORKERS ?= 2
PYTEST_ARGS    ?=
PG_TEST_URL    ?= $(or $(DATABASE_URL),$(TEST_DATABASE_URL),$(shell bash scripts/pg-test-server.sh url))
DEMO_ADDR      ?= 127.0.0.1:8000
IS_CI := $(filter true TRUE True 1 yes,$(CI))

# `loadgroup`: a module sharing data built once (module_db, conftest.py) goes whole to one worker and
# every other test is handed out alone. xdist's default `load` hands out chunks of a quarter of what
# is left: one such chunk of browser walks kept one worker busy for four minutes after the other had
# finished (docs/development.md).
# `--durations`: each leg ends with its slowest tests, so a CI log says where the 15-minute budget goes.
PYTEST := $(PY) -m pytest $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadgroup) --durations=15 $(PYTEST_ARGS)
# Every Django command names its settings: a DJANGO_SETTINGS_MODULE in the caller's shell would win
# over pyproject.toml's.
TEST_ENV := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=toasoan.settings.test
DEV_ENV  := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=toasoan.settings.dev

.PHONY: help install install-dev lock demo serve bench test lint test-sqlite test-pg pg-start pg-stop clean

help: ## list the targets
	@echo "Tòa Soạn — make targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: PYTHON, PYTEST_WORKERS, PYTEST_ARGS, PG_TEST_URL, DEMO_CORPUS, CI (see the Makefile's header)."

# ---------------------------------------------------------------------------------------------------
# Environment. Stamps in .make/ record what was installed; each depends on the lock files it synced
# and on the venv's python, so a second run does nothing until one of them changes.

ifeq ($(filter grouped-target,$(.FEATURES)),)
$(error this Makefile needs GNU make >= 4.3 (Debian 11 and newer have it))
endif

# One recipe makes both (a grouped target): a missing or dangling .venv/bin/python recreates the venv,
# and pyvenv.cfg, written anew, tells the stamps the venv is new.
$(PY) $(VENV_CFG) &:
	@python="$$(bash scripts/find-python.sh)"; \
	echo "Creating $(VENV) with $$python ($$("$$python" --version))"; \
	"$$python" -m venv --clear $(VENV)

$(STAMPS):
	@mkdir -p $@

$(STAMPS)/uv-$(UV_VERSION): $(PY) $(VENV_CFG) | $(STAMPS)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	    echo "$(VENV) runs $$($(PY) --version); this project needs Python >= 3.12: run 'make clean install'." >&2; \
	    exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@rm -f $(STAMPS)/uv-*
	@touch $@

# The dev set includes the runtime set: when it is installed and current, `make install` keeps it.
$(STAMPS)/install: requirements.lock $(PY) $(VENV_CFG) | $(STAMPS)/uv-$(UV_VERSION)
	@if [[ -f $(STAMPS)/install-dev ]] && \
	    ! [[ requirements.lock -nt $(STAMPS)/install-dev || requirements-dev.lock -nt $(STAMPS)/install-dev \
	         || $(VENV_CFG) -nt $(STAMPS)/install-dev || $(PY) -nt $(STAMPS)/install-dev ]]; then \
	    echo "$(VENV) already holds requirements.lock + requirements-dev.lock"; \
	else \
	    echo "$(UV) pip sync --require-hashes requirements.lock"; \
	    $(UV) pip sync --python $(PY) --require-hashes requirements.lock; \
	    rm -f $(STAMPS)/install-dev; \
	fi
	@touch $@

$(STAMPS)/install-dev: requirements.lock requirements-dev.lock $(PY) $(VENV_CFG) | $(STAMPS)/uv-$(UV_VERSION)
	$(UV) pip sync --python $(PY) --require-hashes requirements.lock requirements-dev.lock
	@touch $@ $(STAMPS)/install

# axe-core (accessibility checks in the browser tests), from the npm registry into ./node_modules,
# exactly as package-lock.json pins it. No install scripts run.
$(STAMPS)/node: package.json package-lock.json | $(STAMPS)
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install npm (.ci/run installs it)" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

install: $(STAMPS)/install ## create .venv (Python >= 3.12) and install the runtime lock; no-op when current

install-dev: $(STAMPS)/install-dev $(STAMPS)/node ## as install, plus the test and tool lock (requirements-dev.lock) and node_modules (npm ci)

lock: $(PY) | $(STAMPS)/uv-$(UV_VERSION) ## regenerate requirements.lock and requirements-dev.lock (UPGRADE=1 to upgrade all)
	$(UV) pip compile --quiet --python $(PY) requirements.in -o requirements.lock --generate-hashes $(if $(UPGRADE),--upgrade)
	$(UV) pip compile --quiet --python $(PY) requirements-dev.in -o requirements-dev.lock --generate-hashes $(if $(UPGRADE),--upgrade)

# ---------------------------------------------------------------------------------------------------
# Demo

demo: install ## SQLite demo site: migrate, load demo content (DEMO_CORPUS=...), run on 127.0.0.1:8000
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo $(if $(DEMO_CORPUS),--corpus '$(DEMO_CORPUS)')
	$(DEV_ENV) $(PY) manage.py set_site_address $(DEMO_ADDR)
	$(DEV_ENV) $(PY) manage.py load_demo_portals --port $(lastword $(subst :, ,$(DEMO_ADDR)))
	$(DEV_ENV) $(PY) manage.py backup
	-$(DEV_ENV) $(PY) manage.py compliance_report --html var/bao-cao-tuan-thu.html --json var/bao-cao-tuan-thu.json
	@echo
	@echo "  Trang cho người đọc: http://$(DEMO_ADDR)/ (cổng chính; các cổng thành phần in ở trên)"
	@echo "  Báo cáo tuân thủ:    var/bao-cao-tuan-thu.html (và .json); trong quản trị: Báo cáo › Báo cáo tuân thủ"
	@echo "  Trang quản trị:      http://$(DEMO_ADDR)/admin/   (tài khoản và mật khẩu in ở trên)"
	@echo "  Đăng bài hẹn giờ:    manage.py run_worker chạy cùng máy chủ (dừng khi máy chủ dừng)."
	@echo
	@$(DEV_ENV) $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(DEMO_ADDR)

serve: install ## production stack on 127.0.0.1:8000: nginx + granian, production settings, SQLite (REDIS_URL optional)
	bash deploy/serve.sh

# ---------------------------------------------------------------------------------------------------
# Benchmarks (docs/performance.md). Needs Debian's nginx, wrk and the cache-purge module:
#   apt-get install nginx-light wrk libnginx-mod-http-cache-purge libnginx-mod-http-brotli-static

SOAK_SECONDS ?= 600

bench: install-dev ## measure (a)–(g) in one run and write docs/performance.md (SOAK_SECONDS, default 600)
	SOAK_SECONDS=$(SOAK_SECONDS) $(PY) bench/run.py

.PHONY: bench-poison
bench-poison: ## replay host/port/cookie poisoning against a running make serve (POISON_URL, default http://127.0.0.1:8000)
	$(PY) bench/poison.py $(POISON_URL)

# ---------------------------------------------------------------------------------------------------
# Checks

lint: install-dev ## ruff check (no formatting check)
	$(VENV)/bin/ruff check .

test: lint ## lint, migrations check, pytest on SQLite, then pytest on PostgreSQL (mandatory when CI=true)
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	@$(MAKE) test-sqlite
	@$(MAKE) test-pg

# pytest exits 5 when it collected no test: a leg that runs nothing is a failure, said plainly.
define run_pytest
	echo "+ $(PYTEST) $(3)"; \
	rc=0; $(1) $(PYTEST) $(3) || rc=$$?; \
	if [[ $$rc == 5 ]]; then echo "FAILED: pytest collected no tests on the $(2) leg" >&2; fi; \
	exit $$rc
endef

test-sqlite: install-dev ## pytest on SQLite only (a file-backed test database per xdist worker)
	@echo "== pytest: SQLite leg =="
	@$(call run_pytest,$(TEST_ENV),SQLite)

test-pg: install-dev ## pytest on PostgreSQL + Redis (PG_TEST_URL, REDIS_TEST_URL; skipped when PG is unreachable, unless CI=true)
	@url='$(PG_TEST_URL)'; \
	shown="$$(sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$$url")"; \
	if why="$$(PYTHON=$(PY) bash scripts/pg-test-server.sh probe "$$url" 2>&1)"; then \
	    echo "== pytest: PostgreSQL leg ($$shown) =="; \
	elif [[ -n "$(IS_CI)" ]]; then \
	    echo "FAILED: PostgreSQL leg: no server reachable at $$shown; CI=true makes this leg mandatory" >&2; \
	    echo "  $$why" >&2; \
	    exit 1; \
	else \
	    echo "PostgreSQL leg skipped: no server reachable at $$shown (run .ci/run or scripts/pg-test-server.sh start)"; \
	    echo "  ($$why)"; \
	    exit 0; \
	fi; \
	$(call run_pytest,env DJANGO_SETTINGS_MODULE=toasoan.settings.test DATABASE_URL="$$url" REDIS_URL="$${REDIS_TEST_URL:-}" $(PG_FUZZ),PostgreSQL,$(PG_MARKS))

# The browser walks (`-m browser`) run on the SQLite leg only: they drive the pages and the admin,
# whose database work the PostgreSQL leg covers through the same views without a browser (and its
# live-server tests through nginx); on both legs they would cost a minute of CI's 15. So do the
# demo's (`-m demo`): `make demo` is SQLite's, and what its commands call has tests of its own.
PG_MARKS ?= -m 'not browser and not demo' --database-tests-only

# The derandomised fuzz tests run their full budget on the SQLite leg and a shorter one on PostgreSQL:
# enough for what differs there (NUL bytes, lengths, collations), and `make test` stays within CI's
# 15 minutes (docs/development.md).
PG_FUZZ ?= FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1000} PUBLIC_FUZZ_EXAMPLES=$${PUBLIC_FUZZ_EXAMPLES:-250}

pg-start: ## start the throwaway PostgreSQL for tests (var/pg, 127.0.0.1:54329)
	bash scripts/pg-test-server.sh start

pg-stop: ## stop it
	bash scripts/pg-test-server.sh stop

clean: ## remove .venv, node_modules, .make and test leftovers in var/
	rm -rf $(VENV) node_modules $(STAMPS) var/test*
