#!/bin/sh
# tests/slurm.sh DIR COMMAND [ARG...] - runs COMMAND beside a one-node
# Slurm cluster of its own, brought up in DIR and torn down afterwards,
# also when COMMAND or the start fails (trap).
#
# The cluster is Debian's slurm-wlm on this machine: a munged with a key
# and a socket of its own, slurmctld and slurmd started with -f DIR/slurm.conf
# (free ports, state and spool in DIR, no cgroups, no accounting), one node
# `localhost` with this machine's CPUs and memory in one partition `mc`.
# COMMAND runs with SLURM_CONF set, once sinfo shows the node idle; its exit
# status is ours.  When the cluster cannot be started this says why (the
# daemons' logs) and exits 3: never a silent skip.
set -u
dir=$(realpath -m "$1")
shift
rm -rf "$dir" && mkdir -p "$dir/state" "$dir/spool" || exit 3
chmod 700 "$dir"

# the processes of DIR's cluster that outlived it: a job's slurmstepd and
# its script (they name DIR's spool on their command line or work in it)
leftovers() {
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = $$ ] && continue
		if tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF "$dir/" ||
			readlink "$p/cwd" 2>/dev/null | grep -q "^$dir/"; then
			echo "$pid"
		fi
	done
}

stop() {
	# the jobs first, while the daemons can still end them
	if [ -n "${SLURM_CONF:-}" ]; then
		scancel -u "$(id -un)" 2>/dev/null
		for i in $(seq 50); do
			[ -z "$(squeue -h 2>/dev/null)" ] && break
			sleep 0.1
		done
	fi
	for d in slurmd slurmctld munged; do
		[ -s "$dir/$d.pid" ] && kill "$(cat "$dir/$d.pid")" 2>/dev/null
	done
	# each daemon is waited for: the next cluster may take its ports
	for i in $(seq 50); do
		alive=0
		for d in slurmd slurmctld munged; do
			[ -s "$dir/$d.pid" ] 2>/dev/null &&
				kill -0 "$(cat "$dir/$d.pid")" 2>/dev/null &&
				alive=1
		done
		[ $alive = 0 ] && break
		sleep 0.1
	done
	for d in slurmd slurmctld munged; do
		[ -s "$dir/$d.pid" ] && kill -9 "$(cat "$dir/$d.pid")" 2>/dev/null
	done
	for pid in $(leftovers); do
		kill -9 "$pid" 2>/dev/null
	done
}
trap stop EXIT
trap 'exit 130' INT TERM

fail() {
	echo "slurm.sh: unable to start Slurm: $*" >&2
	for f in "$dir"/*.log; do
		[ -e "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }
	done
	exit 3
}

for p in munged slurmctld slurmd sinfo sbatch squeue; do
	command -v $p >/dev/null || PATH=$PATH:/usr/sbin
	command -v $p >/dev/null ||
		fail "no '$p' (Debian packages slurm-wlm and munge: make deps)"
done

# munge: a fresh key, its own socket
dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 2>/dev/null &&
	chmod 400 "$dir/munge.key" || fail "no munge key"
munged -f --key-file="$dir/munge.key" --socket="$dir/munge.sock" \
	--pid-file="$dir/munged.pid" --log-file="$dir/munged.log" \
	--seed-file="$dir/munged.seed" || fail "munged did not start"

# two free ports, the controller's and the node's
set -- "$@"
ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))') || fail "no free port"
ctld=${ports% *}
slurmd_port=${ports#* }
# the node as slurmd sees it (more than that would drain it)
cpus=$(nproc)
mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
[ -n "$mem" ] || mem=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
user=$(id -un)
cat >"$dir/slurm.conf" <<EOF
ClusterName=mcsched-test
SlurmctldHost=localhost
SlurmctldPort=$ctld
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1,sched_min_interval=100000
ReturnToService=2
MpiDefault=none
SwitchType=switch/none
MaxArraySize=1001
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=mc Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF" -i 2>>"$dir/slurmctld.log" ||
	fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" 2>>"$dir/slurmd.log" || fail "slurmd did not start"

# the node idle: the cluster takes jobs
up=0
for i in $(seq 300); do
	if sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle; then
		up=1
		break
	fi
	sleep 0.1
done
[ $up = 1 ] || fail "the node did not become idle in 30 s ($(sinfo -h -N -o '%T' 2>&1))"

"$@"
