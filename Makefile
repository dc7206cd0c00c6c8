# Two entry points for a fresh machine: `make demo` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
DEMO_DB := out/demo.db

.PHONY: setup system-deps demo test lint lock clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(BIN)/uv requirements/lock.txt pyproject.toml
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/lock.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

setup: $(VENV)/.synced

demo: setup
	mkdir -p out
	$(BIN)/storyline analyze src/storyline/demo/corpus --db $(DEMO_DB) --report out/reports
	$(BIN)/storyline articles --db $(DEMO_DB)
	$(BIN)/storyline stories --db $(DEMO_DB)
	@echo "Reports: out/reports/ (one self-contained HTML file per story). Browse: $(BIN)/storyline serve --db $(DEMO_DB) -o"

# What the tests drive for real: a PostgreSQL 15 server and Debian's Chromium with its driver.
# Installed with apt-get only when missing (as root, or with sudo where there is one).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@need=""; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || need="$$need postgresql-15"; \
	command -v chromium >/dev/null || need="$$need chromium"; \
	command -v chromedriver >/dev/null || need="$$need chromium-driver"; \
	if [ -n "$$need" ]; then \
		echo "installing:$$need"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	fi

test: setup system-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Re-resolve the pinned dependencies (with hashes) after changing pyproject.toml.
lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra web --extra postgres --extra parquet --extra ray \
		--python-version 3.11 --generate-hashes -o requirements/lock.txt

clean:
	rm -rf $(VENV) out
