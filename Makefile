# consult: `make run` serves the demo on http://127.0.0.1:$(PORT); `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
CSS := consult/static/css/app.css
PO := $(wildcard consult/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test install assets catalogues messages migrate demo lint bench clean

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

# Compiled language catalogues (the .po files are the source; the .mo files are not kept in git).
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

catalogues: $(MO)

# After marking new text: extract it and add it, untranslated, to every catalogue.
messages: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -c TRANSLATORS: \
		-o consult/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i consult/translations/messages.pot \
		-d consult/translations

# `make run` is a local demo over plain http: development mode for all its steps.
run migrate demo: export CONSULT_ENV ?= development

migrate: install catalogues
	$(BIN)/consult db upgrade

demo: migrate
	$(BIN)/consult demo load

# The web server and one worker (Procfile, run by honcho); Ctrl-C stops both.
run: install assets catalogues demo
	CONSULT_PORT=$(PORT) CONSULT_BASE_URL=$${CONSULT_BASE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/honcho start -f Procfile

test: install assets catalogues
	$(BIN)/ruff check consult tests $(wildcard bench)
	bash tests/run.sh

lint: install
	$(BIN)/ruff check consult tests $(wildcard bench)

# `make bench` installs wrk (Debian package) if it can; BENCH_ARGS passes options to bench/run.py.
bench: install assets catalogues
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules consult/static/css consult/static/js/govuk-frontend.min.js
