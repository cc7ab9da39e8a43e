# SpineCare: `make run` to try it, `make test` for the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install tools run test lint

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# npm's tools for the browser tests and bench/: the Nu Html Checker and Lighthouse.
# --ignore-scripts: vnu-jar's install script would try to download a JDK.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

tools: node_modules/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py dev_admin
	$(PY) manage.py runserver 127.0.0.1:8000

test: install tools
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
