#!/usr/bin/env bash
# tests/bench/postgres.sh: the PostgreSQL store against the SQLite store
# (run by `make bench`).  A throwaway cluster (tests/pg-cluster.sh, with
# the server's durable defaults: fsync and full page writes on) on this
# machine; for each book the same plan is run end to end (`mcsched plan`,
# wall time: load, LP, whole units and the store's transaction) into a
# fresh SQLite file and into a fresh PostgreSQL database, and the ratio
# printed (target: PostgreSQL within 1.5x of SQLite).  Then `mcsched
# serve` on the PostgreSQL store of the largest book answers
# GET /api/handles/{identifier} to ab -k (keep-alive; target >= 10,000
# lookups/s), and on the SQLite store for comparison.
#
# Environment:
#   BENCH_PG_BOOKS    books: "samples" or an order count (gen --seed
#                     BENCH_SEED)                       ("samples 10000";
#                     empty skips)
#   BENCH_PG_REQUESTS requests of each ab run           (50000)
#   BENCH_PG_CLIENTS  concurrent clients (ab -c)        (32)
#   BENCH_SERVE_THREADS  serve --threads                (nproc)
#   BENCH_SEED        seed of the generated books       (7)
# Writes var/bench/postgres.tsv and prints a table.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MCSCHED:-build/release/mcsched}
OUT=var/bench
BOOKS=${BENCH_PG_BOOKS-samples 10000}
REQ=${BENCH_PG_REQUESTS:-50000}
CONC=${BENCH_PG_CLIENTS:-32}
THREADS=${BENCH_SERVE_THREADS:-$(nproc)}
SEED=${BENCH_SEED:-7}
[ -n "$BOOKS" ] || exit 0
command -v ab >/dev/null ||
	{ echo "bench: 'ab' is missing (make bench installs apache2-utils as root)" >&2; exit 1; }
mkdir -p "$OUT"
cluster=$(mktemp -d /tmp/mcsched-pg-bench.XXXXXX)
pg=$(PG_CLUSTER_DURABLE=1 sh tests/pg-cluster.sh start "$cluster") || {
	echo "bench: unable to start a PostgreSQL cluster" >&2
	exit 1
}
stop_cluster() { sh tests/pg-cluster.sh stop "$cluster"; }
trap stop_cluster EXIT
server=${pg%/*}

# seconds of wall time of a command
wall() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

rows=()
last_sq= last_pg=
for book in $BOOKS; do
	if [ "$book" = samples ]; then
		job=data/samples/job.yaml
	else
		[ -d "$OUT/pg-$book" ] ||
			"$BIN" gen --orders "$book" --seed "$SEED" "$OUT/pg-$book" >/dev/null
		job=$OUT/pg-$book/job.yaml
	fi
	sq=$OUT/pg-$book-sqlite.db
	rm -f "$sq" "$sq"-wal "$sq"-shm
	db=b$book
	psql -qX "$pg" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
	t_sq=$(wall "$BIN" plan -q "$job" --db "$sq")
	t_pg=$(wall "$BIN" plan -q "$job" --db "$server/$db")
	# the next night, into the store as it is (the nightly job's case)
	n_sq=$(wall "$BIN" plan -q "$job" --db "$sq" --start 2026-11-26)
	n_pg=$(wall "$BIN" plan -q "$job" --db "$server/$db" --start 2026-11-26)
	# the same LP of the first night (the whole units' improvement has a time budget, so
	# the rounded plans of two runs may differ by a few units either way)
	bound() { "$BIN" report latest --db "$1" --format json | grep -m1 '"lp_bound"'; }
	same=yes
	[ "$(bound "$sq")" = "$(bound "$server/$db")" ] || same=no
	rows+=("plan $book, new store	$t_sq	$t_pg	$(awk -v a="$t_sq" -v b="$t_pg" 'BEGIN { printf "%.2f", b / a }')	$same")
	rows+=("plan $book, next night	$n_sq	$n_pg	$(awk -v a="$n_sq" -v b="$n_pg" 'BEGIN { printf "%.2f", b / a }')	-")
	last_sq=$sq last_pg=$server/$db
done

. tests/bench/serve-lib.sh
field() { sed -n "s/^$1 *\([0-9.]*\).*/\1/p" "$2" | head -1; }
lookups() { # lookups/s of ab -k on store $1 into L (no subshell: its
	# traps would stop the cluster)
	local log=$OUT/pg-serve.log f=$OUT/pg-serve-ab.txt id
	"$BIN" labels latest --db "$1" --out "$OUT/pg-serve.labels.csv" >/dev/null
	id=$(sed -n "$(($(wc -l <"$OUT/pg-serve.labels.csv") / 2))p" "$OUT/pg-serve.labels.csv" | cut -d, -f1)
	serve_start "$log" --db "$1" --threads "$THREADS"
	trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; stop_cluster' EXIT
	ab -q -s 30 -k -n "$REQ" -c "$CONC" "http://127.0.0.1:$port/api/handles/$id" >"$f" 2>&1 ||
		{ echo "bench: ab failed, see $f" >&2; exit 1; }
	serve_stop "$log"
	trap stop_cluster EXIT
	if [ "$(field 'Failed requests:' "$f")" != 0 ] || [ -n "$(field 'Non-2xx responses:' "$f")" ]; then
		echo "bench: ab reported errors, see $f" >&2
		exit 1
	fi
	L=$(field 'Requests per second:' "$f")
}
lookups "$last_sq"
l_sq=$L
lookups "$last_pg"
l_pg=$L
rows+=("serve lookups/s, keep-alive	$l_sq	$l_pg	$(awk -v a="$l_sq" -v b="$l_pg" 'BEGIN { printf "%.2f", b / a }')	-")

{
	printf 'what\tsqlite\tpostgresql\tratio\tsame LP bound\n'
	printf '%s\n' "${rows[@]}"
} >"$OUT/postgres.tsv"
echo
echo "PostgreSQL store against SQLite (seconds end to end; lookups/s)"
column -t -s $'\t' "$OUT/postgres.tsv"
