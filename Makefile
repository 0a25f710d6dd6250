# libcxjourney: the one, non-recursive build. `./configure` may write
# config.mk; without it the defaults below ask pkg-config directly.
-include config.mk

VERSION    = 0.1.0
SOVERSION  = 0
PREFIX    ?= /usr/local
LIBDIR    ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=
PKG_CONFIG ?= pkg-config
PYTHON    ?= python3
REFPYTHON ?= /usr/bin/python3
B         ?= build

CFLAGS    ?= -O2 -g
WARNFLAGS  = -std=c99 -Wall -Wextra -Werror -pedantic -Wshadow -Wstrict-prototypes
CPPFLAGS  += -D_POSIX_C_SOURCE=200809L -Iinclude

YAML_CFLAGS  ?= $(shell $(PKG_CONFIG) --cflags yaml-0.1 2>/dev/null)
YAML_LIBS    ?= $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)
CHECK_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   ?= $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

LIB_SRC  := $(sort $(wildcard lib/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
HEADERS  := include/cxjourney.h $(sort $(wildcard include/cxjourney/*.h))
SHARED    = $(B)/libcxjourney.so.$(VERSION)
SONAME    = libcxjourney.so.$(SOVERSION)
STATIC    = $(B)/libcxjourney.a
LIBS      = $(YAML_LIBS) -lm -pthread

TEST_SRC  := $(sort $(wildcard tests/check_*.c))
TEST_BIN  := $(TEST_SRC:tests/%.c=$(B)/tests/%)
TEST_UTIL := tests/testutil.c tests/dump.c
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/fuzz/replay_%)
FUZZ_SECONDS ?= 60
FUZZ_CC   ?= clang
TSAN_CC   ?= clang
EXAMPLE_SRC := $(sort $(wildcard examples/*.c))
EXAMPLE_BIN := $(EXAMPLE_SRC:examples/%.c=$(B)/examples/%)

.PHONY: all check check-readme check-c check-python check-headers check-symbols check-man demo \
	install uninstall sanitize tsan valgrind bench fuzz clean symbols deps-check

all: deps-check $(SHARED) $(B)/$(SONAME) $(B)/libcxjourney.so $(STATIC)

# One clear line instead of a wall of compiler errors.
deps-check:
	@$(PKG_CONFIG) --exists yaml-0.1 2>/dev/null || test -n "$(YAML_FOUND)" || \
	  { echo "libyaml is missing: apt-get install libyaml-dev pkg-config"; exit 1; }

# Each object depends on the headers it really includes (-MMD); a function
# without a prototype in view is an error, so every file includes the
# header that declares what it defines.
$(B)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DCXJ_BUILDING $(WARNFLAGS) -Wmissing-prototypes \
	  $(CFLAGS) -fPIC -fvisibility=hidden $(YAML_CFLAGS) -MMD -MP \
	  -c $< -o $@

-include $(LIB_OBJ:.o=.d)

$(SHARED): $(LIB_OBJ) lib/cxjourney.sym
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
	  -Wl,--version-script=lib/cxjourney.sym -o $@ $(LIB_OBJ) $(LIBS)

$(B)/$(SONAME) $(B)/libcxjourney.so: $(SHARED)
	ln -sf libcxjourney.so.$(VERSION) $@

$(STATIC): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# ---- tests ----
$(B)/tests/%: tests/%.c $(TEST_UTIL) tests/testutil.h tests/dump.h $(wildcard tests/ref/*.h) $(wildcard lib/*.h) $(STATIC)
	@$(PKG_CONFIG) --exists check 2>/dev/null || test -n "$(CHECK_LIBS)" || \
	  { echo "Check is missing: apt-get install check"; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARNFLAGS) -Wno-pedantic $(CFLAGS) $(CHECK_CFLAGS) \
	  -Itests -Ilib $< $(TEST_UTIL) -o $@ $(STATIC) $(CHECK_LIBS) $(LIBS)

# One suite links libyaml statically with the allocator wrapped, so that
# the allocations inside libyaml fail in turn too (tests/wrap/).
WRAP_TEST := $(B)/tests/check_libyaml_alloc
TEST_BIN  += $(WRAP_TEST)
$(WRAP_TEST): tests/wrap/check_libyaml_alloc.c $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARNFLAGS) -Wno-pedantic $(CFLAGS) $(CHECK_CFLAGS) \
	  $< -o $@ $(STATIC) -Wl,-Bstatic -lyaml -Wl,-Bdynamic $(CHECK_LIBS) \
	  -lm -pthread \
	  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=free

$(B)/examples/%: examples/%.c $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) $< -o $@ $(STATIC) $(LIBS)

check: check-headers check-symbols check-header-docs check-readme check-c check-python check-man

# The README's C example is examples/hello_journey.c, word for word.
check-readme:
	@awk '/^```c$$/{f=1;next} /^```$$/{if(f)exit} f' README.md | \
	  diff -u - $$(sed 1d examples/hello_journey.c > $(B)/readme.c; echo $(B)/readme.c) \
	  && echo "readme: the C example is examples/hello_journey.c"

check-c: all $(TEST_BIN) $(EXAMPLE_BIN) $(FUZZ_REPLAY)
	@for f in $(FUZZ_REPLAY); do \
	  n=$${f##*/replay_}; \
	  $$f $$(find tests/fuzz/corpus/$$n -type f 2>/dev/null) || exit 1; \
	done
	@B=$(B) sh tests/run $(TEST_BIN)

$(B)/tests/fuzz/replay_%: tests/fuzz/%.c tests/fuzz/standalone.c tests/dump.c $(wildcard tests/fuzz/*.h) $(STATIC)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) -Itests $< tests/fuzz/standalone.c tests/dump.c \
	  -o $@ $(STATIC) $(LIBS)

# libFuzzer with ASan + UBSan over each target for FUZZ_SECONDS, starting
# from its seed corpus; new inputs go to build-fuzz/, not the tree.
fuzz:
	@mkdir -p build-fuzz
	@for src in $(FUZZ_SRC); do \
	  n=$$(basename $$src .c); \
	  $(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) \
	    $(YAML_CFLAGS) -Ilib -Itests $$src tests/dump.c $(LIB_SRC) \
	    -o build-fuzz/$$n $(LIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus-$$n; \
	  build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    build-fuzz/corpus-$$n tests/fuzz/corpus/$$n || exit 1; \
	done

check-headers:
	@mkdir -p $(B)
	@for h in $(HEADERS); do \
	  printf '#include "%s"\nint main(void){return 0;}\n' "$(CURDIR)/$$h" > $(B)/hdr.c; \
	  $(CC) -Iinclude -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only $(B)/hdr.c || exit 1; \
	  printf '#include "%s"\nint main(){return 0;}\n' "$(CURDIR)/$$h" > $(B)/hdr.cc; \
	  $(CXX) -Iinclude -std=c++11 -Wall -Wextra -pedantic -Werror -fsyntax-only $(B)/hdr.cc || exit 1; \
	done; echo "headers: $(words $(HEADERS)) compile alone as C99 and C++"

check-symbols: all
	@sh tests/check-symbols $(SHARED) tests/symbols.txt

# Every public function has a comment in its header (tests/check-header-docs).
.PHONY: check-header-docs
check-header-docs:
	@sh tests/check-header-docs

# The manual: lint, SYNOPSIS against the headers, EXAMPLES built and run.
check-man: all
	@B=$(B) CC="$(CC)" LIBS="$(LIBS)" sh tests/check-man

# Every public structure is shown in its family's page with the header's
# fields and types.
.PHONY: check-man-structs
check: check-man-structs
check-man-structs:
	@sh tests/check-man-structs

# What a reader sees: each page rendered (mandoc, groff) shows every
# cross-reference and list item its source writes, and no macro as text.
.PHONY: check-man-xrefs
check: check-man-xrefs
check-man-xrefs:
	@sh tests/check-man-xrefs

# The library's ABI against the committed baseline in abi/: additions pass,
# a removal or a changed layout fails (tests/check-abi); abi-baseline
# rewrites the baseline, for a commit of its own with NEWS saying why.
.PHONY: check-abi abi-baseline
check: check-abi
check-abi: all
	@sh tests/check-abi $(SHARED)
abi-baseline: all
	abidw --no-corpus-path --no-comp-dir-path --no-show-locs --headers-dir include/cxjourney \
	  --out-file abi/libcxjourney.abi $(SHARED)

# `man <function>` finds its family page once installed (tests/check-man-links
# runs make install into a temporary DESTDIR).
.PHONY: check-man-links
check: check-man-links
check-man-links: all
	@MAKE="$(MAKE)" B=$(B) sh tests/check-man-links

# The table and README tests run again under REFPYTHON, which has pandas,
# so that pandas.DataFrame(scores.table(...)) is checked where pandas is.
# test_install.py builds the package offline with whichever of PYTHON and
# REFPYTHON has setuptools and wheel.
check-python: all
	@if ls bindings/python/tests/test_*.py >/dev/null 2>&1; then \
	  CXJ_LIBRARY=$(CURDIR)/$(SHARED) REFPYTHON=$(REFPYTHON) $(PYTHON) \
	    -m unittest discover -s bindings/python/tests -t bindings/python; \
	else echo "python: no binding tests yet"; fi
	@if command -v $(REFPYTHON) >/dev/null 2>&1; then \
	  cd bindings/python && CXJ_LIBRARY=$(CURDIR)/$(SHARED) \
	    $(REFPYTHON) -m unittest tests.test_table tests.test_readme; \
	else echo "python: $(REFPYTHON) not found, pandas tests not run"; fi

# Rewrites the checked-in list of exported symbols after an API addition.
symbols: all
	nm -D --defined-only $(SHARED) | awk '$$2 == "T" {print $$3}' | \
	  sed 's/@.*//' | sort > tests/symbols.txt

demo: all $(B)/examples/itsm_journey $(B)/examples/itsm_report
	@echo "== the ITSM support journey, built through the API"
	@$(B)/examples/itsm_journey
	@echo
	@$(MAKE) --no-print-directory demo-cxj

SANITIZE_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# clang's UBSan checks what gcc's does not (an offset applied to a null
# pointer, found by fuzz_csv): where clang is installed (CI installs it for
# tsan) the C suites and the fuzz replays run under both compilers.
SANITIZE_CLANG ?= $(shell command -v clang 2>/dev/null)
# Check's per-test timeout (4 s) is there to catch hangs; the sanitizers
# slow code 5 to 15 times, so their runs give each test five times as long.
SANITIZER_TIMEOUTS := CK_TIMEOUT_MULTIPLIER=5
sanitize:
	$(SANITIZER_TIMEOUTS) $(MAKE) B=build-sanitize CC=$(CC) CFLAGS="$(SANITIZE_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" check-c check-cxj \
	  CXJ_REFLIB=$(CURDIR)/$(B)/$(SONAME)
	@if [ -n "$(SANITIZE_CLANG)" ]; then \
	  $(SANITIZER_TIMEOUTS) $(MAKE) B=build-sanitize-clang CC=$(SANITIZE_CLANG) \
	    CFLAGS="$(SANITIZE_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    check-c; \
	else echo "sanitize: clang not found, gcc's sanitizers only"; fi

# ThreadSanitizer over every suite: the CSV import starts threads, and the
# threads tests share journeys and the allocator across threads.
tsan:
	$(SANITIZER_TIMEOUTS) $(MAKE) B=build-tsan CC=$(TSAN_CC) \
	  CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=thread" check-c

valgrind: $(TEST_BIN)
	@for t in $(TEST_BIN); do \
	  CK_FORK=no valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect $$t > $$t.vg.log 2>&1 \
	    || { cat $$t.vg.log; exit 1; }; \
	  echo "valgrind clean: $$t"; \
	done

bench: all
	@B=$(B) REFPYTHON=$(REFPYTHON) sh bench/run

# ---- PostgreSQL extension and Dask ----
# The extension (bindings/postgresql) builds with PGXS, out of tree in
# $(B)/postgresql, linking $(STATIC). check-postgresql starts a server of its
# own (bindings/postgresql/test/run); check-dask runs the cluster tests with
# REFPYTHON, which has pandas and distributed. Where a component is
# missing both say so and skip, and fail instead under CXJ_CI=1.
PG_CONFIG ?= pg_config
.PHONY: postgresql install-postgresql check-postgresql check-dask
check: check-postgresql check-dask

PGXS_MAKE = $(MAKE) -C $(B)/postgresql \
	  -f $(CURDIR)/bindings/postgresql/Makefile CXJ_ROOT=$(CURDIR) \
	  CXJ_STATIC=$(abspath $(STATIC)) PG_CONFIG=$(PG_CONFIG)

postgresql: $(STATIC)
	@mkdir -p $(B)/postgresql
	$(PGXS_MAKE)

# Into the directories of the server pg_config names; honours DESTDIR.
install-postgresql: postgresql
	$(PGXS_MAKE) install

check-postgresql: all
	@B=$(B) PG_CONFIG=$(PG_CONFIG) PYTHON=$(PYTHON) \
	  sh bindings/postgresql/test/run

check-dask: all
	@if ! command -v $(REFPYTHON) >/dev/null 2>&1; then \
	  echo "dask: $(REFPYTHON) not found"; test "$$CXJ_CI" != 1; \
	else CXJ_DASK=1 CXJ_LIBRARY=$(CURDIR)/$(SHARED) $(REFPYTHON) -m unittest \
	  discover -s bindings/python/tests -t bindings/python -p test_dask.py; fi

# ---- the cxj tool ----
# tools/cxj: the command-line tool, on the public API only, linked with the
# static library; JSON through libjansson, linked into the tool alone.
# Without libjansson the library builds as before and the tool is skipped,
# saying why; its tests then skip too, or fail when CXJ_CI=1.
BINDIR        ?= $(PREFIX)/bin
JANSSON_FOUND ?= $(shell $(PKG_CONFIG) --exists jansson 2>/dev/null && echo yes)
JANSSON_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JANSSON_LIBS  ?= $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
CXJ_SRC       := $(sort $(wildcard tools/cxj/*.c))
CXJ_OBJ       := $(CXJ_SRC:%.c=$(B)/%.o)
CXJ_BIN        = $(B)/cxj
CHROMIUM      ?= $(shell command -v chromium chromium-browser google-chrome 2>/dev/null | head -n 1)
# check-cxj runs every cxj under this prefix (valgrind, ...)
CXJ_WRAPPER   ?=

.PHONY: cxj check-cxj install-cxj uninstall-cxj valgrind-cxj demo-cxj

ifeq ($(JANSSON_FOUND),yes)
all: $(CXJ_BIN)
cxj: $(CXJ_BIN)
else
all: cxj
cxj:
	@echo "cxj: libjansson is missing (apt-get install libjansson-dev): the tool is not built"
endif

$(B)/tools/cxj/%.o: tools/cxj/%.c tools/cxj/cxj.h tools/cxj/render.h $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) $(JANSSON_CFLAGS) -c $< -o $@

$(CXJ_BIN): $(CXJ_OBJ) $(STATIC)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CXJ_OBJ) $(STATIC) $(JANSSON_LIBS) $(LIBS)

check: check-cxj
# the binding in check-cxj loads the plain library even in a sanitizer run
sanitize: all

# The tool's tests: every command, its exit codes and documents, the
# rendered page in headless Chromium. The Python binding (loaded from
# CXJ_REFLIB) computes the library's numbers by another path.
CXJ_REFLIB ?= $(CURDIR)/$(B)/$(SONAME)
check-cxj: all
	@if [ "$(JANSSON_FOUND)" != yes ]; then \
	  if [ -n "$$CXJ_CI" ]; then echo "check-cxj: libjansson is missing (CXJ_CI=1)"; exit 1; fi; \
	  echo "check-cxj: SKIPPED: libjansson is missing, so cxj is not built (apt-get install libjansson-dev)"; \
	else \
	  CXJ=$(CURDIR)/$(CXJ_BIN) CXJ_WRAPPER="$(CXJ_WRAPPER)" CXJ_REFLIB=$(CXJ_REFLIB) \
	  CHROMIUM="$(CHROMIUM)" B=$(B) $(PYTHON) tests/cxj/test_cxj.py; \
	fi

# The tool under valgrind's memcheck: every cxj the tests start.
valgrind: valgrind-cxj
valgrind-cxj: all
	@$(MAKE) --no-print-directory check-cxj \
	  CXJ_WRAPPER="valgrind -q --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite,indirect"

install: install-cxj
install-cxj: all
	@if [ -f $(CXJ_BIN) ]; then \
	  install -d $(DESTDIR)$(BINDIR) && install -m 755 $(CXJ_BIN) $(DESTDIR)$(BINDIR)/cxj; \
	else echo "cxj: not built, not installed"; fi

uninstall: uninstall-cxj
uninstall-cxj:
	rm -f $(DESTDIR)$(BINDIR)/cxj

# make demo: the example map validated, scored, compared, its drivers, and
# rendered, through cxj.
demo-cxj: all $(B)/examples/itsm_report
	@if [ -f $(CXJ_BIN) ]; then sh tools/cxj/demo.sh $(CXJ_BIN) $(B); \
	else echo "cxj: libjansson is missing (apt-get install libjansson-dev): the tool's demo is skipped"; \
	  echo "== loaded from examples/itsm-support.yaml and scored"; \
	  $(B)/examples/itsm_report examples/itsm-support.yaml examples/itsm-responses.csv; fi

# ---- install ----
# Written at every install so that it names the PREFIX of that install.
$(B)/cxjourney.pc: cxjourney.pc.in FORCE
	@mkdir -p $(@D)
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@libdir@|$(LIBDIR)|' \
	  -e 's|@includedir@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	  cxjourney.pc.in > $@

FORCE:

# Besides the pages, one link page per function (tools/man-links), so that
# `man cxj_journey_new` shows cxj_journey(3).
install: all $(B)/cxjourney.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/cxjourney
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/
	ln -sf libcxjourney.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libcxjourney.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libcxjourney.so
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/
	install -m 644 include/cxjourney.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 include/cxjourney/*.h $(DESTDIR)$(INCLUDEDIR)/cxjourney/
	install -m 644 $(B)/cxjourney.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	for s in 1 3 5 7; do \
	  for f in man/man$$s/*.$$s; do \
	    [ -f "$$f" ] || continue; \
	    install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man$$s/; \
	  done; \
	done
	sh tools/man-links man/man3 $(DESTDIR)$(MANDIR)/man3

uninstall:
	sh tools/man-links -l man/man3 | while read -r n fam; do \
	  rm -f $(DESTDIR)$(MANDIR)/man3/$$n.3; \
	done
	rm -f $(DESTDIR)$(LIBDIR)/libcxjourney.so.$(VERSION) \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libcxjourney.so \
	  $(DESTDIR)$(LIBDIR)/libcxjourney.a \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/cxjourney.pc \
	  $(DESTDIR)$(INCLUDEDIR)/cxjourney.h
	rm -rf $(DESTDIR)$(INCLUDEDIR)/cxjourney
	for s in 1 3 5 7; do \
	  for f in man/man$$s/*.$$s; do \
	    [ -f "$$f" ] && rm -f $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$f); \
	  done; \
	done; true

clean:
	rm -rf build build-sanitize build-sanitize-clang build-tsan build-fuzz
