# The two commands: `make run` (the main job) and `make test`. Both set everything up and are safe to
# run twice.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
TW := $(VENV)/bin/trustwatch
STAMP := $(VENV)/.installed

.PHONY: run test stop setup system venv services pg-up pg-down redis-up redis-down es-up es-down bench clean

$(STAMP): pyproject.toml
	@# The venv is built with the interpreter scripts/find-python.sh picks (3.12 when the machine has it);
	@# a venv left from another interpreter is rebuilt.
	@want=$$(bash scripts/find-python.sh); \
	  if [ -x $(PY) ] && [ "$$($(PY) -c 'import sys; print(sys.version_info[:2])')" != "$$($$want -c 'import sys; print(sys.version_info[:2])')" ]; then \
	    echo "venv: 解释器版本变化，重建 $(VENV)"; rm -rf $(VENV); fi; \
	  test -x $(PY) || $$want -m venv $(VENV)
	@# The pip that ships with the venv (23.x) trips over lxml[html_clean] asked for twice; a current one does not.
	$(PY) -m pip install --quiet --upgrade "pip>=24.2"
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

system:
	bash scripts/provision-system.sh

setup: system venv

pg-up:
	bash scripts/postgres.sh up

pg-down:
	bash scripts/postgres.sh down

redis-up:
	bash scripts/redis.sh up

redis-down:
	bash scripts/redis.sh down

es-up: venv
	$(TW) es up

es-down: venv
	$(TW) es down

test: setup pg-up redis-up es-up
	TRUSTWATCH_TEST_PG_URL=$$(bash scripts/postgres.sh url) \
	  TRUSTWATCH_TEST_REDIS_URL=$$(bash scripts/redis.sh url) \
	  $(VENV)/bin/pytest -q -rfEs -p no:cacheprovider

run: setup es-up
	$(TW) db upgrade
	$(TW) run-demo

# Stops what `make run` and `make test` leave running (Elasticsearch, PostgreSQL, Redis); their data stays.
stop:
	-$(TW) es down
	-bash scripts/postgres.sh down
	-bash scripts/redis.sh down

clean: stop
	rm -rf $(VENV) var .cache
