# One entry point for people and CI. `make demo` and `make test` install what is missing first.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

NODE_VERSION := 24.21.0
PNPM_VERSION := 12.4.2
export NODE_VERSION PNPM_VERSION

TOOLS := $(CURDIR)/.tools
VENV := $(CURDIR)/.venv
export PATH := $(TOOLS)/bin:$(VENV)/bin:$(PATH)
# pnpm must never prompt (CI has no stdin) and never phone home for updates.
export CI ?=
export npm_config_update_notifier := false
# dbt must not try to phone home (no internet here, and no reason to anywhere).
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

PNPM := $(TOOLS)/bin/pnpm
PACKAGE_JSONS := package.json pnpm-workspace.yaml $(wildcard packages/*/package.json)

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- setup

.PHONY: prereqs
prereqs:
	@scripts/check-prereqs.sh

$(TOOLS)/.toolchain-$(NODE_VERSION)-$(PNPM_VERSION): scripts/toolchain.sh | prereqs
	@scripts/toolchain.sh
	@touch $@

node_modules/.install-stamp: $(TOOLS)/.toolchain-$(NODE_VERSION)-$(PNPM_VERSION) pnpm-lock.yaml $(PACKAGE_JSONS)
	$(PNPM) install --frozen-lockfile --reporter=append-only
	@touch $@

$(VENV)/.install-stamp: requirements.txt | prereqs
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

.PHONY: setup
setup: node_modules/.install-stamp $(VENV)/.install-stamp build ## install the toolchain, dependencies and build (fast when done)

.PHONY: build
build: node_modules/.install-stamp ## compile the TypeScript packages (incremental)
	$(PNPM) run --silent build

# ---------------------------------------------------------------- checks

.PHONY: lint
lint: setup ## eslint over the workspace
	$(PNPM) run --silent lint

.PHONY: typecheck
typecheck: setup ## tsc over sources and tests
	$(PNPM) run --silent typecheck

.PHONY: test
test: setup ## every check and test: lint, types, unit and integration tests
	$(PNPM) run --silent lint
	$(PNPM) run --silent typecheck
	$(PNPM) run --silent test

# ---------------------------------------------------------------- run

.PHONY: demo
demo: setup ## run the whole pipeline locally end to end and show the gold results
	@echo "make demo: not yet. The end-to-end demo lands with the dbt warehouse (issue 5)."
	@echo "Meanwhile: bin/fakestore-sim --port 0   # a local Fake Store API"

.PHONY: sim
sim: setup ## start the local Fake Store replica on port 3999
	bin/fakestore-sim --port 3999

.PHONY: clean
clean: ## remove build output (keeps the toolchain and dependencies)
	rm -rf packages/*/dist

.PHONY: distclean
distclean: clean ## remove everything the setup installed
	rm -rf node_modules packages/*/node_modules $(TOOLS) $(VENV) $(CURDIR)/.venv-checkov

# ---------------------------------------------------------------- infra

.PHONY: check-infra
check-infra: ## checkov (infra/, docker/Dockerfile) + tofu fmt -check, with a summary
	@scripts/build-tofu.sh
	@CHECK_INFRA_REQUIRE_TOFU=1 scripts/check-infra.sh

.PHONY: checkov
checkov: ## checkov over infra/ and docker/Dockerfile (its own venv, .venv-checkov)
	@scripts/check-infra.sh checkov

.PHONY: tofu-fmt
tofu-fmt: ## tofu fmt -check -recursive infra
	@scripts/build-tofu.sh
	@CHECK_INFRA_REQUIRE_TOFU=1 scripts/check-infra.sh fmt

.PHONY: image
image: ## build the Docker image fakestore-elt (docker/Dockerfile)
	@docker/run.sh build

.PHONY: run
run: ## build the image and open a shell in it (project mounted, credentials/ read-only, .env passed)
	@docker/run.sh
