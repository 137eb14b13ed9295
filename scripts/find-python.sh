#!/usr/bin/env bash
# Print the absolute path of a Python >= 3.12 that can create a venv (with pip), or explain what to
# install and exit 1.
#
# Order tried:
#   1. $PYTHON, when set (make install PYTHON=/path/to/python3.13): that one or an error
#   2. pyenv's build of the version in .python-version: ~/.pyenv/versions/<ver>*/bin/python3, newest first
#   3. python3.13, python3.12, python3 on PATH
# Each candidate is run: a pyenv shim that does not resolve, or a Debian python without the venv
# package (ensurepip missing), is skipped.
set -euo pipefail

MIN_MAJOR=3
MIN_MINOR=12
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

want=""
if [[ -f "$root/.python-version" ]]; then
    want="$(head -n1 "$root/.python-version" | tr -d '[:space:]')"
fi

check='import sys, venv, ensurepip
sys.exit(0 if sys.version_info >= ('"$MIN_MAJOR, $MIN_MINOR"') else 3)'

if [[ -n "${PYTHON:-}" ]]; then
    if (cd "$root" && "$PYTHON" -c "$check") >/dev/null 2>&1; then
        (cd "$root" && "$PYTHON" -c 'import sys; print(sys.executable)')
        exit 0
    fi
    echo "PYTHON=$PYTHON is not a Python >= $MIN_MAJOR.$MIN_MINOR with the venv module and pip (ensurepip)." >&2
    exit 1
fi

candidates=()
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
for ver in ${want:+"$want"} 3.13 3.12; do
    # newest patch release first: 3.13.10 before 3.13.9
    while IFS= read -r dir; do
        py="$dir/bin/python3"
        if [[ -x "$py" && " ${candidates[*]} " != *" $py "* ]]; then
            candidates+=("$py")
        fi
    done < <(printf '%s\n' "$pyenv_root/versions/$ver"* | sort -rV)
done
candidates+=(python3.13 python3.12 python3)

for c in "${candidates[@]}"; do
    if [[ "$c" != */* ]]; then
        command -v "$c" >/dev/null 2>&1 || continue
    elif [[ ! -x "$c" ]]; then
        continue
    fi
    # Run from the repo root, so a pyenv shim follows .python-version.
    if (cd "$root" && "$c" -c "$check") >/dev/null 2>&1; then
        (cd "$root" && "$c" -c 'import sys; print(sys.executable)')
        exit 0
    fi
done

cat >&2 <<EOF
No Python >= $MIN_MAJOR.$MIN_MINOR with the venv module and pip (ensurepip) was found.
Tried: ${candidates[*]}
Install one of these, then run make again:
  - Debian 13 / Ubuntu 24.04 or newer:   sudo apt install python3 python3-venv
    (or a specific one: sudo apt install python3.13 python3.13-venv)
  - Debian 12 ships only Python 3.11; use pyenv:   pyenv install ${want:-3.13}
    (https://github.com/pyenv/pyenv; its build needs: sudo apt install build-essential libssl-dev
     zlib1g-dev libbz2-dev libreadline-dev libsqlite3-dev libffi-dev liblzma-dev tk-dev)
  - or point make at one you have:   make install PYTHON=/path/to/python3.13
EOF
exit 1
