#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/web/test_browser.py) when missing.
# Playwright drives it as it is: `playwright install` (which downloads a browser) is not used.
# Usage: bash .ci/browser.sh   (as root, or with sudo available)
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
sudo=()
if [[ $(id -u) != 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq chromium >&2
/usr/bin/chromium --version >&2
