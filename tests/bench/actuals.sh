#!/usr/bin/env bash
# tests/bench/actuals.sh: what `mcsched actuals` costs on a large file of
# bad rows (run by `make bench`): BENCH_ACTUALS_MB (200; 0 skips) of rows
# that are all wrong, four kinds in turn (a bad check character, a status
# misspelt, a date out of range, a line of ten quoted fields), read by
# `mcsched actuals` with its wall time and peak RSS from GNU time.  The
# reader keeps one line at a time (models/actuals.c): a peak RSS of
# 256 MB or more, or an exit status other than 2, fails the bench.
# Writes var/bench/actuals.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${MCSCHED:-build/release/mcsched}
OUT=var/bench
MB=${BENCH_ACTUALS_MB:-200}
[ "$MB" != 0 ] || exit 0
[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (make bench installs it)" >&2; exit 1; }
mkdir -p "$OUT"
f=$OUT/actuals-bad.csv
id=88.999.1/AC.09521234300014.000000000102
# 4 kinds of row, 4,096 rows, then the file doubled up to MB and cut
# there (the last row cut short: one more bad row)
{
	echo identifier,status,date
	for _ in $(seq 1024); do
		echo "$id.X,shipped,2026-12-07"
		echo "$id.9,shiped,2026-12-07"
		echo "$id.9,shipped,2026-13-07"
		echo '"a","b","c","d","e","f","g","h","i","j"'
	done
} >"$f"
while [ "$(stat -c %s "$f")" -lt $((MB * 1024 * 1024)) ]; do
	cp "$f" "$f.half"
	cat "$f.half" >>"$f"
done
rm -f "$f.half"
truncate -s $((MB * 1024 * 1024)) "$f"
rows=$(($(wc -l <"$f") - 1))
st=0
/usr/bin/time -f '%e %M' -o "$OUT/actuals-time.txt" \
	"$BIN" actuals "$f" --db "$OUT/actuals-none.db" >/dev/null 2>"$OUT/actuals-err.txt" || st=$?
read -r secs kb < <(tail -1 "$OUT/actuals-time.txt")
rm -f "$f"
printf '\nactuals: %s MB of bad rows (%s rows), exit %s: %s s, peak RSS %s MB\n' \
	"$MB" "$rows" "$st" "$secs" "$((kb / 1024))"
printf 'mb\trows\texit\tseconds\tpeak_rss_mb\n%s\t%s\t%s\t%s\t%s\n' "$MB" "$rows" "$st" "$secs" "$((kb / 1024))" \
	>"$OUT/actuals.tsv"
[ "$st" = 2 ] || { echo "bench: actuals exited $st, expected 2, see $OUT/actuals-err.txt" >&2; exit 1; }
[ "$kb" -lt $((256 * 1024)) ] || { echo "bench: actuals peak RSS $((kb / 1024)) MB, 256 MB or more" >&2; exit 1; }
