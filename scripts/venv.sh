# Sourced by run.sh and test.sh: make .venv, installing python3-venv first when it is missing.
# On a fresh Debian, `python3 -m venv` fails without python3-venv (no ensurepip) and leaves a
# half-made .venv behind, so that is removed before trying again.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

make_venv() {
    [ -x .venv/bin/python ] && return 0
    if ! python3 -m venv .venv >/dev/null 2>&1; then
        rm -rf .venv
        echo "python3 -m venv failed (python3-venv is missing): installing python3-venv with apt-get" >&2
        as_root apt-get update -qq
        # env, not a prefix assignment: sudo resets the environment it is given.
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv .venv
    fi
}
