#!/bin/sh
# tests/valgrind-serve.sh BIN DB - `make valgrind` for mcsched serve: runs it
# under valgrind on a free loopback port, asks every route (found, not
# found, malformed, a write; each without the token of the internal
# routes and with it; /metrics and /healthz?max_age_hours), writes the
# access log and the JSON log (reopened on SIGHUP), leaves one request
# unfinished for the watchdog to cut, stops it with SIGTERM and fails on any valgrind error or definite
# leak, or an exit status other than 0.
set -u
bin=$1 db=$2
log=$(mktemp) out=$(mktemp) token=$(mktemp) access=$(mktemp)
echo valgrind-serve-token-0123456789 >"$token"
valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	"$bin" serve --db "$db" --listen 127.0.0.1:0 --threads 2 \
	--token-file "$token" --request-timeout 2 --access-log "$access" \
	--log-format json >"$out" 2>"$log" &
pid=$!
port=
for _ in $(seq 300); do
	port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$out")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "valgrind-serve: serve did not start" >&2; cat "$log" >&2; kill "$pid"; exit 1; }
u=http://127.0.0.1:$port
id=$("$bin" labels 1 --db "$db" | sed -n 2p | cut -d, -f1)
for p in /healthz "/api/handles/$id" /api/handles/88.1.1/XX /01/09521234200017/21/000000000001 \
	/01/09521234200017/21/999999999999 /orders/SO-20261028-0001 /orders/none /runs \
	/runs/1/report.html /runs/9/report.html /nowhere '/healthz%00.html' /metrics \
	'/healthz?max_age_hours=1' '/healthz?max_age_hours=x'; do
	curl -s -o /dev/null --max-time 60 "$u$p" || { echo "valgrind-serve: $p failed" >&2; kill "$pid"; exit 1; }
	curl -s -o /dev/null --max-time 60 -H "Authorization: Bearer $(cat "$token")" "$u$p" ||
		{ echo "valgrind-serve: $p with the token failed" >&2; kill "$pid"; exit 1; }
done
# the access log opened again, as after logrotate
mv "$access" "$access.1" && kill -HUP "$pid" && sleep 1
curl -s -o /dev/null --max-time 60 "$u/metrics"
[ -s "$access" ] || { echo "valgrind-serve: no access log after SIGHUP" >&2; kill "$pid"; exit 1; }
# a request that never ends: cut by the watchdog at --request-timeout
(printf 'GET /healthz HTTP/1.1\r\n'; sleep 4) |
	curl -s --max-time 60 -o /dev/null telnet://127.0.0.1:$port || true
curl -s -o /dev/null --max-time 60 -H 'Accept: application/json' "$u/01/09521234200017/21/000000000001"
curl -s -o /dev/null --max-time 60 -X POST -d x "$u/runs"
kill -TERM "$pid"
wait "$pid"
rc=$?
cat "$log" >&2
grep -q '; 1 request cut at --request-timeout' "$out" || rc=cut
cat "$out"
rm -f "$log" "$out" "$token" "$access" "$access.1"
[ "$rc" = 0 ] || { echo "valgrind-serve: exit status $rc (cut: the unfinished request was not)" >&2; exit 1; }
echo "valgrind-serve: clean"
