# Two commands: `make run` (the app on the embedded default, with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Two processes (tests with a real Celery worker share one), skip reasons printed.
PYTEST_ARGS ?= -n 2 --dist loadgroup -rs

.PHONY: run test install lint worker beat bench-rules bench-scc bench-tia bench-api bench-status-load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo --if-empty --reports
	$(PY) manage.py ensure_admin
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ruff format --check .

worker: install
	$(PY) -m celery -A config worker --loglevel=info

beat: install
	$(PY) -m celery -A config beat --loglevel=info

bench-rules: install
	$(PY) bench/evaluate_register.py $(BENCH_ARGS)

bench-scc: install
	$(PY) bench/scc_render.py

bench-tia: install
	$(PY) bench/tia_workers.py

bench-api: install
	$(PY) bench/api_throughput.py $(BENCH_ARGS)

bench-status-load: install
	$(PY) bench/vendor_status_load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
