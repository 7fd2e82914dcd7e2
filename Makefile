# The two commands of the README, and a few conveniences.
.PHONY: run test setup lint format bench

run:        ## set up everything and start the app with demo data on SQLite
	scripts/run.sh

test:       ## set up everything and run the whole test suite (PostgreSQL + SQLite journeys + start-up check)
	scripts/test.sh

setup:
	scripts/setup.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench:      ## build the national data set, run every benchmark under bench/, write var/bench/report.json, print the table
	.venv/bin/python bench/run_all.py
