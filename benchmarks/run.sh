#!/usr/bin/env bash
# The whole benchmark from a fresh clone: the project's venv, the journals, the peers, the runs,
# and benchmarks/RESULTS.md.  Options go to run.py: --quick (a smoke test), --scale S, --runs N,
# --no-peers, --pipe, --output FILE.  See benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ ! -x .venv/bin/oto ]; then
    .venv/bin/pip install -q -e .
fi
if ! .venv/bin/python -c "import pexpect" 2>/dev/null; then  # benchmarks/interactive.py drives a pty with it
    .venv/bin/pip install -q -e '.[test]'
fi
exec .venv/bin/python benchmarks/run.py "$@"
