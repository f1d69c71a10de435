# Sourced by the container scripts (build.sh, make-base.sh, ci-image.sh):
# chooses the engine and sets what podman needs here.
#   choose_engine [docker|podman]   sets $engine, or exits 2 naming what is missing
# Without a choice: docker when its daemon answers, else podman (a docker
# client without a daemon, common on shared machines, is passed over).
# podman reads containers/containers.conf (CONTAINERS_CONF): runc as the
# runtime (Debian 12's crun refuses hybrid cgroup v1 hosts) and no default
# ulimits above the host's hard limits. Only these scripts use that file.

containers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

choose_engine() {
  local want=${1:-}
  engine=
  if [ -n "$want" ]; then
    case "$want" in docker | podman) ;; *) echo "${0##*/}: --engine takes docker or podman, not '$want'" >&2; exit 2 ;; esac
    command -v "$want" >/dev/null || { echo "${0##*/}: --engine $want: $want is not on PATH" >&2; exit 2; }
    engine=$want
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    engine=docker
  elif command -v podman >/dev/null; then
    engine=podman
  else
    echo "${0##*/}: no container engine: neither a docker daemon that answers nor podman (Debian: apt-get install podman runc)" >&2
    exit 2
  fi
  if [ "$engine" = podman ]; then
    export CONTAINERS_CONF=${CONTAINERS_CONF:-$containers_dir/containers.conf}
  fi
}
