#!/usr/bin/env bash
# tests/bench/slurm.sh: what-if fan-out on Slurm against local workers.
# `mcsched gen` a book of BENCH_SLURM orders, plan it, then the same
# BENCH_SLURM_SCENARIOS scenarios (resources down three days, demand
# scaled) twice on copies of the store: `whatif --jobs 2` on this machine,
# and `whatif --executor slurm` on a one-node Slurm cluster of this machine
# (tests/slurm.sh: its CPUs, so two tasks at a time here, as --jobs 2).
# Prints both wall times and their ratio; the plans must be identical
# (each scenario's cost and the digest of its run's units), else the bench
# fails.  Not part of `make bench` (it takes minutes): `make bench-slurm`.
#
# Environment:
#   BENCH_SLURM            orders of the base (10000)
#   BENCH_SLURM_SCENARIOS  scenarios (16)
#   BENCH_SEED             seed of the instance (7)
#   BENCH_KEEP=1           keep var/bench/slurm-N/
# Appends a row to var/bench/slurm.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${MCSCHED:-build/release/mcsched}")
N=${BENCH_SLURM:-10000}
K=${BENCH_SLURM_SCENARIOS:-16}
SEED=${BENCH_SEED:-7}
OUT=var/bench
DIR=$(realpath -m "$OUT/slurm-$N")
rm -rf "$DIR" && mkdir -p "$DIR/sc"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$BIN" gen --orders "$N" --seed "$SEED" "$DIR/inst" >/dev/null
"$BIN" plan -q "$DIR/inst/job.yaml" --db "$DIR/base.db"
start=$(sed -n 's/^horizon: { start: \([0-9-]*\),.*/\1/p' "$DIR/inst/plants.yaml")
from=$(date -d "$start + 5 days" +%F)
to=$(date -d "$start + 7 days" +%F)
# K scenarios: the first resources down from the sixth day, three days;
# the last four scale demand
i=0
for r in $(sed -n 's/^      - id: \([A-Z0-9-]*\)$/\1/p' "$DIR/inst/plants.yaml"); do
	[ $i -lt $((K - 4)) ] || break
	printf 'name: %s-down\nchanges:\n  - { resource: %s, from: %s, to: %s, hours: 0 }\n' \
		"$r" "$r" "$from" "$to" >"$DIR/sc/$i.yaml"
	i=$((i + 1))
done
for s in 0.9 0.95 1.05 1.1; do
	[ $i -lt "$K" ] || break
	printf 'name: demand-%s\nchanges:\n  - { demand_scale: %s }\n' "$s" "$s" >"$DIR/sc/$i.yaml"
	i=$((i + 1))
done
[ $i = "$K" ] || { echo "bench-slurm: only $i scenarios" >&2; exit 1; }
scen=$(for j in $(seq 0 $((K - 1))); do echo "$DIR/sc/$j.yaml"; done)
cp "$DIR/base.db" "$DIR/local.db"
cp "$DIR/base.db" "$DIR/slurm.db"

t0=$(now)
# shellcheck disable=SC2086
"$BIN" whatif --jobs 2 --base 1 --db "$DIR/local.db" $scen >"$DIR/local.txt" 2>"$DIR/local.err"
local_s=$(secs "$t0" "$(now)")

# the Slurm run, timed inside the cluster (its start and stop left out)
cat >"$DIR/slurm-run.sh" <<EOF
t0=\$(date +%s.%N)
"$BIN" whatif --executor slurm --base 1 --db "$DIR/slurm.db" \
	--job-dir "$DIR/job" $(echo $scen) >"$DIR/slurm.txt" 2>"$DIR/slurm.err" || exit 1
awk -v a="\$t0" -v b="\$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }' >"$DIR/slurm.secs"
EOF
sh tests/slurm.sh "$DIR/cluster" sh "$DIR/slurm-run.sh" ||
	{ echo "bench-slurm: the Slurm run failed: $(cat "$DIR/slurm.err")" >&2; exit 1; }
slurm_s=$(cat "$DIR/slurm.secs")

# identical plans: NAME RUN COST of each, and each run's units
runs_of() {
	awk '/^what-if / { name = $2; gsub(/[\x27:]/, "", name); run = $4 }
	     /^  plan cost / { print name, run, $3 }' "$1" | sort
}
units() {
	"$BIN" report "$2" --db "$1" --format dispatch | cut -d, -f2- | sha256sum
}
runs_of "$DIR/local.txt" >"$DIR/local.runs"
runs_of "$DIR/slurm.txt" >"$DIR/slurm.runs"
[ "$(wc -l <"$DIR/slurm.runs")" = "$K" ] ||
	{ echo "bench-slurm: $(wc -l <"$DIR/slurm.runs") scenarios told by Slurm, not $K" >&2; exit 1; }
same=0
while read -r name run cost; do
	read -r lname lrun lcost < <(grep "^$name " "$DIR/local.runs")
	if [ "$lcost" = "$cost" ] &&
		[ "$(units "$DIR/slurm.db" "$run")" = "$(units "$DIR/local.db" "$lrun")" ]; then
		same=$((same + 1))
	else
		echo "bench-slurm: '$name' differs: cost $cost on Slurm, $lcost locally" >&2
	fi
done <"$DIR/slurm.runs"
ratio=$(awk -v a="$slurm_s" -v b="$local_s" 'BEGIN { printf "%.2f", a / b }')
printf '\nwhat-if fan-out, %s scenarios on a %s-order base (2 at a time)\n' "$K" "$N"
printf '%-22s %9s\n' "local --jobs 2 s" "$local_s" "Slurm job array s" "$slurm_s" \
	"Slurm / local" "$ratio"
printf 'identical plans: %s of %s (cost and units digest)\n' "$same" "$K"
mkdir -p "$OUT"
printf 'slurm\t%s\t%s\t%s\t%s\t%s\t%s/%s\n' "$(date -u +%FT%TZ)" "$N" "$K" "$local_s" \
	"$slurm_s" "$same" "$K" >>"$OUT/slurm.tsv"
[ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$DIR"
[ "$same" = "$K" ] || exit 1
