#!/usr/bin/env bash
# make screenshots: remakes the pictures docs/guide.md shows from the
# shipped samples, in headless Chromium (tests/browser.py):
#   docs/report.png    the top of the HTML report at 1400 px
#   docs/timeline.png  its timeline at 1400 px
#   docs/phone.png     the page a phone shows for a scanned label (a late
#                      unit, `mcsched serve`) at 390 px
#   docs/phone-promise.png  the same for a unit of an order promised on the
#                      first day (mcsched promise) and planned by the next
#                      night
# The samples are planned into var/screens/ (the run's date is today, so
# the pictures change with the day they are made).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${MCSCHED:-build/release/mcsched}
OUT=var/screens
rm -rf "$OUT" && mkdir -p "$OUT"
"$BIN" plan -q data/samples/job.yaml --db "$OUT/mc.db"
"$BIN" report latest --db "$OUT/mc.db" --format html --out "$OUT/report.html"
py() { /usr/bin/python3 tests/browser.py "$@"; }
py shot "$OUT/report.html" docs/report.png 1400 1000
py shot "$OUT/report.html" docs/timeline.png 1400 1000 '#timeline'

# the phone page of the first unit planned to arrive after its due date
path=$("$BIN" report latest --db "$OUT/mc.db" --format dispatch | /usr/bin/python3 -c '
import csv, re, sys
rows = list(csv.DictReader(sys.stdin))  # all of it: no broken pipe
for r in rows:
    if int(r["days_late"]) > 0 and r["identifier"]:
        g = re.match(r".*/[^.]+\.(\d{14})\.(\d+)\.", r["identifier"])
        print("/01/%s/21/%s" % g.groups())
        break
')
"$BIN" serve --db "$OUT/mc.db" --listen 127.0.0.1:0 >"$OUT/serve.log" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	grep -q 'listening on' "$OUT/serve.log" 2>/dev/null && break
	sleep 0.1
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$OUT/serve.log")
[ -n "$url" ] || { echo "screenshots: serve did not start" >&2; exit 1; }
py shot "$url$path" docs/phone.png 390 844

# a customer configures a shirt on the first day and is promised a date;
# the next night plans it; its label's page shows the date promised
printf '{id: WEB-42, customer: "Li Na", family: shirt-mtm, options: {fabric: poplin, size: "40", monogram: "no"}, quantity: 1, region: south}\n' \
	>"$OUT/web42.yaml"
"$BIN" promise "$OUT/web42.yaml" --db "$OUT/mc.db" --today 2026-11-25 \
	--reserve --confirm >/dev/null
"$BIN" plan -q data/samples/job.yaml --db "$OUT/mc.db" --start 2026-11-26
ppath=$("$BIN" labels latest --db "$OUT/mc.db" |
	awk -F, '$7 == "WEB-42" && !n++ { print $2 }' |
	sed 's|^(01)\([0-9]*\)(21)\([0-9]*\)$|/01/\1/21/\2|')
[ -n "$ppath" ] || { echo "screenshots: the promised order has no unit" >&2; exit 1; }
py shot "$url$ppath" docs/phone-promise.png 390 844
echo "docs/report.png docs/timeline.png docs/phone.png docs/phone-promise.png remade"
