#!/usr/bin/env bash
# Static checks of the infrastructure code, offline: checkov over infra/ (Terraform) and
# docker/Dockerfile, and `tofu fmt -check` over infra/. Prints a closing summary and exits
# non-zero when any check fails. (No provider registry here, so no `tofu init/validate`:
# the structure is tested over the parsed HCL by packages/gcp-bootstrap/test/infra-*.test.ts.)
#
#   scripts/check-infra.sh              all checks
#   scripts/check-infra.sh checkov      checkov only (Terraform + Dockerfile)
#   scripts/check-infra.sh fmt          tofu fmt only
#
# checkov runs from its own venv, .venv-checkov (requirements-checkov.txt), installed here when
# missing or older than the requirements file. tofu is .tools/bin/tofu (scripts/build-tofu.sh
# builds it from the Go module proxy) or one on PATH; without either the fmt check is
# reported as SKIPPED, unless CHECK_INFRA_REQUIRE_TOFU=1 makes that a failure.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
what="${1:-all}"
case "$what" in all | checkov | fmt) ;; *) echo "usage: scripts/check-infra.sh [all|checkov|fmt]" >&2; exit 2 ;; esac

venv="$root/.venv-checkov"
results=()
failed=0

record() { # name status detail
  results+=("$(printf '  %-22s %-7s %s' "$1" "$2" "$3")")
  [ "$2" = FAIL ] && failed=1
  return 0
}

ensure_checkov() {
  local stamp="$venv/.install-stamp"
  if [ -x "$venv/bin/checkov" ] && [ -f "$stamp" ] && [ "$stamp" -nt requirements-checkov.txt ]; then return 0; fi
  echo "check-infra: installing checkov into .venv-checkov (requirements-checkov.txt)" >&2
  { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt &&
    touch "$stamp"
}

run_checkov() { # name framework target-flag target
  local name="$1" framework="$2" flag="$3" target="$4" log summary
  log="$(mktemp)"
  echo "== $name: checkov --framework $framework $flag $target" >&2
  # --skip-download: no Bridgecrew/Prisma platform calls; every check is the local policy set.
  "$venv/bin/checkov" "$flag" "$target" --framework "$framework" --skip-download --quiet --compact \
    --download-external-modules false >"$log" 2>&1
  local status=$?
  cat "$log" >&2
  summary="$(grep -Eo 'Passed checks: [0-9]+, Failed checks: [0-9]+, Skipped checks: [0-9]+' "$log" | tail -n1)"
  rm -f "$log"
  if [ "$status" -eq 0 ]; then record "$name" PASS "${summary:-no findings}"; else record "$name" FAIL "${summary:-checkov exited $status}"; fi
}

if [ "$what" = all ] || [ "$what" = checkov ]; then
  if ensure_checkov; then
    run_checkov "checkov terraform" terraform -d infra
    run_checkov "checkov dockerfile" dockerfile -f docker/Dockerfile
  else
    record "checkov" FAIL "could not install .venv-checkov (python3 -m venv, pip install -r requirements-checkov.txt)"
  fi
fi

if [ "$what" = all ] || [ "$what" = fmt ]; then
  tofu=""
  if [ -x "$root/.tools/bin/tofu" ]; then tofu="$root/.tools/bin/tofu"; elif command -v tofu >/dev/null 2>&1; then tofu="$(command -v tofu)"; fi
  if [ -z "$tofu" ]; then
    if [ "${CHECK_INFRA_REQUIRE_TOFU:-0}" = 1 ]; then record "tofu fmt" FAIL "no tofu: run scripts/build-tofu.sh"
    else record "tofu fmt" SKIPPED "no tofu (scripts/build-tofu.sh builds .tools/bin/tofu)"; fi
  else
    echo "== tofu fmt: $tofu fmt -check -recursive -diff infra" >&2
    # A TF_CLI_CONFIG_FILE pointing at a missing file only adds a warning; fmt needs no config.
    cli_env=()
    if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then cli_env=(-u TF_CLI_CONFIG_FILE); fi
    if env "${cli_env[@]}" "$tofu" fmt -check -recursive -diff infra >&2; then
      record "tofu fmt" PASS "infra/ is formatted ($(env "${cli_env[@]}" "$tofu" version 2>/dev/null | grep -m1 -E "^(OpenTofu|Terraform) v"))"
    else
      record "tofu fmt" FAIL "run: $tofu fmt -recursive infra"
    fi
  fi
fi

echo
echo "check-infra summary:"
printf '%s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then echo "check-infra: FAILED"; exit 1; fi
echo "check-infra: OK"
