# participation — set-up, run and test in one command each.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: run test setup assets translations db lint security audit format messages clean bench

## make run: set everything up, migrate, load demo data once and serve on http://127.0.0.1:5000
run: setup db
	$(BIN)/flask seed demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## make test: set everything up and run the whole test suite
test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed static/vendor/.installed translations

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/kern static/vendor/axe-core
	cp node_modules/@kern-ux/native/dist/kern.min.css static/vendor/kern/
	cp -r node_modules/@kern-ux/native/dist/fonts static/vendor/kern/
	cp node_modules/@kern-ux/native/LICENSE.md static/vendor/kern/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe-core/
	touch $@

# Compiled only when a catalogue changed, so two test runs side by side never write them at once.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
translations: $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel -q compile -d translations -l $*

db: setup
	$(BIN)/flask db upgrade

## make bench: time the pages under gunicorn on SQLite and PostgreSQL, and the earlier benches
# BENCH_PRESET=small for a quick run; BENCH_ARGS="--output bench/RESULTS.md" keeps the report;
# the other settings are in README.md ("Benchmarks") and bench/pages.py.
bench: setup
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

## make messages: extract new strings and update the catalogues
messages: $(VENV)/.installed
	$(BIN)/pybabel -q extract --ignore-dirs=".*" -F translations/babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python translations/fill_source.py translations/de/LC_MESSAGES/messages.po

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make security: static security checks of the code (bandit; a high-severity finding fails)
security: $(VENV)/.installed
	$(BIN)/bandit -q -r participation --severity-level high

## make audit: known vulnerabilities in the installed packages (pip-audit; a finding fails)
audit: $(VENV)/.installed
	$(BIN)/pip-audit --local --skip-editable --progress-spinner off

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/vendor
