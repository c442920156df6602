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
set -u
testbin=$(realpath "$1")
bin=$(realpath "$2")
hooks=$(realpath "$3")
logs=$(realpath -m "$4")
rm -rf "$logs" && mkdir -p "$logs" || exit 1
# tests run some mcsched as another user (nobody, tests/test_disk.c)
chmod 1777 "$logs" || exit 1
cd "$(dirname "$0")" || exit 1

ASAN_OPTIONS=log_path=$logs/san LSAN_OPTIONS=exitcode=0 MCSCHED=$bin \
	MCSCHED_HOOKS=$hooks "$testbin" --jobs 2 &
runner=$!
wait "$runner"
rc=$?

for f in "$logs"/san.*; do
	[ -e "$f" ] || continue
	if [ "$f" = "$logs/san.$runner" ] &&
		! grep -E '^ +#[1-9]' "$f" | grep -qv 'libcriterion\.so'; then
		continue
	fi
	echo "sanitizer report of process ${f##*.}:" >&2
	cat "$f" >&2
	rc=1
done
exit "$rc"
