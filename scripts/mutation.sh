#!/usr/bin/env bash
# Mutation run over core/ with mutmut 3, against the Qt-free core tests only.
#
#   scripts/mutation.sh [MODULE ...]      e.g. scripts/mutation.sh linreg numeric
#
# No module: the user-facing modules in priority order (mlp last, see MUT_MLP below).
# Everything happens in a scratch copy ($MUT_DIR, default /tmp/mlbl-mutation): core/, the core
# tests and resources/ are copied there with a setup.cfg for mutmut, so the work tree and
# pyproject.toml are never touched and mutants/ never lands in git. mutmut is installed in its own
# venv ($MUT_VENV, default /tmp/mutvenv) that sees the project's venv through a .pth file; the
# project venv itself is left alone.
#
# The machine is shared: the run is under `nice -n 19` with one worker (--max-children 1).
# Results: $MUT_DIR/results/<module>.survivors (names; `mutmut show NAME` in $MUT_DIR gives the
# diff) and a per-module killed/survived/timeout/no-tests table on stdout (scripts/mutation_table.py).
# mutmut forgets every verdict when the set of test files changes, so each pass keeps its
# survivors there; MUT_RERUN=survivors runs exactly those again (after new tests), and the table
# then counts what mutmut remembers. MUT_SEED=x draws another sample. bench/mutation_report.md
# has the figures of the run made on this branch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MUT_DIR="${MUT_DIR:-/tmp/mlbl-mutation}"
MUT_VENV="${MUT_VENV:-/tmp/mutvenv}"
MUT_MLP="${MUT_MLP:-0}"          # 1: include core/mlp.py and the torch tests (slow: ~40 s a pass)
MUT_SAMPLE="${MUT_SAMPLE:-100}"   # a module with more mutants is sampled: this many, fixed seed
MUT_RERUN="${MUT_RERUN:-}"      # "survivors": run again the survivors of the last pass (after adding tests)

if [[ ! -x "$MUT_VENV/bin/mutmut" ]]; then
    python_bin="$(sed -n 's/^executable = //p' "$root/.venv/pyvenv.cfg")"
    "$python_bin" -m venv "$MUT_VENV"
    "$MUT_VENV/bin/pip" install -q "mutmut==3.8.1"
fi
site="$("$root/.venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
mut_site="$("$MUT_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$site" > "$mut_site/zz_project.pth"

modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then
    modules=(linreg logreg descent numeric tabular dial backprop concepts imageio idx atomic dial_io)
    [[ "$MUT_MLP" == 1 ]] && modules+=(mlp)
fi

# The core tests: no Qt, fast. Mutmut records which test reaches which function and runs only those.
tests=(test_loss_history test_descent_fork test_numeric_scale test_tabular test_dial_io
       test_imageio test_imageio_limits test_idx_fashion test_atomic test_contour test_datasets2d)
for f in "$root"/tests/test_*_core.py; do
    t="$(basename "$f" .py)"
    [[ "$t" == test_mlp_core ]] || tests+=("$t")
done
[[ "$MUT_MLP" == 1 ]] && tests+=(test_mlp_core test_mlp_training test_mlp_files)

mkdir -p "$MUT_DIR/tests" "$MUT_DIR/results"
rm -rf "$MUT_DIR/core" "$MUT_DIR/resources" "$MUT_DIR/gui"
# -p: mutmut regenerates only the mutants of a file newer than its mutants
cp -rp "$root/core" "$root/gui" "$root/resources" "$MUT_DIR/"   # gui/: a few core tests check the sentence of an error
rm -f "$MUT_DIR"/tests/*.py
cp "$root"/tests/*.py "$MUT_DIR/tests/"   # all copied (some import helpers from others), few selected
selection=""
for t in "${tests[@]}"; do
    [[ -f "$root/tests/$t.py" ]] && selection+=$'\n    '"tests/$t.py"
done
cat > "$MUT_DIR/setup.cfg" <<EOF
[mutmut]
source_paths=core/
also_copy=
    resources/
    gui/
use_git_change_detection=false
pytest_add_cli_args=-p no:cacheprovider -q -p no:warnings
pytest_add_cli_args_test_selection=$selection
EOF

cd "$MUT_DIR"
export QT_QPA_PLATFORM=offscreen
# one thread each: a forked child with a BLAS/OpenMP pool from its parent runs 20x slower and
# every survivor then reads as a timeout
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
mutmut() { nice -n 19 "$MUT_VENV/bin/mutmut" "$@"; }
# generate every mutant and record which test reaches which function (errors.py: 8 cheap mutants)
[[ -d mutants/core ]] || mutmut run --max-children 1 "core.errors.*" > results/first_run.log 2>&1 || true
for m in "${modules[@]}"; do
    echo "=== core/$m.py"
    if [[ "$MUT_RERUN" == survivors ]]; then
        # the survivors saved by the last full pass: mutmut forgets every verdict when the
        # set of test files changes (a new test file), so they are kept here
        mapfile -t names < <(grep -v '^$' "results/$m.survivors" 2>/dev/null || true)
        log="results/$m.rerun.log"
    else
        mapfile -t names < <("$MUT_VENV/bin/python" "$root/scripts/mutation_table.py" --pick "$MUT_DIR" "$m" "$MUT_SAMPLE")
        log="results/$m.log"
    fi
    if [[ ${#names[@]} -gt 0 ]]; then
        mutmut run --max-children 1 "${names[@]}" > "$log" 2>&1 || echo "mutmut exited $? (see $log)"
    fi
    if [[ "$MUT_RERUN" != survivors ]]; then
        "$MUT_VENV/bin/python" "$root/scripts/mutation_table.py" --pick "$MUT_DIR" "$m" 0 survivors > "results/$m.survivors"
    fi
done
"$MUT_VENV/bin/python" "$root/scripts/mutation_table.py" "$MUT_DIR" "${modules[@]}"
