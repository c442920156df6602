#!/usr/bin/env bash
# tests/bench/serve.sh: resolutions per second of `mcsched serve`, measured
# with ApacheBench (ab, Debian apache2-utils) on loopback only, against the
# store of an N-order plan (run by `make bench` after the planning rows).
#
# The store: `mcsched gen --orders N --seed S` planned into
# var/bench/serve-N.db (kept between runs, since the plan takes minutes at
# 100k; BENCH_SERVE_FRESH=1 plans it again).  The server runs with
# --threads BENCH_SERVE_THREADS (default: the cores).  ab asks
# GET /api/handles/{identifier} with -c clients:
#   keep-alive   ab -k: the clients keep their connections (a resolver
#                behind a proxy or a scanner app);
#   new conn.    a TCP connection per request (a phone that scans once);
#   spread       8 ab runs at once on 8 identifiers drawn from the whole
#                serial range (pages of the store far apart), -k.
# Each prints requests/s, the 99th percentile latency (ms), the failed
# and non-2xx answers (any of those not 0 fails the bench) and the server's
# CPU time per request (/proc/PID/stat), a figure the machine's other load
# does not move.  The server
# answers nobody but 127.0.0.1, and every ab run is bounded in count and
# time (-n, -s).
#
# Then slow and greedy clients (SERVE_LOAD, tests/bench/load.c, one
# process with every client on epoll, each group from loopback addresses
# of its own), BENCH_SERVE_LOAD_SECONDS (20) each, 10 probe clients (a new
# connection per request, 100 ms apart: the "other clients") throughout:
#   keep-alive       1,000 keep-alive clients, nothing slow (serve
#                    --max-connections 2000, room for them all);
#   + slow           the same and 100 slow clients (a byte a second, from
#                    4 addresses), cut at --request-timeout (10 s);
#   greedy           1,000 slow sockets from one address against the
#                    default limits (1,000 connections, 64 a client).
# Each prints the answers a second and p99 of the keep-alive clients and
# of the probes, and the slow connections the server cut; a probe that
# fails or waits a second or more fails the bench.
#
# Environment:
#   BENCH_SERVE          orders of the plan served          (100000; empty skips)
#   BENCH_SERVE_LOAD_SECONDS  seconds of each slow-client row (20; 0 skips)
#   BENCH_SERVE_REQUESTS requests of each ab run             (50000)
#   BENCH_SERVE_CLIENTS  concurrent clients (ab -c)          (32)
#   BENCH_SERVE_THREADS  serve --threads                     (nproc)
#   BENCH_SEED           seed of the instance                (7)
#   BENCH_TIMEOUT        seconds for the plan                (1800)
# Writes var/bench/serve.tsv (one row a mode) and prints a table.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MCSCHED:-build/release/mcsched}
OUT=var/bench
N=${BENCH_SERVE-100000}
REQ=${BENCH_SERVE_REQUESTS:-50000}
CONC=${BENCH_SERVE_CLIENTS:-32}
THREADS=${BENCH_SERVE_THREADS:-$(nproc)}
SEED=${BENCH_SEED:-7}
TL=${BENCH_TIMEOUT:-1800}
[ -n "$N" ] || exit 0
command -v ab >/dev/null ||
	{ echo "bench: 'ab' is missing (make bench installs apache2-utils as root)" >&2; exit 1; }
mkdir -p "$OUT"
db=$OUT/serve-$N.db
if [ "${BENCH_SERVE_FRESH:-}" = 1 ] || ! "$BIN" runs --db "$db" >/dev/null 2>&1; then
	rm -rf "$OUT/serve-$N" "$db" "$db"-wal "$db"-shm
	"$BIN" gen --orders "$N" --seed "$SEED" "$OUT/serve-$N" >/dev/null
	echo "serve bench: planning $N orders into $db (minutes at 100k) ..." >&2
	timeout "$TL" "$BIN" plan -q "$OUT/serve-$N/job.yaml" --db "$db"
fi
"$BIN" labels latest --db "$db" --out "$OUT/serve-$N.labels.csv" >/dev/null
units=$(($(wc -l <"$OUT/serve-$N.labels.csv") - 1))

log=$OUT/serve-$N.log
. tests/bench/serve-lib.sh
# start_serve [OPTIONS...]: a server on db (serve-lib.sh), its output in log
start_serve() { serve_start "$log" --db "$db" --threads "$THREADS" "$@"; }
stop_serve() { serve_stop "$log"; }
start_serve
url=http://127.0.0.1:$port/api/handles

# the identifier on line k of the labels (k from 1)
ident() { sed -n "$(($1 + 1))p" "$OUT/serve-$N.labels.csv" | cut -d, -f1; }

# CPU seconds the server has used so far (user + system, /proc)
cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' /proc/$pid/stat; }
# microseconds of server CPU per request between two cpu() readings
us_per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }'; }

# one MODE AB-ARGS...: one ab run, its figures appended to the table
rows=()
field() { sed -n "s/^$1 *\([0-9.]*\).*/\1/p" "$2" | head -1; }
check() {
	local f=$1 failed non2xx
	failed=$(field 'Failed requests:' "$f")
	non2xx=$(field 'Non-2xx responses:' "$f")
	if [ "${failed:-0}" != 0 ] || [ "${non2xx:-0}" != 0 ]; then
		echo "bench: ab reported errors, see $f" >&2
		exit 1
	fi
}
one() {
	local mode=$1 f=$OUT/serve-ab-$1.txt
	shift
	local c0 c1
	c0=$(cpu)
	ab -q -s 30 -n "$REQ" -c "$CONC" "$@" >"$f" 2>&1 ||
		{ echo "bench: ab failed, see $f" >&2; exit 1; }
	c1=$(cpu)
	check "$f"
	rows+=("$mode	$(field 'Requests per second:' "$f")	$(sed -n 's/^ *99% *\([0-9]*\).*/\1/p' "$f")	0	$(us_per "$c0" "$c1" "$REQ")")
}

id=$(ident $((units / 2)))
one keep-alive -k "$url/$id"
one new-conn "$url/$id"
# spread: 8 runs at once, each REQ/8 requests by CONC/8 clients
t0=$(date +%s.%N)
c0=$(cpu)
abs=()
for k in 1 2 3 4 5 6 7 8; do
	id=$(ident $(((units - 1) * k / 8 + 1)))
	ab -q -s 30 -k -n $((REQ / 8)) -c $(((CONC + 7) / 8)) "$url/$id" \
		>"$OUT/serve-ab-spread-$k.txt" 2>&1 &
	abs+=($!)
done
for p in "${abs[@]}"; do
	wait "$p" || { echo "bench: ab failed, see $OUT/serve-ab-spread-*.txt" >&2; exit 1; }
done
t1=$(date +%s.%N)
c1=$(cpu)
p99=0
for k in 1 2 3 4 5 6 7 8; do
	check "$OUT/serve-ab-spread-$k.txt"
	p=$(sed -n 's/^ *99% *\([0-9]*\).*/\1/p' "$OUT/serve-ab-spread-$k.txt")
	[ "${p:-0}" -gt "$p99" ] && p99=$p
done
rows+=("spread	$(awk -v n=$(((REQ / 8) * 8)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')	$p99	0	$(us_per "$c0" "$c1" $(((REQ / 8) * 8)))")

stop_serve

# ---- slow and greedy clients (tests/bench/load.c) ----
LOAD=${SERVE_LOAD:-build/release/serve-load}
LSECS=${BENCH_SERVE_LOAD_SECONDS:-20}
lrows=()
# one NAME SERVE-OPTIONS -- LOAD-OPTIONS: a server of its own, the load,
# its figures appended to lrows
load_row() {
	local name=$1 f=$OUT/serve-load-$1.txt opts=()
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	start_serve "${opts[@]}"
	local st=0 c0 c1
	c0=$(cpu)
	"$LOAD" -p "$port" -u "/api/handles/$(ident $((units / 2)))" -t "$LSECS" "$@" >"$f" 2>&1 || st=$?
	c1=$(cpu)
	stop_serve
	cat "$f"
	[ "$st" = 0 ] || { echo "bench: $name: a probe failed or waited a second or more, see $f" >&2; exit 1; }
	local k p c answers
	k=$(awk '$1 == "keep-alive" { print $3 "\t" $5 }' "$f")
	p=$(awk '$1 == "probe" { print $3 "\t" $5 "\t" $6 }' "$f")
	c=$(awk '$1 == "slow" { print $8 }' "$f")
	answers=$(awk '$1 == "keep-alive" || $1 == "probe" { n += $2 } END { print n }' "$f")
	lrows+=("$name	$k	$p	$c	$(us_per "$c0" "$c1" "$answers")")
}
if [ "$LSECS" != 0 ]; then
	[ -x "$LOAD" ] || { echo "bench: $LOAD is missing (make bench builds it)" >&2; exit 1; }
	ulimit -n 20000 2>/dev/null || true
	load_row keep-alive --max-connections 2000 -- -k 1000 -s 0 -o 10
	load_row slow --max-connections 2000 -- -k 1000 -s 100 -o 10
	load_row greedy -- -k 0 -s 1000 -1 -o 10
	printf '\nserve: slow and greedy clients, %s s each, 10 probes (a new connection a request)\n' "$LSECS"
	printf '%-11s %14s %10s %10s %8s %8s %12s %12s\n' row "keep-alive a/s" "ka p99 ms" "probe a/s" \
		"p99 ms" "max ms" "slow closed" "CPU us/ans"
	printf 'row\tkeepalive_rps\tkeepalive_p99_ms\tprobe_rps\tprobe_p99_ms\tprobe_max_ms\tslow_closed\tcpu_us\n' \
		>"$OUT/serve-load.tsv"
	for r in "${lrows[@]}"; do
		IFS=$'\t' read -r m krps kp99 prps pp99 pmax cut us <<<"$r"
		printf '%-11s %14s %10s %10s %8s %8s %12s %12s\n' "$m" "$krps" "$kp99" "$prps" "$pp99" "$pmax" "$cut" "$us"
		printf '%s\n' "$r" >>"$OUT/serve-load.tsv"
	done
	echo "(slow closed: slow connections the server closed, at --request-timeout or, past"
	echo " --max-per-client, as they came; CPU us/ans: the server's CPU per answer)"
fi

printf '\nserve: GET /api/handles/{id} on a %s-order store (%s units), %s threads, %s clients, %s requests a mode\n' \
	"$N" "$units" "$THREADS" "$CONC" "$REQ"
printf '%-11s %13s %7s %7s %15s\n' mode "resolutions/s" "p99 ms" errors "server CPU us/r"
printf 'mode\torders\tunits\tthreads\tclients\trequests\trps\tp99_ms\terrors\tcpu_us\n' >"$OUT/serve.tsv"
for r in "${rows[@]}"; do
	IFS=$'\t' read -r m rps p99 err us <<<"$r"
	printf '%-11s %13s %7s %7s %15s\n' "$m" "$rps" "$p99" "$err" "$us"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$m" "$N" "$units" "$THREADS" \
		"$CONC" "$REQ" "$rps" "$p99" "$err" "$us" >>"$OUT/serve.tsv"
done
echo "(ab runs on the same cores as the server; server CPU us/r is the"
echo " server's user + system CPU per request, which the machine's other"
echo " load does not change: 1e6 / it is what one fully free core serves)"
