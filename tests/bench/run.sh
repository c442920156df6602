#!/usr/bin/env bash
# make bench: measures the planning pipeline on synthetic instances and
# compares it, in the same run on the same machine, with glpsol solving the
# identical LP (exported by `mcsched export --lp`).  Ratios, not absolute
# times, are what to compare between machines.  Writes under var/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MCSCHED:-build/release/mcsched}
OUT=var/bench
SIZES=${BENCH_SIZES:-"1000 10000"}
mkdir -p "$OUT"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

printf '%-8s %-8s %-9s %-9s %-9s %-10s %-14s %-14s %s\n' orders classes \
	"plan s" "glpsol s" ratio "gap %" "our LP obj" "glpsol obj" "LP rows x cols"
for n in $SIZES; do
	dir="$OUT/n$n"
	rm -rf "$dir" "$OUT/n$n.db"*
	"$BIN" gen --orders "$n" --seed 7 "$dir" >/dev/null
	args=(-c "$dir/catalog.yaml" -p "$dir/plants.yaml" -o "$dir/orders.yaml")
	t0=$(now)
	"$BIN" plan "${args[@]}" --db "$OUT/n$n.db" >"$OUT/n$n.plan.txt"
	t1=$(now)
	"$BIN" export "${args[@]}" --lp "$OUT/n$n.lp"
	t2=$(now)
	# glpsol's report goes to a real file: as root, -o /dev/null would
	# replace the device node with a regular file.
	glpsol --lp "$OUT/n$n.lp" --std --dual --nopresol --scale -o "$OUT/n$n.sol" \
		>"$OUT/n$n.glpsol.txt"
	t3=$(now)
	ours=$(sed -n 's/.*LP bound \([0-9.]*\),.*/\1/p' "$OUT/n$n.plan.txt")
	gap=$(sed -n 's/.*gap \([0-9.]*\)%.*/\1/p' "$OUT/n$n.plan.txt")
	classes=$(sed -n 's/.* in \([0-9]*\) classes.*/\1/p' "$OUT/n$n.plan.txt")
	size=$(sed -n 's/.*LP \([0-9]* rows x [0-9]* columns\).*/\1/p' "$OUT/n$n.plan.txt")
	theirs=$(sed -n 's/^Objective: *[a-z_]* = \([-0-9.e+]*\).*/\1/p' "$OUT/n$n.sol")
	plan_s=$(secs "$t0" "$t1")
	glp_s=$(secs "$t2" "$t3")
	ratio=$(awk -v a="$plan_s" -v b="$glp_s" 'BEGIN { printf "%.2f", a / b }')
	printf '%-8s %-8s %-9s %-9s %-9s %-10s %-14s %-14s %s\n' "$n" "$classes" \
		"$plan_s" "$glp_s" "$ratio" "$gap" "$ours" "$theirs" "$size"
done
echo "plan s: mcsched plan end to end (load, classes, LP, rounding, store)."
echo "glpsol s: glpsol alone on the same class LP with our recipe: standard"
echo "          basis, dual simplex, no presolve, automatic scaling."
