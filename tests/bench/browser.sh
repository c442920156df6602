#!/usr/bin/env bash
# make bench: how long headless Chromium takes to open the HTML report of
# a large plan (issue 20's target: under 2 s at 10,000 orders, the page
# under 10 MB).  `mcsched gen` draws the instance, `mcsched plan` plans
# it, `report --format html` writes the page, and tests/browser.py opens
# it BENCH_BROWSER_RUNS times in a fresh browser each (the page's own
# timing: navigation start to the load event, the timeline and the
# script included).  Prints the size and every time, and the median.
#
# Environment:
#   BENCH_BROWSER_ORDERS  orders of the instance   (10000)
#   BENCH_BROWSER_SEED    its seed                 (1)
#   BENCH_BROWSER_RUNS    openings                 (5)
# Writes under var/bench/browser/ (the instance, database and page).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MCSCHED:-build/release/mcsched}
N=${BENCH_BROWSER_ORDERS:-10000}
SEED=${BENCH_BROWSER_SEED:-1}
RUNS=${BENCH_BROWSER_RUNS:-5}
OUT=var/bench/browser
rm -rf "$OUT" && mkdir -p "$OUT"
"$BIN" gen --orders "$N" --seed "$SEED" "$OUT/in" >/dev/null
"$BIN" plan -q -c "$OUT/in/catalog.yaml" -p "$OUT/in/plants.yaml" \
	-o "$OUT/in/orders.yaml" --db "$OUT/mc.db"
"$BIN" report latest --db "$OUT/mc.db" --format html --out "$OUT/report.html"
size=$(stat -c %s "$OUT/report.html")
times=()
for _ in $(seq "$RUNS"); do
	t=$(/usr/bin/python3 tests/browser.py time "$OUT/report.html" | awk '{print $1}')
	times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'HTML report of %d orders (seed %d): %.1f MB; Chromium opens it in %s s (median of %d: %s)\n' \
	"$N" "$SEED" "$(awk -v s="$size" 'BEGIN{print s/1e6}')" "$median" "$RUNS" "${times[*]}"
