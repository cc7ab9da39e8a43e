# SpineCare: `make run` to try it (`make run PORT=8123` for another port), `make test`
# for the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Python 3.11: python3.11 if there is one, else python3 if that is 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || \
	(python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
	&& command -v python3))

.PHONY: install tools run test lint

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "SpineCare needs Python 3.11, and neither python3.11" \
		"nor python3 is 3.11 here (python3 is $$(python3 --version 2>&1))." \
		"Install Python 3.11 (for example: apt-get install python3.11 python3.11-venv," \
		"or pyenv install 3.11), or name it: make PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
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
	$(PY) manage.py dev_admin --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install tools
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
