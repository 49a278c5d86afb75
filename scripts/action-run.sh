#!/usr/bin/env bash
# The lint step of action.yml: runs pmlint (from PATH) with the action's inputs, which action.yml
# passes as environment variables (tests/action.rs runs this step the same way):
#
#   PMLINT_PATHS       files, directories or glob patterns (`**` crosses folders), separated by
#                      spaces or newlines; empty means `.`
#   PMLINT_PROFILE     --profile NAME|PATH; empty leaves it to the configuration or the default
#   PMLINT_CONFIG      --config PATH; empty lets pmlint find .pmlint.toml above each file
#   PMLINT_FORMAT      --format of the log; empty means `github` (annotations)
#   PMLINT_SARIF_FILE  also write a SARIF 2.1.0 report there (a second run with
#                      `--format sarif --output FILE`); empty writes none
#   PMLINT_FAIL_ON     --fail-on error|warning; empty means `error`
#
# Writes `exit-code` and `sarif-file` to $GITHUB_OUTPUT when it is set, and exits with pmlint's
# status: 0 clean, 1 findings at the fail-on severity, 2 usage, configuration or I/O error (also
# when only the SARIF run had one).
set -uo pipefail

args=(--fail-on "${PMLINT_FAIL_ON:-error}")
if [ -n "${PMLINT_PROFILE:-}" ]; then args+=(--profile "$PMLINT_PROFILE"); fi
if [ -n "${PMLINT_CONFIG:-}" ]; then args+=(--config "$PMLINT_CONFIG"); fi

# Split on spaces, tabs and newlines and expand globs; a pattern that matches nothing stays as
# written, so pmlint reports it as a missing path.
shopt -s globstar
IFS=$' \t\n'
# shellcheck disable=SC2206
paths=(${PMLINT_PATHS:-})
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi

sarif_status=0
if [ -n "${PMLINT_SARIF_FILE:-}" ]; then
  mkdir -p -- "$(dirname -- "$PMLINT_SARIF_FILE")"
  pmlint "${args[@]}" --format sarif --output "$PMLINT_SARIF_FILE" -- "${paths[@]}"
  sarif_status=$?
fi

pmlint "${args[@]}" --format "${PMLINT_FORMAT:-github}" -- "${paths[@]}"
status=$?
if [ "$sarif_status" -ge 2 ] && [ "$status" -lt 2 ]; then status=$sarif_status; fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$status"
    echo "sarif-file=${PMLINT_SARIF_FILE:-}"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
