#!/usr/bin/env bash
# tests/bench/promise.sh: capable-to-promise through `mcsched serve`
# (run by `make bench` after tests/bench/serve.sh).
#
#   quotes     POST /api/promise of one configured order (an entry of the
#              book without its id and due) on the published plan of an
#              N-order book, with ApacheBench keep-alive (ab -k -p):
#              quotes a second, the 50th and 99th percentile latency (ms),
#              the server's CPU per quote.  Targets: p99 <= 5 ms and >=
#              1,000 quotes/s on a 2-core machine.
#   kept       on a generated K-order book: PROMISES random configured
#              orders (entries of the book spread over it, renamed P-n,
#              their due dropped) promised one after another through
#              POST /api/promise?reserve=1&confirm=1 on the plan's first
#              day; the floor makes that day as planned (actuals); then
#              the next night planned with them from the day after: how
#              many of the promises it keeps (target: 99%).
#
# Environment:
#   BENCH_PROMISE          orders of the quoted plan   (100000; empty skips)
#   BENCH_PROMISE_KEPT     orders of the kept book     (10000; empty skips)
#   BENCH_PROMISE_ASKS     promises asked for          (200)
#   BENCH_PROMISE_REQUESTS quotes of the ab run        (20000)
#   BENCH_PROMISE_CLIENTS  concurrent clients (ab -c)  (2)
#   BENCH_SEED             seed of the instances       (7)
#   BENCH_TIMEOUT          seconds for a plan          (1800)
# The N-order store is tests/bench/serve.sh's (var/bench/serve-N.db, planned
# here when it is not there).  Writes var/bench/promise.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MCSCHED:-build/release/mcsched}
OUT=var/bench
N=${BENCH_PROMISE-100000}
K=${BENCH_PROMISE_KEPT-10000}
ASKS=${BENCH_PROMISE_ASKS:-200}
REQ=${BENCH_PROMISE_REQUESTS:-20000}
CONC=${BENCH_PROMISE_CLIENTS:-2}
SEED=${BENCH_SEED:-7}
TL=${BENCH_TIMEOUT:-1800}
command -v ab >/dev/null ||
	{ echo "bench: 'ab' is missing (make bench installs apache2-utils as root)" >&2; exit 1; }
mkdir -p "$OUT"
token=$OUT/promise.token
echo "bench-promise-token-$$-0123456789" >"$token"
chmod 600 "$token"

# planned NAME ORDERS: var/bench/NAME (gen) planned into var/bench/NAME.db
planned() {
	local dir=$OUT/$1 db=$OUT/$1.db
	if ! "$BIN" runs --db "$db" >/dev/null 2>&1; then
		rm -rf "$dir" "$db" "$db"-wal "$db"-shm
		"$BIN" gen --orders "$2" --seed "$SEED" "$dir" >/dev/null
		echo "promise bench: planning $2 orders into $db ..." >&2
		timeout "$TL" "$BIN" plan -q "$dir/job.yaml" --db "$db"
	fi
}
# order BOOK K NAME: entry K (from 1) of BOOK's orders.yaml as one
# mapping, its id NAME (none when empty) and without its due
order() {
	awk -v k="$2" -v name="$3" '
		/^  - id: / { n++ }
		n == k && /^  - id: / { if (name != "") print "id: " name; next }
		n == k && /^    due: / { next }
		n == k && /^    / { sub(/^    /, ""); print }
	' "$1"
}
. tests/bench/serve-lib.sh
# start_serve DB: a server with the token (serve-lib.sh), its log beside DB
start_serve() { slog=$1.promise-serve.log; serve_start "$slog" --db "$1" --token-file "$token"; }
stop_serve() { serve_stop "$slog"; }
cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' /proc/$pid/stat; }
start_of() { sed -n 's/^horizon: { start: \([0-9-]*\),.*/\1/p' "$1/plants.yaml"; }

rows=()
if [ -n "$N" ]; then
	planned "serve-$N" "$N"
	db=$OUT/serve-$N.db
	day=$(start_of "$OUT/serve-$N")
	order "$OUT/serve-$N/orders.yaml" 1 "" >"$OUT/promise-order.yaml"
	start_serve "$db"
	url="http://127.0.0.1:$port/api/promise?today=$day"
	curl -sf -X POST --data-binary @"$OUT/promise-order.yaml" "$url" >"$OUT/promise-quote.json" ||
		{ echo "bench: the quote failed, see $OUT/promise-quote.json" >&2; exit 1; }
	# the first quote builds the plan's base: the ab run times quotes
	c0=$(cpu)
	f=$OUT/promise-ab.txt
	ab -q -s 30 -k -n "$REQ" -c "$CONC" -p "$OUT/promise-order.yaml" \
		-T application/yaml "$url" >"$f" 2>&1 ||
		{ echo "bench: ab failed, see $f" >&2; exit 1; }
	c1=$(cpu)
	stop_serve
	failed=$(sed -n 's/^Failed requests: *\([0-9]*\).*/\1/p' "$f")
	non2xx=$(sed -n 's/^Non-2xx responses: *\([0-9]*\).*/\1/p' "$f")
	[ "${failed:-0}" = 0 ] && [ "${non2xx:-0}" = 0 ] ||
		{ echo "bench: ab reported errors, see $f" >&2; exit 1; }
	rps=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' "$f")
	p50=$(sed -n 's/^ *50% *\([0-9]*\).*/\1/p' "$f")
	p99=$(sed -n 's/^ *99% *\([0-9]*\).*/\1/p' "$f")
	us=$(awk -v a="$c0" -v b="$c1" -v n="$REQ" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')
	status=$(sed -n 's/.*"status": "\([a-z-]*\)".*/\1/p' "$OUT/promise-quote.json" | head -1)
	rows+=("quotes	$N	$status	$rps	$p50	$p99	$us")
fi
if [ -n "$K" ]; then
	name=promise-kept-$K
	rm -rf "$OUT/$name" "$OUT/$name.db" "$OUT/$name.db"-wal "$OUT/$name.db"-shm
	planned "$name" "$K"
	db=$OUT/$name.db
	day=$(start_of "$OUT/$name")
	start_serve "$db"
	made=0
	for i in $(seq 1 "$ASKS"); do
		order "$OUT/$name/orders.yaml" $(((i * 7919) % K + 1)) "P-$i" >"$OUT/$name.ask.yaml"
		code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
			-H "Authorization: Bearer $(cat "$token")" \
			--data-binary @"$OUT/$name.ask.yaml" \
			"http://127.0.0.1:$port/api/promise?reserve=1&confirm=1&today=$day")
		[ "$code" = 201 ] && made=$((made + 1))
	done
	stop_serve
	next=$(date -d "$day + 1 day" +%F)
	# the floor made the first day as planned
	"$BIN" labels latest --db "$db" |
		awk -F, -v d="$day" 'NR > 1 && $6 == d { print $1 ",produced," d }' |
		sed '1i identifier,status,date' >"$OUT/$name.actuals.csv"
	"$BIN" actuals "$OUT/$name.actuals.csv" --db "$db" >/dev/null
	timeout "$TL" "$BIN" plan -q "$OUT/$name/job.yaml" --db "$db" --start "$next"
	"$BIN" report latest --db "$db" --format json >"$OUT/$name.report.json"
	read_n=$(grep -o '"read": [0-9]*' "$OUT/$name.report.json" | head -1 | grep -o '[0-9]*$')
	kept=$(grep -o '"kept": [0-9]*' "$OUT/$name.report.json" | head -1 | grep -o '[0-9]*$')
	[ "$read_n" = "$made" ] || { echo "bench: $made promised but the night read $read_n" >&2; exit 1; }
	share=$(awk -v k="$kept" -v n="$read_n" 'BEGIN { printf "%.1f", n ? 100 * k / n : 100 }')
	rows+=("kept	$K	$made of $ASKS firm	$kept kept	$share%	-	-")
fi
{
	printf 'row\torders\tanswer\tquotes/s\tp50 ms\tp99 ms\tcpu us/quote\n'
	printf '%s\n' "${rows[@]}"
} >"$OUT/promise.tsv"
column -t -s $'\t' "$OUT/promise.tsv"
