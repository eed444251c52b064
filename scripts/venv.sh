# The project's virtual environment, made or repaired, with the given requirements installed.
# Sourced by run.sh and test.sh: `make_venv requirements.txt`.
# A run interrupted while the environment was being made leaves no `.venv/.ready`: the next
# run starts it again from scratch instead of failing on a half-made one.
make_venv() {
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed (python3 is $(python3 --version 2>&1))." >&2
    exit 1
  fi
  if [ ! -f .venv/.ready ]; then
    rm -rf .venv
    if ! python3 -m venv .venv; then
      echo "python3 -m venv failed: on Debian or Ubuntu, install python3-venv (sudo apt install python3-venv)." >&2
      exit 1
    fi
    touch .venv/.ready
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"
}
