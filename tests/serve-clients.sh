#!/bin/sh
# tests/serve-clients.sh BIN DB [ROUNDS] - 8 clients at once on every route
# of `mcsched serve`.
#
# Starts BIN serve on DB (a store with the samples planned: run 1
# published) on a free loopback port, with 2 threads and a token, and
# runs 8 curl clients at once, each on one keep-alive connection (curl
# reuses it from one request to the next), ROUNDS (default 10) times
# over every route: found, not found and malformed unit references in
# each spelling, the Digital Link page and its JSON, an order found and
# not, the internal routes with the token and without, a control
# character, an unknown path, /metrics, a write, and promises (a quote, a
# reservation that finds no firm date, a bad order).  Every answer's status
# must be the expected one, and have its line in the access log (moved
# away and reopened on SIGHUP meanwhile).  Meanwhile the database is replaced on disk (a copy
# moved over it) a few times, so connections are reopened under load,
# and three slow clients (python3) send half a request and wait: the
# watchdog must close them at --request-timeout (2 s).  Then SIGTERM: the
# server must stop with exit 0.
#
# `make test` runs it on the release build (tests/test_serve.c) and
# `make tsan` on a ThreadSanitizer build, where the server's report of
# any data race (TSAN_OPTIONS log_path, checked by the Makefile) fails
# the run.  Exit status 0 when every answer was right.
set -u
bin=$1 db=$2 rounds=${3:-10}
dir=$(mktemp -d "${TMPDIR:-/tmp}/serve-clients.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
token=serve-clients-token-0123456789
printf '%s\n' "$token" >"$dir/token"
cp "$db" "$dir/served.db" || exit 1
label_db=$db
db=$dir/served.db

"$bin" serve --db "$db" --listen 127.0.0.1:0 --threads 2 \
	--request-timeout 2 --token-file "$dir/token" \
	--access-log "$dir/access.log" >"$dir/serve.log" 2>&1 &
pid=$!
port=
for _ in $(seq 600); do
	port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/serve.log")
	[ -n "$port" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "serve-clients: serve did not start" >&2
	cat "$dir/serve.log" >&2
	kill "$pid" 2>/dev/null
	exit 1
fi
u=http://127.0.0.1:$port

# a unit (identifier, GTIN, serial) and its order, from the labels
"$bin" labels 1 --db "$label_db" | sed -n 2p >"$dir/label.csv" || exit 1
id=$(cut -d, -f1 "$dir/label.csv")
gtin=$(cut -d, -f2 "$dir/label.csv" | sed 's/^(01)\([0-9]*\)(21).*/\1/')
serial=$(cut -d, -f2 "$dir/label.csv" | sed 's/.*(21)//')
order=$(cut -d, -f7 "$dir/label.csv")
auth="Authorization: Bearer $token"
# orders to promise: one that fits, one far too big (no firm date: 409
# after the reservation's transaction), one with a mistake
printf 'family: shirt-mtm\noptions: {fabric: poplin, size: "42", monogram: "no"}\nquantity: 1\nregion: south\n' >"$dir/shirt.yaml"
printf 'family: shirt-mtm\noptions: {fabric: poplin, size: "42", monogram: "no"}\nquantity: 5000\nregion: south\n' >"$dir/huge.yaml"
printf 'family: shirt-mtx\nquantity: 0\n' >"$dir/bad.yaml"

# one request: STATUS PATH [curl config lines]
req() {
	want=$1 path=$2
	shift 2
	printf 'next\nurl = "%s%s"\n' "$u" "$path" >>"$cfg"
	for line in "$@"; do printf '%s\n' "$line" >>"$cfg"; done
	printf 'output = "/dev/null"\nwrite-out = "%%{http_code} %s\\n"\n' \
		"$path" >>"$cfg"
	printf '%s %s\n' "$want" "$path" >>"$exp"
}

for c in 1 2 3 4 5 6 7 8; do
	cfg=$dir/cfg$c exp=$dir/want$c
	printf 'max-time = 120\ngloboff\n' >"$cfg"
	: >"$exp"
	for _ in $(seq "$rounds"); do
		req 200 /healthz
		req 200 "/api/handles/$id"
		req 200 "/api/handles/%2801%29$gtin%2821%29$serial"
		req 404 "/api/handles/%2801%29$gtin%2821%29999999999999"
		req 400 /api/handles/nonsense
		req 200 "/01/$gtin/21/$serial"
		req 200 "/01/$gtin/21/$serial?linkType=all" \
			'header = "Accept: application/json"'
		req 404 "/01/$gtin/21/999999999999"
		req 200 "/orders/$order"
		req 404 /orders/SO-NOT-THERE
		req 200 /runs "header = \"$auth\""
		req 200 /runs/1/report.html "header = \"$auth\""
		req 200 /runs/published/report.html "header = \"$auth\""
		req 401 /runs/latest/report.html
		req 400 '/healthz%00.html'
		req 404 /nowhere
		req 200 /metrics
		req 405 /runs 'request = "POST"'
		req 200 '/api/promise?today=2026-11-25' \
			"data-binary = \"@$dir/shirt.yaml\""
		req 409 '/api/promise?today=2026-11-25&reserve=1' \
			"data-binary = \"@$dir/huge.yaml\"" \
			"header = \"$auth\""
		req 400 /api/promise "data-binary = \"@$dir/bad.yaml\""
	done
done
# a slow client: half a request, then wait (at most 30 s) for the close
slow='import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
s.settimeout(30)
t = time.time()
try:
    gone = s.recv(100) == b""
except OSError:
    gone = True
sys.exit(0 if gone and time.time() - t < 25 else 1)'
slows=
if command -v python3 >/dev/null; then
	for k in 1 2 3; do
		python3 -c "$slow" "$port" &
		slows="$slows $!"
	done
fi
clients=
for c in 1 2 3 4 5 6 7 8; do
	curl -s -K "$dir/cfg$c" >"$dir/got$c" 2>&1 &
	clients="$clients $!"
done
for k in 1 2 3; do
	sleep 0.3
	cp "$label_db" "$dir/new.db" && mv "$dir/new.db" "$db"
	# logrotate under load: the access log moved away, SIGHUP
	[ "$k" = 2 ] && mv "$dir/access.log" "$dir/access.log.1" &&
		kill -HUP "$pid"
done
for c in $clients; do
	wait "$c"
done
rc=0
for c in $slows; do
	wait "$c" || {
		echo "serve-clients: a slow client was not cut at its deadline" >&2
		rc=1
	}
done
for c in 1 2 3 4 5 6 7 8; do
	if ! cmp -s "$dir/want$c" "$dir/got$c"; then
		echo "serve-clients: client $c got other answers:" >&2
		diff "$dir/want$c" "$dir/got$c" | head -20 >&2
		rc=1
	fi
done
kill -TERM "$pid"
wait "$pid"
st=$?
if [ "$st" != 0 ]; then
	echo "serve-clients: serve exited with $st" >&2
	rc=1
fi
grep -q 'stopped (SIGTERM)' "$dir/serve.log" ||
	{ echo "serve-clients: serve did not stop cleanly" >&2; rc=1; }
cat "$dir/serve.log"
n=$(cat "$dir"/want? | wc -l)
# a whole line in the access log per request answered, in either file
logged=$(cat "$dir"/access.log* | grep -c '^127\.0\.0\.1 - - \[.*\] "[A-Z]* /[^ ]* HTTP/1\.1" [0-9]* ')
if [ "$logged" != "$n" ]; then
	echo "serve-clients: $logged lines in the access log, $n requests" >&2
	rc=1
fi
echo "serve-clients: $n requests by 8 clients at once, $( [ $rc = 0 ] && echo all right || echo NOT all right)"
exit $rc
