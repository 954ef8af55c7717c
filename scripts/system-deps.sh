#!/usr/bin/env bash
# The system packages the test suite needs, beyond Python and make (README, "Two commands"):
#
#   chromium, fonts-dejavu-core   the browser tests (e2e/) drive Debian's Chromium
#   gettext                       the translation tests run makemessages and msgfmt
#   nodejs, npm                   the Core API tests run Luzmo's Node.js SDK (npm ci)
#   redis-server                  the tests of state shared by instances (cache, broker)
#
# Installs the missing ones with apt-get when it can (root, or passwordless sudo); otherwise
# stops at once, naming them. Then installs coreapi_node's pinned npm packages when
# node_modules is missing. Used by `make test` (and test-postgres) and by .ci/run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
command -v msgfmt >/dev/null || missing+=(gettext)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v redis-server >/dev/null || missing+=(redis-server)

if ((${#missing[@]})); then
  sudo=""
  if [[ "$(id -u)" != 0 ]] && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  fi
  if ! command -v apt-get >/dev/null || { [[ "$(id -u)" != 0 ]] && [[ -z "$sudo" ]]; }; then
    echo "The test suite needs these system packages: ${missing[*]}" >&2
    echo "Install them (as root): apt-get install -y ${missing[*]}" >&2
    echo "(or the same packages with your system's package manager), then run this again." >&2
    exit 1
  fi
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -d coreapi_node/node_modules ]]; then
  echo "installing coreapi_node's npm packages (npm ci)"
  (cd coreapi_node && npm ci --no-audit --no-fund)
fi
