#!/bin/sh
# The estate document's CI job, to copy into the repository that keeps estate.yaml (see README.md next to it).
#
#   ci.sh plan              on a pull request: plan the document against the live estate and save the plan.
#                           Exit 0 whether or not something would change (changes are printed and the plan is
#                           kept as an artifact: review it in the pull request); 1 when planning failed.
#   ci.sh apply             on a merge to main: plan again and apply with --auto-approve.
#   ci.sh apply plan.json   on a merge to main: apply exactly the plan saved (and reviewed) on the pull request.
#                           Nothing is written if any provider it changes moved since; then plan again.
#
# Environment:
#   IDP_GATEWAY_URL     the gateway's GraphQL endpoint, e.g. https://idp-gateway.internal/graphql
#   IDP_GATEWAY_TOKEN   an API token: viewer is enough to plan, apply needs operator (from the CI's secret store)
#   IDP_...             the secret values the document references ({ env: NAME }); set only those being rotated.
#                       They are read by the CLI and sent to the gateway, never printed (never run this with -x).
#   ESTATE_DOCUMENT     the document (default: estate.yaml)
#   ESTATE_PLAN_FILE    where `plan` saves the plan (default: plan.json)
#   IDP_GATEWAY_CLI     how to run the CLI (default: idp-gateway; e.g. "npx idp-gateway")
set -eu

cli=${IDP_GATEWAY_CLI:-idp-gateway}
document=${ESTATE_DOCUMENT:-estate.yaml}
plan_file=${ESTATE_PLAN_FILE:-plan.json}

usage() {
  echo "usage: $0 plan | apply [plan.json]" >&2
  exit 64
}

plan() {
  # `plan` exits 2 when something would change: that is the answer, not a failure, so it must not stop `set -e`.
  status=0
  $cli plan -f "$document" --out "$plan_file" --no-color || status=$?
  case $status in
    0)
      echo "estate: no changes: the live estate matches $document."
      ;;
    2)
      echo "estate: changes planned (above); the plan is saved in $plan_file: keep it as the job's artifact."
      ;;
    *)
      echo "estate: planning failed (exit $status): nothing was planned." >&2
      exit 1
      ;;
  esac
}

apply() {
  status=0
  if [ $# -gt 0 ]; then
    # The reviewed plan itself: the secret values are read again from the document it names.
    $cli apply "$1" --no-color || status=$?
  else
    $cli apply -f "$document" --auto-approve --no-color || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    echo "estate: apply failed (exit $status): the output above says what was applied, what failed and what was not tried." >&2
    echo "estate: an interrupted apply may be run again (the gateway makes no change twice); a moved plan must be made again." >&2
    exit 1
  fi
  if [ $# -gt 0 ]; then
    echo "estate: done: the plan in $1 is applied."
  else
    echo "estate: done: the live estate matches $document."
  fi
}

[ $# -ge 1 ] || usage
mode=$1
shift
case $mode in
  plan)
    [ $# -eq 0 ] || usage
    plan
    ;;
  apply)
    [ $# -le 1 ] || usage
    apply "$@"
    ;;
  *)
    usage
    ;;
esac
