#!/usr/bin/env bash
# Start the app: create ./.venv if missing, install requirements.txt into it, run Streamlit.
# Arguments go to `streamlit run` (e.g. `bash run.sh --server.port 8600`); PYTHON=/path/python3
# picks the interpreter the venv is made with (default: python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=.ci/venv.sh
source .ci/venv.sh
assess_venv requirements.txt
exec "$ASSESS_PY" -m streamlit run app.py "$@"
