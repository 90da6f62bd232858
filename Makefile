# Investdesk — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/investdesk
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-sqlite test-postgres deps system-packages postgres lint messages bench

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.installed node_modules/.installed

run: deps
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py load_demo
	@echo ""
	@echo "  投资服务台 Investdesk:  http://$(HOST):$(PORT)/"
	@echo "  演示账号 demo logins (password investdesk-demo):"
	@echo "    director (主任)  agent, agent2 (代办员)  finance (财务)  viewer (只读)  admin (管理员)  — 昆明市呈贡区投资服务中心"
	@echo "    director2 (主任) — 演示区投资服务中心"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests (Playwright never downloads a browser here) and
# gettext for the translation checks, and a CJK font so that screenshots show Chinese, not boxes:
# installed from Debian's packages when missing.
SYSTEM_PACKAGES := /usr/bin/chromium:chromium /usr/bin/msgfmt:gettext /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
system-packages:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do test -e $${pair%%:*} || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get install -y -q $$missing >/dev/null 2>&1 || { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $$missing >/dev/null; }; \
	fi
	@for pair in $(SYSTEM_PACKAGES); do test -e $${pair%%:*} || { echo "$${pair#*:} could not be installed" >&2; exit 1; }; done

# PostgreSQL must answer: in CI a missing server is a failure, not a skip.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start || true
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1

test: deps system-packages postgres
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== test suite on SQLite =="
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

test-postgres:
	@echo "== test suite on PostgreSQL =="
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -n 2 --dist loadfile

lint:
	$(VENV)/bin/ruff check .

# flock: two runs at once would interleave their writes to the shared catalogue.
messages:
	flock var/.messages.lock -c "DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --add-location file -i '.venv/*' -i 'node_modules/*' -i 'var/*' -i 'staticfiles/*' && DEBUG=1 $(PY) manage.py compilemessages -l zh_Hans -i '.venv' -i node_modules"

bench: deps
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f; done
