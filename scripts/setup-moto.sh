#!/usr/bin/env bash
# Creates the project-local Python venv with the pinned moto server the integration tests run against.
# Idempotent: does nothing when the pinned version is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
MOTO_VERSION="5.2.5"
if [ -x .venv/bin/moto_server ] && .venv/bin/python -c "import moto,sys; sys.exit(0 if moto.__version__=='${MOTO_VERSION}' else 1)" 2>/dev/null; then
  exit 0
fi
echo "setting up .venv with moto[server]==${MOTO_VERSION} …" >&2
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
