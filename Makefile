# consult: `make run` serves the demo on http://127.0.0.1:$(PORT); `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
CSS := consult/static/css/app.css

.PHONY: run test install assets migrate demo lint bench clean

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(CSS): node_modules/.package-lock.json assets/scss/app.scss
	npm run --silent build

assets: $(CSS)

# `make run` is a local demo over plain http: development mode for all its steps.
run migrate demo: export CONSULT_ENV ?= development

migrate: install
	$(BIN)/consult db upgrade

demo: migrate
	$(BIN)/consult demo load

# The web server and one worker (Procfile, run by honcho); Ctrl-C stops both.
run: install assets demo
	CONSULT_PORT=$(PORT) CONSULT_BASE_URL=$${CONSULT_BASE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/honcho start -f Procfile

test: install assets
	$(BIN)/ruff check consult tests $(wildcard bench)
	bash tests/run.sh

lint: install
	$(BIN)/ruff check consult tests $(wildcard bench)

# `make bench` installs wrk (Debian package) if it can; BENCH_ARGS passes options to bench/run.py.
bench: install assets
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules consult/static/css consult/static/js/govuk-frontend.min.js
