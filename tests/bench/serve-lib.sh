# tests/bench/serve-lib.sh: sourced by the bench scripts that run
# `mcsched serve` ($BIN): one server at a time.
#
# serve_start LOG ARGS...: starts `$BIN serve --listen 127.0.0.1:0 ARGS...`
# with its output in LOG and waits (10 s at most) for its port: sets pid
# and port; a trap stops it when the script exits first.
serve_start() {
	local log=$1
	shift
	: >"$log" # not the last server's port
	"$BIN" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
	pid=$!
	trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
	port=
	for _ in $(seq 100); do
		port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { echo "bench: serve did not start, see $log" >&2; exit 1; }
}
# serve_stop LOG: SIGTERM, and it must stop cleanly
serve_stop() {
	kill -TERM "$pid"
	wait "$pid" || true
	trap - EXIT
	grep -q 'stopped (SIGTERM)' "$1" || { echo "bench: serve did not stop cleanly, see $1" >&2; exit 1; }
}
