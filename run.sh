#!/usr/bin/env bash
# ./run.sh train [flags]      train a variant:        python -m tf2gan.main [flags]
# ./run.sh sample [flags]     draw samples:           python -m tf2gan.sample [flags]
#                             (--gif the progress GIF, --interpolate=N latent walks,
#                             --model=EXPORT from an export instead of --run_dir)
# ./run.sh export [flags]     export the generator:   python -m tf2gan.export [flags]
# ./run.sh evaluate [flags]   judge a run's samples:  python -m tf2gan.evaluate [flags]
# ./run.sh compare [flags]    a run beside its notebook's printed losses
# ./run.sh parity [flags]     a variant step by step beside its original
# ./run.sh bench [flags]      speed against the original and the matmul floor
# ./run.sh fidelity [flags]   a variant against its original over seeds, judged
# ./run.sh test [pytest args] run the test suite
# The first call creates .venv and installs tf2gan into it.
set -euo pipefail
cd "$(dirname "$0")"

venv=.venv
stamp="$venv/.installed"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ setup.py -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "run.sh: installing tf2gan and its dependencies into $venv (log: $venv/install.log)" >&2
  if ! { "$venv/bin/python" -m pip install --upgrade pip &&
         "$venv/bin/python" -m pip install -e ".[test]"; } > "$venv/install.log" 2>&1; then
    tail -n 20 "$venv/install.log" >&2
    echo "run.sh: installation failed; the whole log is in $venv/install.log" >&2
    exit 1
  fi
  touch "$stamp"
fi
py="$venv/bin/python"

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  train)  exec "$py" -m tf2gan.main "$@" ;;
  sample|export|evaluate|compare|parity|bench|fidelity) exec "$py" -m "tf2gan.$cmd" "$@" ;;
  test)   exec "$py" -m pytest -q "$@" ;;
  *)      echo "usage: ./run.sh train|sample|export|evaluate|compare|parity|bench|fidelity|test [args]" >&2
          exit 2 ;;
esac
