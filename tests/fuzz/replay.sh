#!/usr/bin/env bash
# Replays a fuzz target's seed corpus and regression inputs through its replay
# binary (the target without libFuzzer), as a CTest test in every build:
#   tests/fuzz/replay.sh REPLAY_BINARY TARGET KETAPGX_BINARY
set -euo pipefail
replay=$1
target=$2
ketapgx=$3
here="$(cd "$(dirname "$0")" && pwd)"
files=()
for d in "$here/corpus/$target" "$here/regressions/$target"; do
  [ -d "$d" ] && while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$d" -type f -print0 | sort -z)
done
[ ${#files[@]} -gt 0 ] || { echo "no inputs for $target"; exit 1; }
if [ "$target" = merge_shard ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$here/make_shards.sh" "$ketapgx" "$tmp/shards"
  export KETAPGX_FUZZ_SHARDS="$tmp/shards"
fi
"$replay" "${files[@]}"
