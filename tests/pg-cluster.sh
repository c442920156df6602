#!/bin/sh
# tests/pg-cluster.sh start DIR | stop DIR - a throwaway PostgreSQL cluster
# for the tests (and the bench): `start` makes a cluster in DIR (initdb,
# as the unprivileged user postgres when run as root: the server refuses
# root), listening on 127.0.0.1 at a free port with trust authentication,
# and prints the URL of its database "postgres"; `stop` stops it and
# removes DIR.  Either fails loudly: a test run that cannot start its
# cluster fails (tests/run.sh), it never skips the PostgreSQL pass.  The
# tests' cluster runs without fsync (nothing in it outlives the run);
# PG_CLUSTER_DURABLE=1 keeps the server's durable defaults (the bench).
set -u
cmd=${1:?start|stop}
dir=${2:?cluster directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
	echo "pg-cluster: no PostgreSQL server here (Debian: postgresql)" >&2
	exit 1
}
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
case $cmd in
start)
	rm -rf "$dir" && mkdir -p "$dir" || exit 1
	[ "$(id -u)" = 0 ] && { chown postgres "$dir" || exit 1; }
	as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		echo "pg-cluster: initdb failed" >&2
		exit 1
	}
	for try in 1 2 3 4 5; do
		port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		fast="-c fsync=off -c full_page_writes=off"
		[ "${PG_CLUSTER_DURABLE:-}" = 1 ] && fast=
		if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $dir $fast -c max_connections=200 -c shared_buffers=128MB" \
			start >/dev/null 2>&1; then
			echo "postgresql://postgres@127.0.0.1:$port/postgres"
			exit 0
		fi
	done
	cat "$dir/server.log" >&2
	echo "pg-cluster: the server did not start" >&2
	exit 1
	;;
stop)
	[ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
	;;
esac
