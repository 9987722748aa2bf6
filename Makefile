# Thin verbs; the work is in scripts/. `make help` lists them.
.DEFAULT_GOAL := help
PORT ?= 8080
JOBS ?= 1000000

.PHONY: help run test lint setup schema bench build up stop clean test-docker scale-demo test-scale

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: ## The whole stack at http://localhost:$(PORT) (embedded PostgreSQL unless DATABASE_URL)
	@PORT=$(PORT) scripts/run.sh

test: ## Every suite: backend, deployment files, frontend, end-to-end in Chromium
	@scripts/test.sh

scale-demo: ## Primary + replica, PgBouncer, two app instances behind nginx at http://localhost:$(PORT)
	@PORT=$(PORT) scripts/scale-demo.sh

test-scale: ## The scale tests (e2e/scale) against that topology, from fresh databases
	@scripts/test-scale.sh

lint: ## ruff, mypy, ESLint, Prettier, tsc
	@scripts/lint.sh

schema: ## Regenerate backend/openapi.json and the SPA's TypeScript types from the code
	@scripts/schema.sh

setup: ## Install the pinned dependencies (and nginx, chromium on Debian as root)
	@scripts/setup.sh

bench: ## Load $(JOBS) synthetic jobs and measure every list shape
	@JOBS=$(JOBS) scripts/bench.sh

build: ## Docker: build the images
	@scripts/docker.sh build

up: ## Docker: start the stack at http://localhost
	@scripts/docker.sh up

stop: ## Docker: stop the stack
	@scripts/docker.sh stop

clean: ## Docker: remove containers, volumes and networks
	@scripts/docker.sh clean

test-docker: ## Docker: the end-to-end suite inside compose
	@scripts/docker.sh test
