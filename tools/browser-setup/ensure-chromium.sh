#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's Chromium with playwright-core (Playwright's own browser
# download cannot work here). Runs before `npm test`: installs the chromium package when it is missing.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "browser tests: installing Debian's chromium (apt-get) …" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version >&2
