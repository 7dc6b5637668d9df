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
test: setup emulators $(TOOLS)/bin/tofu ## every check and test: lint, types, unit + integration tests, infra and dbt checks
	$(PNPM) run --silent lint
	$(PNPM) run --silent typecheck
	REQUIRE_EMULATORS=1 METADATA_SERVER_DETECTION=none $(PNPM) run --silent test
	@$(MAKE) --no-print-directory check-infra
	@$(MAKE) --no-print-directory check-dbt

# ---------------------------------------------------------------- run

.PHONY: demo
demo: setup ## run the whole pipeline locally end to end and show the gold results (FAKESTORE_API_URL=... for the real API)
	@scripts/demo.sh

.PHONY: sim
sim: setup ## start the local Fake Store replica on port 3999
	bin/fakestore-sim --port 3999

.PHONY: clean
clean: ## remove build output (keeps the toolchain and dependencies)
	rm -rf packages/*/dist

.PHONY: distclean
distclean: clean ## remove everything the setup installed
	rm -rf node_modules packages/*/node_modules $(TOOLS) $(VENV) $(CURDIR)/.venv-checkov

# ---------------------------------------------------------------- local cloud emulators and OpenTofu

EMULATORS := pubsub-emulator fake-gcs-server bigquery-emulator
EMULATOR_BINS := $(addprefix $(TOOLS)/bin/,$(EMULATORS))

# Each binary is its own stamp; the script also skips a build when its content stamp matches.
$(EMULATOR_BINS): $(TOOLS)/bin/%: scripts/emulators.sh tools/%/go.mod tools/%/go.sum
	@scripts/emulators.sh build $*
	@touch $@
$(TOOLS)/bin/pubsub-emulator: tools/pubsub-emulator/main.go

.PHONY: emulators
emulators: $(EMULATOR_BINS) ## build the Pub/Sub, GCS and BigQuery emulators into .tools/bin (cold: ~12 min)

# The OpenTofu version is pinned in scripts/build-tofu.sh, so the binary is rebuilt when that script changes.
$(TOOLS)/bin/tofu: scripts/build-tofu.sh
	@scripts/build-tofu.sh
	@touch $@

.PHONY: tofu
tofu: $(TOOLS)/bin/tofu ## build OpenTofu into .tools/bin/tofu (cold: ~6 min)

# ---------------------------------------------------------------- infra

.PHONY: check-infra
check-infra: $(TOOLS)/bin/tofu ## checkov (infra/, docker/Dockerfile) + tofu fmt -check, with a summary
	@CHECK_INFRA_REQUIRE_TOFU=1 scripts/check-infra.sh

.PHONY: checkov
checkov: ## checkov over infra/ and docker/Dockerfile (its own venv, .venv-checkov)
	@scripts/check-infra.sh checkov

.PHONY: tofu-fmt
tofu-fmt: $(TOOLS)/bin/tofu ## tofu fmt -check -recursive infra
	@CHECK_INFRA_REQUIRE_TOFU=1 scripts/check-infra.sh fmt

.PHONY: image
image: ## build the image fakestore-elt with docker or podman (BASE_IMAGE=ref: another base, e.g. from scripts/image-base.sh)
	@docker/run.sh build

.PHONY: run
run: ## build the image and open a shell in it (project mounted, credentials/ and ADC read-only, .env passed, your uid)
	@docker/run.sh

.PHONY: check-image
check-image: ## build the image and smoke-test it in containers, offline (docker or podman; cold ~43 min on a busy machine, warm ~1 min)
	@scripts/check-image.sh

# ---------------------------------------------------------------- dbt

# scripts/dbt.sh reads .env with shared-core's loader (built by setup), as the CLIs do.
.PHONY: dbt
dbt: setup ## dbt with the repo's venv, profile and .env, e.g. make dbt ARGS='build --target dev'
	@scripts/dbt.sh $(or $(ARGS),build)

.PHONY: docs
docs: setup ## dbt docs of the warehouse built last (after make demo: the demo's) into dbt/target/docs; SERVE=1 serves them on :8080
	@scripts/dbt.sh docs generate --static --target-path target/docs
	@echo "dbt docs: $(CURDIR)/dbt/target/docs/static_index.html"
	@if [ -n "$(SERVE)" ]; then scripts/dbt.sh docs serve --target-path target/docs --port 8080 --no-browser; fi

.PHONY: check-dbt
check-dbt: setup ## dbt build on a lake fixture (2 runs, events), gold figures, sqlfluff, BigQuery offline compile
	@scripts/check-dbt.sh

.PHONY: bench
bench: bench-dbt bench-json bench-stream bench-batch ## every benchmark (ratios against a baseline measured in the same run)

.PHONY: bench-json
bench-json: build ## streaming JSON-array parsers on 1,000,000 carts and products vs fetch + JSON.parse (ARGS='--runs 3')
	@$(TOOLS)/bin/node --disable-warning=ExperimentalWarning scripts/bench-json-stream.ts $(ARGS)

.PHONY: bench-stream
bench-stream: build ## cart-streamer on 1,000,000 carts: cold start, 1% changed, no change vs fetch + JSON.parse (ARGS='--carts N --runs R')
	@$(TOOLS)/bin/node --disable-warning=ExperimentalWarning scripts/bench-stream.ts $(ARGS)

.PHONY: bench-dbt
bench-dbt: setup ## dbt on 1,000,000 cart events: full build vs incremental run after 1% new events
	@$(VENV)/bin/python scripts/bench-dbt.py

# dlt, for DLT=1 only, in a venv of its own: it is a yardstick, not a dependency of the project.
DLT_VENV := $(CURDIR)/.venv-dlt
DLT_REQUIREMENT := dlt[duckdb]==1.31.0

$(DLT_VENV)/.install-stamp: | prereqs
	@test -x $(DLT_VENV)/bin/python || python3 -m venv $(DLT_VENV)
	$(DLT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '$(DLT_REQUIREMENT)'
	@touch $@

.PHONY: bench-batch
bench-batch: setup $(if $(DLT),$(DLT_VENV)/.install-stamp) ## batch-ingest vs a fetch+parse+write floor (and dlt with DLT=1) at 1M and 100k products; MAX=1 adds the simulator's maximum
	@python3 scripts/bench-batch.py $(if $(DLT),--dlt) $(if $(MAX),--max) $(if $(RUNS),--runs $(RUNS))
