#!/usr/bin/env bash
# Installs the Debian packages the tests need besides Python's: a PostgreSQL server (the web tests
# run a second time against it), Chromium (the browser tests drive it through Playwright, which
# must not download a browser of its own), the libraries and a font WeasyPrint needs for PDFs, and
# the OpenMP runtime LightGBM needs.
# Called by scripts/test; scripts/demo calls it with --pdf-only (the demo needs only the PDF
# libraries). When everything is there it does nothing and needs no network.
set -euo pipefail
pdf_only=false
[ "${1:-}" = --pdf-only ] && pdf_only=true

installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

missing=()
if ! $pdf_only; then
    # Any Debian-packaged server version will do; tests/pgserver.py takes the newest.
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
    # The browser tests launch exactly this file.
    [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
# WeasyPrint loads Pango and HarfBuzz at import; without harfbuzz-subset it raises a
# DeprecationWarning, which the test settings turn into an error.
# LightGBM (the matching's hire model) loads GNU OpenMP.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core libgomp1; do
    installed "$pkg" || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "akasse needs these Debian packages (or your system's equivalents): ${missing[*]}" >&2
    exit 1
fi

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "Installing ${missing[*]} needs root: run as root or install sudo." >&2
        exit 1
    fi
}

echo "Installing Debian packages: ${missing[*]} ..."
as_root apt-get update -qq
# The lock timeout waits out unattended-upgrades, which often runs on a freshly booted machine.
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}"
