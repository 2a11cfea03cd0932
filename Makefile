# gloss — build, test, install.  `make V=1` shows full commands.
# Sanitizer build: `make check SANITIZE=1` (objects go to build-san/).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR ?=
PKG_CONFIG ?= pkg-config
CC ?= cc
VERSION := 0.1.0

PKGS := ncursesw yaml-0.1 libpcre2-8 libxml-2.0 libzip jansson
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS))

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c17 -pthread -D_GNU_SOURCE -Iinclude -DGLOSS_VERSION='"$(VERSION)"' $(WARN) \
	$(DEPS_CFLAGS) $(CFLAGS)
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif
LDLIBS_ALL := $(DEPS_LIBS) -lm -pthread $(LDLIBS)

ifeq ($(SANITIZE),1)
BUILD ?= build-san
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
BUILD ?= build
endif

ifneq ($(V),1)
Q := @
quiet = @printf '  %-6s %s\n' $(1) $(2);
else
Q :=
quiet =
endif

# The layers are folders (HACKING.md): src/core and src/interchange know nothing of curses or
# of the front ends and are built as libcore.a; src/tui (the coder) and src/cli (the
# subcommands) are the front ends, built on top as libfront.a, with src/main.c above both.
# Front-end headers are private to src/tui and src/cli: only front-end code gets those
# folders on its include path, so a core file that includes one does not compile, and
# core-link (a program of the core alone) fails to link when the core calls up a layer.
CORE_SRCS := $(sort $(wildcard src/core/*.c src/interchange/*.c))
FRONT_SRCS := $(sort $(wildcard src/tui/*.c src/cli/*.c))
CORE_OBJS := $(CORE_SRCS:src/%.c=$(BUILD)/src/%.o)
FRONT_OBJS := $(FRONT_SRCS:src/%.c=$(BUILD)/src/%.o)
FRONT_INC := -Isrc/tui -Isrc/cli
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# unit tests of front-end modules (they include a header of src/tui or src/cli); every other
# unit test links the core alone
FRONT_TESTS := test_compare test_emit test_highlight test_keymap test_layout test_lineedit test_listview test_report \
	test_tallycache
FRONT_TEST_BINS := $(FRONT_TESTS:%=$(BUILD)/tests/%)
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)
VTERM_CFLAGS = $(shell $(PKG_CONFIG) --cflags vterm)
VTERM_LIBS = $(shell $(PKG_CONFIG) --libs vterm)

.PHONY: all check layers unit-tests clean install uninstall bench fuzz fuzz-smoke format lint-man
all: $(BUILD)/gloss gloss

gloss: $(BUILD)/gloss
	$(Q)ln -sf $(BUILD)/gloss gloss

$(BUILD)/gloss: $(BUILD)/src/main.o $(BUILD)/libfront.a $(BUILD)/libcore.a
	$(call quiet,LINK,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/libcore.a: $(CORE_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/libfront.a: $(FRONT_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/src/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/src/interchange/%.o: src/interchange/%.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) $(FRONT_INC) -MMD -MP -c -o $@ $<

# the whole core, and nothing else, in one program: an undefined reference here is a call
# from the core up into a front end
$(BUILD)/tests/core-link: tests/unit/core_link.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(call quiet,LINK,$@)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
		-Wl,--whole-archive $(BUILD)/libcore.a -Wl,--no-whole-archive $(LDLIBS_ALL)

$(FRONT_TEST_BINS): $(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h $(BUILD)/libfront.a \
		$(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) $(FRONT_INC) -Itests/unit -MMD -MP $(LDFLAGS) \
		-o $@ $< $(BUILD)/libfront.a $(BUILD)/libcore.a $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/t.h $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -Itests/unit -MMD -MP $(LDFLAGS) -o $@ $< \
		$(BUILD)/libcore.a $(LDLIBS_ALL)

$(BUILD)/tools/vtdrive: tests/tools/vtdrive.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) $(VTERM_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< \
		$(VTERM_LIBS) -lutil -lm

$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< \
		$(BUILD)/libcore.a $(LDLIBS_ALL) -ldl

unit-tests: $(UNIT_BINS)

check: $(BUILD)/gloss $(UNIT_BINS) $(TOOL_BINS) $(BUILD)/tests/core-link layers
	$(Q)BUILD=$(BUILD) SANITIZE=$(SANITIZE) sh tests/run.sh

# only the screen module talks to the terminal library
layers:
	$(Q)bad=$$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?cursesw?/)?(n?curses|term|panel|menu|form)\.h' \
		src include tests/unit tests/tools | grep -v '^src/tui/screen\.c$$'); \
	if [ -n "$$bad" ]; then echo "layers: only src/tui/screen.c may include curses: $$bad" >&2; \
		exit 1; fi
	$(Q)for pair in tui:cli cli:tui; do from=$${pair%%:*} to=$${pair#*:}; \
		for h in src/$$to/*.h; do \
			bad=$$(grep -lE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$$(basename $$h)\"" src/$$from/*); \
			if [ -n "$$bad" ]; then echo "layers: src/$$from includes $$h (the front ends never include each other; src/main.c joins them): $$bad" >&2; \
				exit 1; fi; \
		done; \
	done

bench: $(BUILD)/gloss $(TOOL_BINS)
	$(Q)BUILD=$(BUILD) sh bench/run.sh

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz:
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)
fuzz-smoke:
	$(Q)FUZZ_SECONDS=3 sh tests/fuzz/run.sh $(FUZZ_TARGETS)

install: $(BUILD)/gloss
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	install -m 755 $(BUILD)/gloss $(DESTDIR)$(BINDIR)/gloss
	install -m 644 man/gloss.1 $(DESTDIR)$(MANPREFIX)/man1/gloss.1
	install -m 644 man/gloss.5 $(DESTDIR)$(MANPREFIX)/man5/gloss.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gloss $(DESTDIR)$(MANPREFIX)/man1/gloss.1 \
		$(DESTDIR)$(MANPREFIX)/man5/gloss.5

format:
	clang-format -i src/*.c src/*/*.c src/*/*.h include/gloss/*.h tests/unit/*.c tests/unit/*.h tests/tools/*.c \
		tests/fuzz/*.c tests/fuzz/*.h tests/fault/*.c

lint-man:
	mandoc -Tlint -W warning man/gloss.1 man/gloss.5

clean:
	rm -rf build build-san build-fuzz gloss

include $(wildcard mk/*.mk)

-include $(shell find build build-san -name '*.d' 2>/dev/null)
