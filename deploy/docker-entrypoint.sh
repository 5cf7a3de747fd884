#!/bin/sh
# Entry point of the vdsim image: the first argument names the process.
#   management [flags]        the management service (the vCenter analogue)
#   host-agent [HOST] [flags] one simulated ESXi host (HOST, VDSIM_HOST or VDSIM_POD_NAME), or with
#                             VDSIM_HOSTS_PER_PROCESS=K a rack of K: pod esx-N runs esx-(N*K+1)..esx-(N*K+K)
#   dashboard [flags]         the web dashboard (VDSIM_DASHBOARD_HOST/PORT)
#   vdsim [args]              the CLI
#   anything else             run as given (nats-server, sh, ...)
# Every vdsim process takes --nats/--nats-creds/--nats-ca or NATS_URL/NATS_CREDS/NATS_CA.
# A host agent with VDSIM_HOST_CREDS_DIR and no NATS_CREDS connects as its own host's NATS user:
# <dir>/<host>.nk, the host named as the agent names itself (HOST, VDSIM_HOST, VDSIM_POD_NAME);
# a rack (pod esx-N with VDSIM_HOSTS_PER_PROCESS above 1) as its rack's user, <dir>/rack-(N+1).nk.
set -e

host_creds() {
  if [ "${VDSIM_HOSTS_PER_PROCESS:-1}" != 1 ] && [ -n "${VDSIM_POD_NAME:-}" ]; then
    printf '%s/rack-%02d.nk\n' "$VDSIM_HOST_CREDS_DIR" $((${VDSIM_POD_NAME##*-} + 1))
    return
  fi
  host="${VDSIM_HOST:-}"
  case "${1:-}" in -*|"") ;; *) host="$1" ;; esac
  if [ -z "$host" ] && [ -n "${VDSIM_POD_NAME:-}" ]; then
    ordinal="${VDSIM_POD_NAME##*-}"
    host=$(printf '%s-%02d' "${VDSIM_POD_NAME%-*}" $((ordinal + 1)))
  fi
  if [ -n "$host" ]; then echo "$VDSIM_HOST_CREDS_DIR/$host.nk"; fi
}

if [ "${1:-}" = host-agent ] && [ -z "${NATS_CREDS:-}" ] && [ -n "${VDSIM_HOST_CREDS_DIR:-}" ]; then
  NATS_CREDS=$(shift; host_creds "$@")
  export NATS_CREDS
fi

case "$1" in
  management) shift; exec node /app/services/management/dist/main.js "$@" ;;
  host-agent) shift; exec node /app/services/host-agent/dist/main.js "$@" ;;
  dashboard) shift; exec node /app/services/dashboard/dist/main.js "$@" ;;
  vdsim) shift; exec node /app/packages/cli/dist/main.js "$@" ;;
  *) exec "$@" ;;
esac
