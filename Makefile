# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)
FROZEN := dist/counter-app/counter-app

.PHONY: run test lint pytest dist frozen-smoke bench reliability install system-packages clean translations

run: install system-packages
	$(BIN)/counter-app

test: install system-packages lint frozen-smoke pytest

install: $(STAMP) $(QM)

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

system-packages:
	./scripts/system-packages.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The server's tests run on SQLite and PostgreSQL (a throwaway cluster per worker,
# tests/central/postgres.py): here a PostgreSQL that cannot be started is an error, never a
# skip. The tests run on one worker per core (pytest-xdist, at most 4): many of them wait on
# servers and child processes, so two workers on two cores take about 70% of the time of one.
# `make pytest PYTEST_WORKERS=0` runs them in this process, one after another.
PYTEST_WORKERS ?= auto
pytest: install
	COUNTER_REQUIRE_POSTGRES=1 QT_QPA_PLATFORM=offscreen \
		$(BIN)/pytest -n $(PYTEST_WORKERS) --maxprocesses 4 --durations=25

dist: install
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

frozen-smoke: dist
	./scripts/frozen-smoke.sh $(FROZEN)

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/start.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/ingest.py --postgres
	$(BIN)/python bench/ingest.py --postgres --workers 1
	$(BIN)/python bench/event_ids.py
	$(BIN)/python bench/relay.py
	$(BIN)/python bench/queue_calls.py --postgres

# The crash harness in full (hundreds of SIGKILLs of the counter, its sync and the server),
# the server attacks, the audit edits and the hostile command-line sweep: writes
# docs/reliability.md (about 15 minutes). `make test` runs only their short mode.
reliability: install
	$(BIN)/python scripts/reliability.py

clean:
	rm -rf build dist $(QM)

# After changing UI strings: refresh the .ts sources (then translate the new entries).
translations: install
	$(BIN)/pyside6-lupdate -no-obsolete -locations none counter_app/ui/*.py \
		-ts resources/i18n/counter_app_vi.ts
	$(BIN)/pyside6-lupdate -pluralonly -no-obsolete -locations none counter_app/ui/*.py \
		-ts resources/i18n/counter_app_en.ts
