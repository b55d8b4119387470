#!/usr/bin/env bash
# Run every gold evaluation on its whole split(s) and keep each report under artifacts/evaluation/.
# Needs ../shared/gold (or POLEMOS_GOLD). The figures in docs/evaluation.md come from this script.
set -uo pipefail
cd "$(dirname "$0")/.."
out=artifacts/evaluation
mkdir -p "$out"
run() {
  local name=$1 split=$2
  local start=$SECONDS
  .venv/bin/polemos evaluate "$name" --split "$split" > "$out/$name-$split.txt" 2>&1
  echo "$name --split $split: exit $?, $((SECONDS - start)) s" | tee -a "$out/index.txt"
}
: > "$out/index.txt"
run plover-gsr all
run cameo-class test
run acled-types all
run india-police all
run acled-fatalities all
run gritta lgl
run gritta geowebnews
run gritta geovirus
run timebank all
run polnear dev
run polnear train
