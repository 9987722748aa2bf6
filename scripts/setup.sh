#!/usr/bin/env bash
# `make setup`: the virtualenv and node_modules from the lock files, and the system
# packages (nginx, chromium) on a root Debian host.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_system_packages --with-browser
ensure_venv
ensure_node_modules
say "Ready"
