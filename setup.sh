#!/usr/bin/env bash
# Set up kitgen on a fresh Debian/Ubuntu machine and make a sample packet.
#   - Python packages come from PyPI into .venv (no system Python packages are touched).
#   - Debian packages are only for the test suite: poppler-utils (pdftotext/pdftoppm), qpdf
#     (PDF structure checks), unicode-data (Unicode's conformance test files) and chromium
#     (the kiosk's browser tests). kitgen itself
#     needs none of them; skip them with KITGEN_NO_APT=1.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
[ -f /usr/share/unicode/BidiCharacterTest.txt ] || need_apt+=(unicode-data)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
# the kiosk's browser tests drive Debian's Chromium (never a browser downloaded by Playwright)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)  # axe-core, the kiosk's accessibility check
if [ ${#need_apt[@]} -gt 0 ] && [ -z "${KITGEN_NO_APT:-}" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages for the tests: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING' || true
# distributions an older kitgen installed that now collide with their replacements (both install
# the same module): phonenumbers (now phonenumberslite) and, except on macOS arm64, icukit-pyicu
# (now pyicu-wheels)
replaced=(phonenumbers)
[ "$(uname -s)-$(uname -m)" = "Darwin-arm64" ] || replaced+=(icukit-pyicu)
for dist in "${replaced[@]}"; do
  if .venv/bin/python -m pip show -q "$dist" >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -y -q "$dist" 2>&1 | grep -v '^WARNING' || true
  fi
done
.venv/bin/python -m pip install -q -e '.[test]' 2>&1 | grep -v '^WARNING' || true
.venv/bin/python -c 'import kitgen.cli' # fails loudly if the install did not work
# axe-core (npm) for the kiosk's accessibility tests, kept inside .venv
if [ ! -f .venv/node/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  npm install --prefix .venv/node --no-save --no-package-lock --no-audit --no-fund --silent \
    axe-core@4 >/dev/null
fi
# compile templates and catalogs once, so that each kitgen process starts faster (optional)
.venv/bin/python -m kitgen.precompile

mkdir -p out
.venv/bin/kitgen packet samples/families/boston-rivera-es.yaml -o out/boston-rivera-es.pdf
echo "Sample packet: out/boston-rivera-es.pdf"
