#!/bin/sh
# Find a Chromium for the browser tests, or install one, and say what was done.
# Order: $TREMPLIN_CHROMIUM, Debian's /usr/bin/chromium, apt-get install chromium (as root),
# then Playwright's own download (`playwright install chromium`) where no package manager helps.
set -e
if [ -n "$TREMPLIN_CHROMIUM" ] && [ -x "$TREMPLIN_CHROMIUM" ]; then
  echo "Browser tests: using TREMPLIN_CHROMIUM=$TREMPLIN_CHROMIUM"
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  echo "Browser tests: using Debian's Chromium (/usr/bin/chromium)."
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Browser tests: installing Debian's chromium package with apt-get…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "Browser tests: Debian's Chromium installed (/usr/bin/chromium)."
  exit 0
fi
echo "Browser tests: no system Chromium and no apt-get as root; running 'playwright install chromium'…"
.venv/bin/playwright install chromium
echo "Browser tests: Playwright's Chromium installed."
