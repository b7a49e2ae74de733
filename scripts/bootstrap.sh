#!/usr/bin/env bash
# Creates .venv in the project root and installs the locked dependencies and akasse into it.
# Sourced by scripts/demo and scripts/test; safe to run again (it only installs what changed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "akasse needs Python 3.11; found $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
    exit 1
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian splits venv/ensurepip into its own package; install it when missing.
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "Installing Debian's python3-venv ..."
    as_root apt-get update -qq
    as_root apt-get install -y -qq python3-venv
fi

if [ ! -x .venv/bin/python ]; then
    echo "Creating virtual environment in .venv ..."
    "$PYTHON" -m venv .venv
fi

stamp=.venv/.akasse-lock.sha256
want="$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing locked dependencies (requirements.lock) ..."
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q --require-hashes -r requirements.lock
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null \
        || .venv/bin/python -m pip install -q --no-deps -e .
    echo "$want" > "$stamp"
fi
