#!/bin/sh
# tests/slurm-whatif.sh MCSCHED MCSCHED_HOOKS DIR STORE KILLSTORE -
# `whatif --executor slurm` on the Slurm cluster of tests/slurm.sh (which
# runs this with SLURM_CONF set; cwd tests/), on the samples, with the
# shared store at STORE and KILLSTORE (SQLite paths or PostgreSQL URLs of
# empty databases: the base night is copied into each with `store copy`):
#   1. 8 scenarios through one job array give the same plans as local
#      `--jobs 2`: per scenario the same cost and the same digest of its
#      run's units (`report RUN --format dispatch`, the run column left out);
#   2. --no-wait, then `whatif status DIR` until done: the same summary;
#   3. tasks killed in the middle of saving their run (the hooked binary,
#      MCSCHED_TEST_KILL_AT) leave no run and no row behind; `whatif
#      resubmit DIR` plans them again, the same plans.
# Prints what failed and exits 1; 0 when all held.
set -u
m=$(realpath "$1") || exit 1
hooks=$(realpath "$2") || exit 1
dir=$3
# the stores, as locations that still hold after the cd below
at() { case $1 in *://*) echo "$1" ;; *) realpath -m "$1" ;; esac; }
sdb=$(at "$4") && kdb=$(at "$5") || exit 1
samples=$(realpath ../data/samples) || exit 1
fail() {
	echo "slurm-whatif: $*" >&2
	exit 1
}
mkdir -p "$dir/sc" || fail "no $dir"
cd "$dir" || exit 1

# the samples' scenarios and four of our own: 8 tasks
for f in line-down no-change overtime rush rush-orders; do
	cp "$samples/scenarios/$f.yaml" sc/ || fail "no sample $f"
done
printf 'name: sofa-up\nchanges:\n  - { demand_scale: 1.5, family: sofa }\n' >sc/sofa-up.yaml
printf 'name: south-down\nchanges:\n  - { demand_scale: 0.5, region: south }\n' >sc/south-down.yaml
printf 'name: sew-weekend\nchanges:\n  - { resource: GZ-SEW1, from: 2026-11-28, to: 2026-11-29, hours: 0 }\n' >sc/sew-weekend.yaml
printf 'name: humen-costly\nchanges:\n  - { plant: DG-HUMEN, family: shirt-mtm, cost: 90 }\n' >sc/humen-costly.yaml
set -- line-down no-change overtime rush sofa-up south-down sew-weekend humen-costly
scen=""
for s in "$@"; do scen="$scen sc/$s.yaml"; done

"$m" plan -q "$samples/job.yaml" --db local.db || fail "plan failed"
for db in "$sdb" "$kdb"; do
	"$m" store copy local.db "$db" >copy.txt 2>&1 ||
		fail "store copy to $db: $(cat copy.txt)"
done

# NAME RUN COST of each scenario a whatif printed
runs_of() {
	awk '/^what-if / { name = $2; gsub(/[\x27:]/, "", name); run = $4 }
	     /^  plan cost / { print name, run, $3 }' "$1" | sort
}
# the digest of run $2's units in store $1 (empty when it has none)
units() {
	"$m" report "$2" --db "$1" --format dispatch >units.csv &&
		[ "$(wc -l <units.csv)" -gt 1 ] &&
		cut -d, -f2- units.csv | sha256sum | cut -d' ' -f1
}
# every scenario of $1 (a whatif's output, store $2) as in local.txt
same_as_local() {
	out=$1
	db=$2
	runs_of "$out" >"$out.runs"
	n=$(wc -l <"$out.runs")
	[ "$n" = 8 ] || fail "$out: $n scenarios told, not 8: $(cat "$out")"
	while read -r name run cost; do
		here=$(grep "^$name " local.txt.runs) ||
			fail "$out: scenario '$name' not planned locally"
		[ "${here##* }" = "$cost" ] ||
			fail "$name: cost $cost on Slurm, ${here##* } locally"
		lrun=$(echo "$here" | cut -d' ' -f2)
		ours=$(units "$db" "$run") && theirs=$(units local.db "$lrun") ||
			fail "$name: no units of run $run or local run $lrun"
		[ "$ours" = "$theirs" ] ||
			fail "$name: run $run's units differ from local run $lrun's"
	done <"$out.runs"
}

# 1. local --jobs 2, then Slurm
# shellcheck disable=SC2086
"$m" whatif --jobs 2 --base 1 --db local.db $scen >local.txt 2>local.err ||
	fail "local whatif failed: $(cat local.err)"
runs_of local.txt >local.txt.runs
# shellcheck disable=SC2086
"$m" whatif --executor slurm --base 1 --db "$sdb" --job-dir job $scen \
	>slurm.txt 2>slurm.err || fail "slurm whatif failed: $(cat slurm.err)"
grep -q '^base run 1: its night of 2026-11-25' slurm.txt ||
	fail "no base line: $(cat slurm.txt)"
grep -q 'warm from the base' slurm.txt || fail "not warm: $(cat slurm.txt)"
(cd job && ls 0.out 7.out task-0.log task.sh scenarios jobs) >/dev/null ||
	fail "job directory: $(ls job)"
same_as_local slurm.txt "$sdb"

# 2. --no-wait and status: the same summary once done
# shellcheck disable=SC2086
"$m" whatif --executor slurm --no-wait --base 1 --db "$sdb" \
	--job-dir nowait $scen >nowait.txt || fail "--no-wait failed"
grep -q 'whatif status' nowait.txt || fail "--no-wait: $(cat nowait.txt)"
for i in $(seq 600); do
	"$m" whatif status nowait >status.txt || fail "status failed"
	grep -q '^Slurm job' status.txt || break
	sleep 0.2
done
same_as_local status.txt "$sdb"

# 3. every task killed in the middle of its save's transaction
"$m" runs --db "$kdb" >runs-before.txt || exit 1
# shellcheck disable=SC2086
MCSCHED_TEST_KILL_AT=3 "$hooks" whatif --executor slurm --base 1 \
	--db "$kdb" --job-dir killed $scen >killed.txt 2>killed.err
[ $? = 3 ] || fail "killed tasks: exit status not 3: $(cat killed.err)"
grep -q '8 of 8 tasks failed' killed.err || fail "killed: $(cat killed.err)"
grep -q "whatif resubmit" killed.err || fail "killed: $(cat killed.err)"
"$m" runs --db "$kdb" >runs-after.txt || exit 1
cmp -s runs-before.txt runs-after.txt ||
	fail "a killed task left a run: $(diff runs-before.txt runs-after.txt)"
"$m" whatif resubmit killed >resubmit.txt 2>resubmit.err ||
	fail "resubmit failed: $(cat resubmit.err)"
grep -q ': 8 tasks again' resubmit.txt || fail "resubmit: $(cat resubmit.txt)"
same_as_local resubmit.txt "$kdb"
n=$("$m" runs --db "$kdb" | grep -c ' whatif ')
[ "$n" = 8 ] || fail "$n what-if runs after resubmitting, not 8"
echo "slurm-whatif: 8 scenarios on Slurm as planned locally; killed tasks left nothing, resubmitted they completed"
