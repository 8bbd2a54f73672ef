#!/bin/sh
# Starts one Hookstream service in the foreground (exec: node is PID 1 and receives SIGTERM directly).
#   entrypoint.sh ingest|signer|dispatcher|delivery-log|all-in-one   a service (default: all-in-one)
#   entrypoint.sh migrate                                            every service's migrations, then exit
# Each service's PORT defaults to its own (ingest 3001, delivery-log 3002, signer 3003, dispatcher 3004,
# all-in-one 3000); set PORT to override.
set -eu

# The image keeps this script in /app/docker, next to /app/dist.
APP_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
service="${1:-all-in-one}"
if [ "$#" -gt 0 ]; then shift; fi

# One service per process gets a bounded heap: V8 otherwise lets garbage pile up to several times the live heap
# before a full collection (the dispatcher: ~45 MB live, 290 MB resident under load). With these flags it stays
# near 150 MB at the same throughput (docs/benchmarks.md). A young generation of 8 MB semi-spaces rather than 4 costs
# ~7 MB and saves the dispatcher a tenth of its CPU in scavenges. HOOKSTREAM_MAX_OLD_SPACE_MB raises the cap.
SERVICE_NODE_FLAGS="--max-semi-space-size=8 --max-old-space-size=${HOOKSTREAM_MAX_OLD_SPACE_MB:-192}"

case "$service" in
  ingest | signer | dispatcher | delivery-log)
    # shellcheck disable=SC2086 # two flags, split on purpose
    exec node $SERVICE_NODE_FLAGS "$APP_ROOT/dist/apps/$service/apps/$service/src/main.js" "$@"
    ;;
  all-in-one)
    exec node "$APP_ROOT/dist/apps/$service/apps/$service/src/main.js" "$@"
    ;;
  migrate)
    exec node "$APP_ROOT/dist/apps/all-in-one/apps/all-in-one/src/main.js" migrate "$@"
    ;;
  *)
    echo "usage: entrypoint.sh ingest|signer|dispatcher|delivery-log|all-in-one|migrate (got \"$service\")" >&2
    exit 64
    ;;
esac
