#!/bin/sh
# Entry point of the vdsim image: the first argument names the process.
#   management [flags]        the management service (the vCenter analogue)
#   host-agent [HOST] [flags] one simulated ESXi host (HOST, VDSIM_HOST or VDSIM_POD_NAME)
#   dashboard [flags]         the web dashboard (VDSIM_DASHBOARD_HOST/PORT)
#   vdsim [args]              the CLI
#   anything else             run as given (nats-server, sh, ...)
# Every vdsim process takes --nats/--nats-creds/--nats-ca or NATS_URL/NATS_CREDS/NATS_CA.
set -e
case "$1" in
  management) shift; exec node /app/services/management/dist/main.js "$@" ;;
  host-agent) shift; exec node /app/services/host-agent/dist/main.js "$@" ;;
  dashboard) shift; exec node /app/services/dashboard/dist/main.js "$@" ;;
  vdsim) shift; exec node /app/packages/cli/dist/main.js "$@" ;;
  *) exec "$@" ;;
esac
