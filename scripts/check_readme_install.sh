#!/usr/bin/env bash
# The README's first command, run as written in a fresh folder, then an HTML article through the
# venv it makes: what a new user gets, without the test extras that scripts/test.sh installs
# (an HTML reader that needs an extra the plain install lacks fails here, not on a user's machine).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command="$(grep -m1 '^python3 -m venv .venv' "$repo/README.md")"
[ -n "$command" ] || { echo "check_readme_install: README has no install command" >&2; exit 1; }
cp -r "$repo/README.md" "$repo/pyproject.toml" "$repo/requirements" "$repo/src" "$work/"
cd "$work"
export POLEMOS_DB="$work/demo.db" XDG_CACHE_HOME="$work/cache"
bash -c "$command" > demo.out 2> demo.err || { cat demo.err >&2; exit 1; }
grep -q "stored" demo.err || { echo "check_readme_install: the demo stored nothing" >&2; cat demo.err >&2; exit 1; }
cat > article.html <<'HTML'
<html><head><title>Clashes near Gao</title></head><body><article><h1>Clashes near Gao</h1>
<p>GAO, Mali, March 3 (Reuters) - Gunmen attacked an army post near Gao on Sunday, killing four soldiers,
the army said in a statement on Monday.</p><p>The attack was the third in the region this month.</p>
</article></body></html>
HTML
.venv/bin/polemos extract article.html --no-text > article.json
.venv/bin/python -c "import json; d = json.load(open('article.json')); assert d['events'], 'no events from the HTML article'"
echo "check_readme_install: the README's command installs, runs the demo and reads HTML"
