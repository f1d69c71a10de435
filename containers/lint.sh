#!/usr/bin/env bash
# Lints the Dockerfiles with dockerfile-utils (the Dockerfile language server's
# linter, from the npm registry; no Dockerfile linter is packaged in Debian 12).
# Any diagnostic, warning or error, fails. Installs the linter into .tools/ once.
set -euo pipefail
cd "$(dirname "$0")/.."
LINTER_VERSION=0.16.3
bin=.tools/node_modules/.bin/dockerfile-utils
if [ ! -x "$bin" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  npm install --prefix .tools --no-audit --no-fund --silent "dockerfile-utils@$LINTER_VERSION" 2>&1 | grep -v "Unknown user config" || true
fi
status=0
for f in containers/Dockerfile.*; do
  out=$("$bin" lint "$f" 2>&1) || true
  if [ -n "$out" ]; then
    echo "lint: $f:"; echo "$out"; status=1
  else
    echo "lint: $f: clean"
  fi
done
exit $status
