#!/bin/sh
# tests/run.sh TESTBIN BIN HOOKBIN LOGDIR - what `make test` runs.
#
# Runs the Criterion suites (cwd tests/, $MCSCHED = BIN, the release
# binary; $MCSCHED_HOOKS = HOOKBIN, the same with its test hooks, for the
# tests that need one) and, in a sanitizer
# build, sends every sanitizer report to LOGDIR/san.<pid>: the runner's, each
# test process's (Criterion forks one per test and ignores how it exits) and
# each mcsched the tests start.  The run fails when any report was written,
# with one exception: the runner's own bookkeeping for parameterized tests,
# which Criterion never frees, is allowed when every frame of it lies inside
# libcriterion.  A leak changes no exit status (LSAN exitcode=0): the reports
# are the signal.  In a release build no reports are written.
#
# The store suites (and serve's and the Slurm executor's) run twice: on SQLite with the rest, then on PostgreSQL
# ($MCSCHED_TEST_DB, see support_db() in support.h) in a throwaway cluster
# this script starts (tests/pg-cluster.sh: initdb into a temporary
# directory as the user postgres, a free port) and stops at the end, also
# on failure or interrupt.  When the cluster cannot be started the run says
# so and fails: nothing is skipped.  $MCSCHED_TEST_PG is the cluster for
# the tests that use both back-ends at once (store copy).
STORE_SUITES='@(store|publish|schema|actuals|promise|units|serve|slurm)/*'
set -u
testbin=$(realpath "$1")
bin=$(realpath "$2")
hooks=$(realpath "$3")
logs=$(realpath -m "$4")
rm -rf "$logs" && mkdir -p "$logs" || exit 1
# tests run some mcsched as another user (nobody, tests/test_disk.c)
chmod 1777 "$logs" || exit 1
cd "$(dirname "$0")" || exit 1

# Every plan in the suites spends a tenth of the default whole-units
# budget (make test's time; the whole units' own tests set theirs, and the
# tests of the default's figures unset it: support_default_budget()).
export MCSCHED_ROUND_WORK=0.1

cluster=$(mktemp -d /tmp/mcsched-pg.XXXXXX) || exit 1
trap 'sh ./pg-cluster.sh stop "$cluster"' EXIT
trap 'exit 130' INT TERM
pg=$(sh ./pg-cluster.sh start "$cluster") || {
	echo "run.sh: unable to start a PostgreSQL cluster for the store" \
		"suites (see above): FAILED" >&2
	exit 1
}
export MCSCHED_TEST_PG="$pg"

ASAN_OPTIONS=log_path=$logs/san LSAN_OPTIONS=exitcode=0 MCSCHED=$bin \
	MCSCHED_HOOKS=$hooks "$testbin" --jobs 2 &
runner=$!
wait "$runner"
rc=$?

echo "the store suites again, on PostgreSQL ($pg)"
ASAN_OPTIONS=log_path=$logs/san LSAN_OPTIONS=exitcode=0 MCSCHED=$bin \
	MCSCHED_HOOKS=$hooks MCSCHED_TEST_DB="$pg" "$testbin" --jobs 2 \
	--filter "$STORE_SUITES" &
pgrunner=$!
wait "$pgrunner"
[ $? = 0 ] || rc=1

for f in "$logs"/san.*; do
	[ -e "$f" ] || continue
	if { [ "$f" = "$logs/san.$runner" ] || [ "$f" = "$logs/san.$pgrunner" ]; } &&
		! grep -E '^ +#[1-9]' "$f" | grep -qv 'libcriterion\.so'; then
		continue
	fi
	echo "sanitizer report of process ${f##*.}:" >&2
	cat "$f" >&2
	rc=1
done
exit "$rc"
