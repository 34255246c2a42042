# The project's virtual environment; source it (`. .ci/venv.sh`), then call `assess_venv FILE`.
#
# `assess_venv REQUIREMENTS` creates ./.venv with $PYTHON (default python3) when it is missing,
# installs REQUIREMENTS into it (again only when the file or what it includes changed since the
# last install) and exports ASSESS_PY, the venv's python. Debian and Ubuntu refuse a bare
# `pip install` into the system Python (PEP 668), so everything goes into the venv. When the
# interpreter has no working `venv` module (Debian without python3-venv), root installs
# python3-venv with apt-get; anyone else is told what to install.
# Returns non-zero (never exits the caller's shell) when something fails, with the reason on stderr.

_assess_venv_fail() {
    echo "venv.sh: $*" >&2
    return 1
}

# The venv module works when it can also bootstrap pip (Debian ships ensurepip in python3-venv).
_assess_venv_usable() {
    "$1" -c 'import ensurepip, venv' >/dev/null 2>&1
}

_assess_venv_create() {
    local python="$1"
    if ! command -v "$python" >/dev/null 2>&1; then
        _assess_venv_fail "no $python on PATH: install Python 3.11 or newer (apt-get install python3)"
        return 1
    fi
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        _assess_venv_fail "$python is $("$python" -V 2>&1): CTO Assess needs Python 3.11 or newer"
        return 1
    fi
    if ! _assess_venv_usable "$python"; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "venv.sh: $python has no venv module; installing python3-venv with apt-get" >&2
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                python3-venv >/dev/null; } \
                || { _assess_venv_fail "apt-get install python3-venv failed"; return 1; }
        else
            _assess_venv_fail "$python cannot create a virtual environment: install python3-venv" \
                "(sudo apt-get install python3-venv) and run this again"
            return 1
        fi
        _assess_venv_usable "$python" \
            || { _assess_venv_fail "python3-venv installed but $python still has no venv module"; return 1; }
    fi
    echo "venv.sh: creating .venv with $python ($("$python" -V 2>&1))" >&2
    # A half-made venv (interrupted, or made without pip) would fail later in a confusing way.
    if ! "$python" -m venv .venv; then
        rm -rf .venv
        _assess_venv_fail "$python -m venv .venv failed"
        return 1
    fi
}

# A fingerprint of a requirements file and the files it includes with -r.
_assess_venv_stamp() {
    local file="$1" dir included
    dir="$(dirname "$file")"
    cat "$file"
    for included in $(sed -n 's/^[[:space:]]*-r[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$file"); do
        _assess_venv_stamp "$dir/$included"
    done
}

assess_venv() {
    local requirements="${1:?usage: assess_venv REQUIREMENTS_FILE}" stamp wanted
    if [ ! -x .venv/bin/python ]; then
        _assess_venv_create "${PYTHON:-python3}" || return 1
    fi
    export ASSESS_PY="$PWD/.venv/bin/python"
    stamp=".venv/installed-$(basename "$requirements").sha256"
    wanted="$(_assess_venv_stamp "$requirements" | sha256sum | cut -d' ' -f1)" \
        || { _assess_venv_fail "cannot read $requirements"; return 1; }
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    echo "venv.sh: installing $requirements into .venv" >&2
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
        "$ASSESS_PY" -m pip install -q -r "$requirements" \
        || { _assess_venv_fail "pip install -r $requirements failed"; return 1; }
    echo "$wanted" >"$stamp"
}
