# mcsched - plain Makefile.  `make run` and `make test` set everything up on a
# fresh Debian machine (installing missing packages when run as root).
#
#   make            build/release/mcsched (and ./mcsched, a link to it)
#   make test       the whole suite, what CI runs: every Criterion suite
#                   (many run mcsched, serve, generated books), the fuzz
#                   corpus replayed
#   make check      the fast inner loop: the in-process unit tests only
#                   (no mcsched run, no server, no generated book sweep),
#                   in well under 30 s
#   make reference  docs/reference.md, from the command tables (a test
#                   fails when the committed file differs)
#
# Two binaries: mcsched, the release, has no test hook at all; mcsched-hooks
# is the same with the files that carry hooks (HOOK_SRC) built with
# -DMC_TEST_HOOKS (a store opened by the command line can be made to kill
# the process at its N-th write, MCSCHED_TEST_KILL_AT=N).  Tests run the
# release binary ($MCSCHED) but where they need a hook ($MCSCHED_HOOKS);
# the test binary links the hooked objects.
#
# Project flags live in their own variables so `make CFLAGS=-O0` cannot drop
# the warnings.  VARIANT=release (default) or san (= `make asan`); any
# VARIANT starting with "san" is a sanitizer build in its own build/ folder.

VARIANT ?= release
# clang builds get folders of their own, so `make CC=clang` never links
# objects of the other compiler.
CLANG   := $(findstring clang,$(notdir $(CC)))
BUILD   := build/$(VARIANT)$(if $(CLANG),-clang)

CC      ?= cc
CFLAGS  ?= -O2 -g
MC_WARN := -std=c11 -Wall -Wextra -Werror -pedantic -Wshadow \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wwrite-strings \
           -Wformat=2
# The rooms of the five top-level folders: every .c of them is the library
# (but the command line's main.c), every one is on the include path.
SRC_DIRS := models models/gen scheduler/cli scheduler/lp scheduler/whole \
            scheduler/night data data/sql data/sqlite data/postgres \
            reports reports/compare \
            reports/serve scheduler/promise
MC_CPPFLAGS := -D_POSIX_C_SOURCE=200809L $(addprefix -I,$(SRC_DIRS)) \
               -I$(BUILD)/gen
ifneq ($(filter san%,$(VARIANT)),)
MC_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS := -O1 -g
endif
# VARIANT=tsan (= `make tsan`): ThreadSanitizer, for the threads of
# `mcsched serve`.
ifeq ($(VARIANT),tsan)
MC_SAN := -fsanitize=thread -fno-omit-frame-pointer
CFLAGS := -O1 -g
endif
# VARIANT=fuzz (clang only, see `make fuzz`): everything instrumented for
# libFuzzer, with ASan and UBSan.
ifeq ($(VARIANT),fuzz)
MC_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS := -O1 -g
endif

# Debian packages we build and test with.  GLPK ships no .pc file.
# chromium (and a font for its text) renders the compare page and serve's
# unit page headless in the tests, as a person would see them.  libmicrohttpd
# (serve) and libxlsxwriter (report --format xlsx) are linked; curl asks a
# running serve in tests/test_serve.c, unzip reads an xlsx back in
# tests/test_xlsx.c, rsvg-convert (librsvg2-bin) renders an A4 label sheet
# that zbarimg (zbar-tools) decodes in tests/test_labels.c, and Debian's
# python3-jsonschema checks the JSON against docs/schema/ (tests/validate.py).
# mandoc lints the man pages and lintian the package (tests/test_install.c).
# libpq-dev links the PostgreSQL store (data/postgres/); postgresql (the
# server, initdb and psql) runs the throwaway cluster the store suites run
# on a second time (tests/run.sh, tests/pg-cluster.sh).
# python3-selenium drives chromium through chromium-driver in
# tests/test_browser.c (tests/browser.py): the report's filter, timeline
# and width at 1400 and 390 px, no network request.  slurm-wlm and munge
# run a one-node Slurm cluster of the test's own (tests/slurm.sh) for
# `whatif --executor slurm` in tests/test_slurm.c.
DEB_PKGS := build-essential pkg-config libglpk-dev glpk-utils libsqlite3-dev \
            libyaml-dev libcriterion-dev libqrencode-dev coinor-libclp-dev \
            valgrind chromium fonts-liberation libmicrohttpd-dev curl \
            libxlsxwriter-dev unzip zbar-tools librsvg2-bin \
            python3-jsonschema mandoc lintian python3-selenium \
            chromium-driver libpq-dev postgresql slurm-wlm munge
ifneq ($(CLANG),)
DEB_PKGS += clang
endif
PC_LIBS  := sqlite3 libpq yaml-0.1 libqrencode clp libmicrohttpd xlsxwriter
MC_LIBS   = $(shell pkg-config --libs $(PC_LIBS) 2>/dev/null) -lglpk -lm -pthread
MC_PCFLAGS = $(shell pkg-config --cflags $(PC_LIBS) 2>/dev/null)
TEST_LIBS  = $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

ALL_FLAGS = $(MC_WARN) $(MC_CPPFLAGS) $(MC_PCFLAGS) -pthread $(MC_SAN) $(CFLAGS) $(CPPFLAGS)

LIB_SRC  := $(sort $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_SRC  := $(filter-out scheduler/cli/main.c,$(LIB_SRC))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/scheduler/cli/main.o
TEST_SRC := $(sort $(wildcard tests/*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
# The files that carry test hooks, built a second time with
# -DMC_TEST_HOOKS into $(BUILD)/hooks/ for mcsched-hooks and the tests:
# the command line's store opening (MCSCHED_TEST_KILL_AT), the store's
# dispatcher and every file of the SQL stores (the hooks change their
# handle and their ops tables, so all of them must agree).
HOOK_SRC := scheduler/cli/open.c data/store.c $(wildcard data/sql/*.c) \
            $(wildcard data/sqlite/*.c) $(wildcard data/postgres/*.c)
HOOK_OBJ := $(HOOK_SRC:%.c=$(BUILD)/hooks/%.o)
HOOKED_LIB_OBJ := $(filter-out $(HOOK_SRC:%.c=$(BUILD)/%.o),$(LIB_OBJ)) \
                  $(HOOK_OBJ)

BIN      := $(BUILD)/mcsched
BIN_HOOKS := $(BUILD)/mcsched-hooks
TESTBIN  := $(BUILD)/mcsched-tests
# Fuzz harnesses (tests/fuzz/, see `make fuzz`) and their replay drivers:
# FUZZ_OWN have a file of their own (fuzz_<name>.c), the others are
# fuzz_load.c built once per YAML role.
FUZZ_NAMES := catalog plants orders job scenario ids actuals
FUZZ_OWN   := ids actuals
FUZZ_ROLES := $(filter-out $(FUZZ_OWN),$(FUZZ_NAMES))
REPLAY     := $(FUZZ_NAMES:%=$(BUILD)/replay-%)

SAMPLES  := data/samples
# two runs whose differences tests/test_compare.c knows (valgrind compares them)
COMPARE_FIX := tests/fixtures/compare
RUNDIR   := var
DB       := $(RUNDIR)/mcsched.db

.PHONY: all run test asan tsan tsan-run clean fmt deps bench valgrind \
        check-fmt fuzz fuzz-bins fuzz-smoke check reference man install \
        uninstall deb screenshots bench-slurm

all: deps $(BIN)
	@ln -sf $(BIN) mcsched

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_FLAGS) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(BIN_HOOKS): $(HOOKED_LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_FLAGS) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(TESTBIN): $(HOOKED_LIB_OBJ) $(TEST_OBJ)
	$(CC) $(ALL_FLAGS) $(LDFLAGS) -o $@ $^ $(MC_LIBS) $(TEST_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_FLAGS) -MMD -MP -c -o $@ $<

$(HOOK_OBJ): $(BUILD)/hooks/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_FLAGS) -DMC_TEST_HOOKS -MMD -MP -c -o $@ $<

# the suites see the hooks' declarations too
$(TEST_OBJ): ALL_FLAGS += -DMC_TEST_HOOKS

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d) \
  $(HOOK_OBJ:.o=.d) $(wildcard $(BUILD)/tests/fuzz/*.d)

# The release (VERSION), the commit when built from a clone (none from a
# tarball) and the release's date (the commit's, else VERSION's), for
# `mcsched --version` and the man pages: $(BUILD)/gen/mc_version.h, which
# only scheduler/cli/cmd_version.c includes, rewritten only when it
# changes (so a commit rebuilds one file).
MC_RELEASE := $(shell cat VERSION)
MC_GIT     := $(shell git rev-parse --git-dir >/dev/null 2>&1 && \
                git describe --always --dirty 2>/dev/null)
MC_DATE    := $(shell git log -1 --format=%cs 2>/dev/null || date -u -r VERSION +%F)
VERSION_H  := $(BUILD)/gen/mc_version.h

$(VERSION_H): FORCE
	@mkdir -p $(dir $@)
	@printf '#define MC_RELEASE "%s"\n#define MC_GIT "%s"\n#define MC_RELEASE_DATE "%s"\n' \
	  '$(MC_RELEASE)' '$(MC_GIT)' '$(MC_DATE)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/scheduler/cli/cmd_version.o: $(VERSION_H)

FORCE:

# ---- man pages, bash completion, install, the Debian package ----
#
# The man pages and the completion are written by the binary from its
# command tables (`mcsched help --man DIR`, `help --bash-completion`), as
# --help and docs/reference.md are.  `make install` puts the binary, the
# man pages, the completion, the samples (share/mcsched/samples) and
# contrib/ (share/mcsched/contrib, its paths made PREFIX's) under
# DESTDIR/PREFIX; INSTALL_BIN installs another build (the tests pass the
# binary under test, so no build of another variant starts).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DATADIR     ?= $(PREFIX)/share/mcsched
COMPDIR     ?= $(PREFIX)/share/bash-completion/completions
INSTALL_BIN ?= $(BIN)
SAMPLE_DIRS := scenarios floor

man: $(BIN)
	@mkdir -p $(BUILD)/man
	./$(BIN) help --man $(BUILD)/man
	./$(BIN) help --bash-completion >$(BUILD)/mcsched.bash

install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(COMPDIR) $(DESTDIR)$(DATADIR)/contrib \
	  $(addprefix $(DESTDIR)$(DATADIR)/samples/,. $(SAMPLE_DIRS))
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/mcsched
	$(INSTALL_BIN) help --man $(DESTDIR)$(MANDIR)/man1
	$(INSTALL_BIN) help --bash-completion >$(DESTDIR)$(COMPDIR)/mcsched
	install -m 644 $(SAMPLES)/*.yaml $(DESTDIR)$(DATADIR)/samples/
	for d in $(SAMPLE_DIRS); do \
	  install -m 644 $(SAMPLES)/$$d/* $(DESTDIR)$(DATADIR)/samples/$$d/ || exit 1; \
	done
	for f in crontab mcsched-plan.service mcsched-plan.timer; do \
	  sed 's|/usr/local/bin/mcsched|$(BINDIR)/mcsched|g' contrib/$$f \
	    >$(DESTDIR)$(DATADIR)/contrib/$$f || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mcsched $(DESTDIR)$(MANDIR)/man1/mcsched.1 \
	  $(DESTDIR)$(MANDIR)/man1/mcsched-*.1 $(DESTDIR)$(COMPDIR)/mcsched
	rm -rf $(DESTDIR)$(DATADIR)

# `make deb`: build/mcsched_VERSION_amd64.deb (DEB_OUT: another folder),
# installed under /usr with the units of contrib/debian (disabled), its
# Depends: the packages of the shared libraries the binary links (no
# -dev), adduser for the mcsched user of postinst.
DEB_OUT  ?= build
DEB_ROOT  = $(DEB_OUT)/deb-root
DEB      := mcsched_$(MC_RELEASE)_amd64.deb

deb: $(INSTALL_BIN)
	rm -rf $(DEB_ROOT) && mkdir -p $(DEB_ROOT)/DEBIAN
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(DEB_ROOT)) \
	  PREFIX=/usr INSTALL_BIN=$(abspath $(INSTALL_BIN)) DEB_OUT=$(DEB_OUT)
	strip --strip-unneeded --remove-section=.comment --remove-section=.note \
	  $(DEB_ROOT)/usr/bin/mcsched
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/*.1
	install -d $(DEB_ROOT)/lib/systemd/system $(DEB_ROOT)/etc/mcsched \
	  $(DEB_ROOT)/usr/share/doc/mcsched
	install -m 644 contrib/debian/*.service contrib/debian/*.timer \
	  $(DEB_ROOT)/lib/systemd/system/
	install -m 644 contrib/debian/job.yaml $(DEB_ROOT)/etc/mcsched/
	install -m 644 contrib/debian/copyright $(DEB_ROOT)/usr/share/doc/mcsched/
	printf 'mcsched (%s) unstable; urgency=medium\n\n  * Release %s: see CHANGELOG.md.\n\n -- %s  %s\n' \
	  '$(MC_RELEASE)' '$(MC_RELEASE)' \
	  "$$(sed -n 's/^Maintainer: //p' contrib/debian/control.in)" \
	  "$$(date -R -d '$(MC_DATE) 12:00 UTC' 2>/dev/null || date -R)" | \
	  gzip -9n >$(DEB_ROOT)/usr/share/doc/mcsched/changelog.gz
	install -m 755 contrib/debian/postinst contrib/debian/postrm $(DEB_ROOT)/DEBIAN/
	echo /etc/mcsched/job.yaml >$(DEB_ROOT)/DEBIAN/conffiles
	cd $(DEB_ROOT) && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | \
	  LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums
	deps=$$(objdump -p $(DEB_ROOT)/usr/bin/mcsched | awk '/NEEDED/ {print $$2}' | \
	  while read -r so; do \
	    path=$$(ldconfig -p | awk -v so="$$so" '$$1 == so && /x86-64/ {print $$NF; exit}'); \
	    [ -n "$$path" ] || { echo "no library $$so" >&2; exit 1; }; \
	    dpkg -S "$$(realpath "$$path")" 2>/dev/null || dpkg -S "$$path"; \
	  done | cut -d: -f1 | sort -u | grep -v -- '-dev$$' | paste -sd, | sed 's/,/, /g') && \
	  [ -n "$$deps" ] && \
	  sed -e 's/@VERSION@/$(MC_RELEASE)/' \
	    -e "s/@SIZE@/$$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)/" \
	    -e "s/@DEPENDS@/adduser, $$deps/" contrib/debian/control.in \
	    >$(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(DEB_ROOT) $(DEB_OUT)/$(DEB)
	rm -rf $(DEB_ROOT)

# Installs what is missing when root; otherwise says what to run and stops.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages:$$missing"; \
	    echo "run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# Plans the shipped samples into var/mcsched.db and prints the report.
run: all
	@mkdir -p $(RUNDIR)
	./$(BIN) plan -c $(SAMPLES)/catalog.yaml -p $(SAMPLES)/plants.yaml \
	  -o $(SAMPLES)/orders.yaml --db $(DB)
	./$(BIN) report latest --db $(DB) --format text

# Under VARIANT=san* a sanitizer report of any test process, or of any
# mcsched a test starts, fails the run (see tests/run.sh).
test: deps $(TESTBIN) $(BIN) $(BIN_HOOKS) $(REPLAY)
	tests/run.sh $(TESTBIN) $(BIN) $(BIN_HOOKS) $(BUILD)/sanitizer
	@for t in $(FUZZ_NAMES); do \
	  printf 'fuzz harness %s: ' $$t; \
	  $(BUILD)/replay-$$t tests/fuzz/corpus/$$t/* || exit 1; \
	done

asan:
	$(MAKE) VARIANT=san test

# The in-process unit tests: the suites with MCSCHED_CHECK set, where a
# test that would run mcsched (or serve) skips itself (tests/support.c),
# less CHECK_SLOW, the sweeps over generated books that make test runs.
CHECK_SLOW := session/sifting_equals_full_gen|session/bound_at_a_limit_is_below_the_optimum|diff/gen|round/gen|round/exact
check: deps $(TESTBIN)
	cd tests && MCSCHED_CHECK=1 ../$(TESTBIN) --jobs 2 \
	  --filter '!($(CHECK_SLOW))'

# docs/reference.md, written from the command line's tables by the
# binary's hidden `mcsched help --markdown` (tests/test_cli.c checks the
# committed file is what the tables give).
reference: $(BIN)
	./$(BIN) help --markdown >docs/reference.md.tmp
	mv docs/reference.md.tmp docs/reference.md

# `make tsan`: mcsched built with ThreadSanitizer (build/tsan/) plans the
# samples and a generated book of 5,000 orders (an LP in independent
# blocks, solved on two threads), then serves them to 8 clients at once
# on every route
# (tests/serve-clients.sh, which `make test` runs on the release build).
# Every process writes its ThreadSanitizer reports to
# build/tsan/sanitizer/tsan.<pid>; any report fails the run.  (The
# Criterion suites stay out of it: their fork-per-test runner is not
# what ThreadSanitizer is for, and the threads are serve's.)
TSAN_ROUNDS ?= 10
tsan:
	$(MAKE) VARIANT=tsan tsan-run

tsan-run: deps $(BIN)
	@mkdir -p $(RUNDIR)
	rm -rf $(BUILD)/sanitizer $(RUNDIR)/tsan.db*
	mkdir -p $(BUILD)/sanitizer
	TSAN_OPTIONS="log_path=$(CURDIR)/$(BUILD)/sanitizer/tsan" \
	  ./$(BIN) plan -q $(SAMPLES)/job.yaml --db $(RUNDIR)/tsan.db
	rm -rf $(RUNDIR)/tsan-gen
	./$(BIN) gen --orders 5000 --seed 3 $(RUNDIR)/tsan-gen >/dev/null
	TSAN_OPTIONS="log_path=$(CURDIR)/$(BUILD)/sanitizer/tsan" \
	  ./$(BIN) plan -q $(RUNDIR)/tsan-gen/job.yaml --threads 2 \
	  --round-work 0.1 --publish always --db $(RUNDIR)/tsan-gen/mc.db
	@rc=0; TSAN_OPTIONS="log_path=$(CURDIR)/$(BUILD)/sanitizer/tsan" \
	  sh tests/serve-clients.sh ./$(BIN) $(RUNDIR)/tsan.db $(TSAN_ROUNDS) || rc=1; \
	if ls $(BUILD)/sanitizer/tsan.* >/dev/null 2>&1; then \
	  cat $(BUILD)/sanitizer/tsan.* >&2; \
	  echo "tsan: ThreadSanitizer reports above" >&2; exit 1; \
	fi; [ $$rc = 0 ] || exit 1; echo "tsan: no ThreadSanitizer report"
	rm -rf $(RUNDIR)/tsan.db* $(RUNDIR)/tsan-gen

valgrind: all
	@mkdir -p $(RUNDIR)
	rm -f $(RUNDIR)/valgrind.db*
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) plan -c $(SAMPLES)/catalog.yaml -p $(SAMPLES)/plants.yaml \
	  -o $(SAMPLES)/orders.yaml --db $(RUNDIR)/valgrind.db
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) report latest --db $(RUNDIR)/valgrind.db --format text >/dev/null
	printf 'family: shirt-mtm\noptions: {fabric: poplin, size: "42", monogram: "no"}\nquantity: 2\nregion: south\n' \
	  >$(RUNDIR)/valgrind-order.yaml
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) promise $(RUNDIR)/valgrind-order.yaml --db $(RUNDIR)/valgrind.db \
	  --today 2026-11-25 --reserve --format json >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) promises confirm 1 --db $(RUNDIR)/valgrind.db >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) plan -q $(SAMPLES)/job.yaml --db $(RUNDIR)/valgrind.db \
	  --publish never --log-format json 2>/dev/null; [ $$? = 5 ]
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) --version >/dev/null
	mkdir -p $(RUNDIR)/valgrind-man
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) help --man $(RUNDIR)/valgrind-man
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) help --bash-completion >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) report latest --db $(RUNDIR)/valgrind.db --format html >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) whatif -q --base latest --jobs 2 --db $(RUNDIR)/valgrind.db \
	  $(SAMPLES)/scenarios/line-down.yaml $(SAMPLES)/scenarios/rush.yaml
	# the Slurm executor's two sides without a cluster: the submitter
	# solves the base and writes the job directory, then finds no sbatch
	# (exit 3); task 0 plans from the warm start it wrote
	rm -rf $(RUNDIR)/valgrind-job
	env PATH=/nonexistent $$(command -v valgrind) -q --error-exitcode=9 \
	  --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) whatif -q --executor slurm --base 1 --db $(RUNDIR)/valgrind.db \
	  --job-dir $(RUNDIR)/valgrind-job $(SAMPLES)/scenarios/line-down.yaml \
	  2>/dev/null; [ $$? = 3 ]
	SLURM_ARRAY_TASK_ID=0 valgrind -q --error-exitcode=9 --leak-check=full \
	  --errors-for-leak-kinds=definite ./$(BIN) whatif -q --task $(RUNDIR)/valgrind-job \
	  --base 1 --db $(RUNDIR)/valgrind.db $(SAMPLES)/scenarios/line-down.yaml >/dev/null
	test -s $(RUNDIR)/valgrind-job/0.out
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) export latest --db $(RUNDIR)/valgrind.db --mathprog $(RUNDIR)/valgrind.dat
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) publish 1 --db $(RUNDIR)/valgrind.db >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) runs prune --keep 1 --db $(RUNDIR)/valgrind.db >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) report 1 --db $(RUNDIR)/valgrind.db --format xlsx --out $(RUNDIR)/valgrind.xlsx
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) labels 1 --db $(RUNDIR)/valgrind.db --format svg --out $(RUNDIR)/valgrind-labels
	./$(BIN) labels 1 --db $(RUNDIR)/valgrind.db | sed -n 2p >$(RUNDIR)/valgrind-label.csv
	id=$$(cut -d, -f1 $(RUNDIR)/valgrind-label.csv) && \
	  printf 'identifier,status,date\n%s,released,2026-12-01\n%s,shipped,2026-12-03\n' \
	  "$$id" "$$id" >$(RUNDIR)/valgrind-actuals.csv
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) actuals $(RUNDIR)/valgrind-actuals.csv --db $(RUNDIR)/valgrind.db >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) resolve '(01)09521234200017(21)000000000001' --db $(RUNDIR)/valgrind.db >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) track "$$(cut -d, -f7 $(RUNDIR)/valgrind-label.csv)" \
	  --db $(RUNDIR)/valgrind.db >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) plan -q -c $(SAMPLES)/catalog.yaml -p $(SAMPLES)/plants.yaml \
	  -o $(SAMPLES)/orders.yaml --db $(RUNDIR)/valgrind.db --start 2026-11-26 \
	  --frozen-days 3 --publish always
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) whatif -q --base latest --db $(RUNDIR)/valgrind.db \
	  $(SAMPLES)/scenarios/no-change.yaml $(SAMPLES)/scenarios/line-down.yaml
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) plan -q $(SAMPLES)/job.yaml --db $(RUNDIR)/valgrind.db \
	  --start 2026-11-27 --frozen-days 3 --publish always \
	  --scenario $(SAMPLES)/scenarios/line-down.yaml
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) report latest --db $(RUNDIR)/valgrind.db --format html >/dev/null
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	  ./$(BIN) status --db $(RUNDIR)/valgrind.db --today 2026-11-27 >/dev/null
	tests/valgrind-serve.sh ./$(BIN) $(RUNDIR)/valgrind.db
	rm -rf $(RUNDIR)/valgrind.xlsx $(RUNDIR)/valgrind-labels $(RUNDIR)/valgrind-man \
	  $(RUNDIR)/valgrind-job
	rm -f $(RUNDIR)/valgrind.db* $(RUNDIR)/valgrind.dat $(RUNDIR)/valgrind-compare.db* \
	  $(RUNDIR)/valgrind-actuals.csv $(RUNDIR)/valgrind-label.csv
	for i in 1 2; do ./$(BIN) plan -q -c $(COMPARE_FIX)/catalog.yaml \
	  -p $(COMPARE_FIX)/plants$$i.yaml -o $(COMPARE_FIX)/orders$$i.yaml \
	  --db $(RUNDIR)/valgrind-compare.db || exit 1; done
	for f in text csv json html; do \
	  valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	    ./$(BIN) compare 1 2 --db $(RUNDIR)/valgrind-compare.db --format $$f >/dev/null \
	  || exit 1; done
	rm -f $(RUNDIR)/valgrind-compare.db*

# libFuzzer harnesses (tests/fuzz/): one per YAML loader (catalog, plants,
# orders, job, scenario; an input that loads goes on to the LP build), one
# for the identifier parser and one for the actuals CSV reader, built with
# clang into build/fuzz-clang/.  fuzz-smoke
# runs each for FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/<name>,
# never written); what it finds new goes to build/fuzz-clang/corpus/<name>.
FUZZ_SECONDS ?= 30
FUZZ_DIR     := build/fuzz-clang

fuzz:
	$(MAKE) VARIANT=fuzz CC=clang fuzz-bins

fuzz-smoke: fuzz
	@for t in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t && \
	  echo "fuzz-$$t: $(FUZZ_SECONDS) s" && \
	  $(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crash-$$t- \
	    $(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_DIR)/fuzz-$$t.log || \
	  { tail -40 $(FUZZ_DIR)/fuzz-$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' $(FUZZ_DIR)/fuzz-$$t.log; \
	done

fuzz-bins: deps $(FUZZ_NAMES:%=$(BUILD)/fuzz-%)

# The same harnesses with tests/fuzz/replay.c instead of libFuzzer, built by
# the normal compiler: `make test` replays the seed corpus through them.
$(FUZZ_OWN:%=$(BUILD)/replay-%): $(BUILD)/replay-%: $(LIB_OBJ) $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o
	$(CC) $(ALL_FLAGS) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(FUZZ_ROLES:%=$(BUILD)/replay-%): $(BUILD)/replay-%: $(LIB_OBJ) $(BUILD)/tests/fuzz/load-%.o $(BUILD)/tests/fuzz/replay.o
	$(CC) $(ALL_FLAGS) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(FUZZ_OWN:%=$(BUILD)/fuzz-%): $(BUILD)/fuzz-%: $(LIB_OBJ) $(BUILD)/tests/fuzz/fuzz_%.o
	$(CC) $(ALL_FLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(FUZZ_ROLES:%=$(BUILD)/fuzz-%): $(BUILD)/fuzz-%: $(LIB_OBJ) $(BUILD)/tests/fuzz/load-%.o
	$(CC) $(ALL_FLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(MC_LIBS)

FUZZ_LOAD_OBJ := $(FUZZ_ROLES:%=$(BUILD)/tests/fuzz/load-%.o)
$(FUZZ_LOAD_OBJ): $(BUILD)/tests/fuzz/load-%.o: tests/fuzz/fuzz_load.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_FLAGS) -DMC_FUZZ_ROLE='"$*"' \
	  -DMC_FUZZ_FIXTURES='"$(CURDIR)/tests/fixtures/hostile"' -MMD -MP -c -o $@ $<

# The reference solvers, GNU time and ApacheBench (ab, the load of
# tests/bench/serve.sh) are needed by `make bench` only, so they stay out
# of DEB_PKGS; installed the same way as the rest.
BENCH_PKGS := coinor-clp time apache2-utils

# The load of the slow-client rows of tests/bench/serve.sh: keep-alive,
# slow and probe clients at once (tests/bench/load.c).
SERVE_LOAD := $(BUILD)/serve-load
$(SERVE_LOAD): tests/bench/load.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_FLAGS) $(LDFLAGS) -o $@ $<

# BENCH_SIZES, BENCH_XL, ... : see tests/bench/run.sh; BENCH_SERVE, ...
# (the resolution load of mcsched serve, and its slow and greedy
# clients): see tests/bench/serve.sh; BENCH_PROMISE, ... (quotes through
# serve, promises kept): see tests/bench/promise.sh; BENCH_ACTUALS_MB: see
# tests/bench/actuals.sh; BENCH_PG_BOOKS, ... (the PostgreSQL store against
# SQLite, end to end and serve): see tests/bench/postgres.sh.
bench: all $(SERVE_LOAD)
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(BENCH_PKGS)"
	MCSCHED=$(BIN) ./tests/bench/run.sh
	MCSCHED=$(BIN) SERVE_LOAD=$(SERVE_LOAD) ./tests/bench/serve.sh
	MCSCHED=$(BIN) ./tests/bench/promise.sh
	MCSCHED=$(BIN) ./tests/bench/actuals.sh
	MCSCHED=$(BIN) ./tests/bench/browser.sh
	MCSCHED=$(BIN) ./tests/bench/postgres.sh

# What-if fan-out on a one-node Slurm of this machine against local
# --jobs 2 (tests/bench/slurm.sh; BENCH_SLURM orders, 10000 by default):
# minutes long, so not part of `make bench`.
bench-slurm: all
	MCSCHED=$(BIN) ./tests/bench/slurm.sh

# docs/report.png, docs/timeline.png and docs/phone.png (docs/guide.md
# shows them), remade from the samples in headless Chromium.
screenshots: all
	MCSCHED=$(BIN) tests/screenshots.sh

fmt:
	clang-format -i $$(git ls-files '*.c' '*.h')

check-fmt:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build mcsched
