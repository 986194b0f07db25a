#!/usr/bin/env bash
# Installs what the test suite needs beyond cargo: Debian's Chromium, a Java
# runtime (for the Nu HTML Checker), and the npm packages of tests/browser/
# (puppeteer-core to drive Chromium, axe-core, vnu-jar) at their locked versions.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

# Reinstall only when the lock file changed since the last install.
lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.minhbach-installed
if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
    (cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund)
    cp "$lock" "$stamp"
fi
