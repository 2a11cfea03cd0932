# mk/quality.mk — the quality rig: fault-injection shim and libFuzzer targets.
# Included by the Makefile. `make check` builds the shim; `make fuzz` / `make fuzz-smoke`
# (rules in the Makefile) call tests/fuzz/run.sh, which builds the targets below.

FAULTSHIM := $(BUILD)/tools/faultshim.so

$(FAULTSHIM): tests/fault/faultshim.c
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) -std=c17 -D_GNU_SOURCE -O1 -g -Wall -Wextra -fPIC -shared \
		-o $@ $< -ldl

check bench: $(FAULTSHIM)

# Fuzz targets: the core and interchange sources are compiled again with clang (never the
# plain build's libcore.a, which is not instrumented), for libFuzzer, ASan and UBSan.
FUZZ_CC ?= clang
FUZZ_DIR := build-fuzz
# the core and interchange layers, never the front ends (a new core module is fuzzable
# without a line here)
FUZZ_CORE_SRCS := $(sort $(wildcard src/core/*.c src/interchange/*.c))
FUZZ_OBJS := $(FUZZ_CORE_SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c17 -D_GNU_SOURCE -Iinclude -g -O1 $(FUZZ_SAN) \
	-DGLOSS_VERSION='"$(VERSION)"' $(DEPS_CFLAGS)

$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call quiet,FUZZCC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
		-c -o $@ $<

# an archive, so each target pulls in only the modules it needs
$(FUZZ_DIR)/libcore.a: $(FUZZ_OBJS)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

# fuzz_anchor's input bytes are only the random choices of a generator, never compared
# with the text, so the core is built for it without comparison tracing (-trace-cmp): the
# fuzzer gains nothing from it there, and it took 40% of each execution (twice the rate).
FUZZ_NOCMP := -fno-sanitize-coverage=trace-cmp
$(FUZZ_DIR)/obj-nocmp/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(call quiet,FUZZCC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_NOCMP) \
		-MMD -MP -c -o $@ $<

$(FUZZ_DIR)/libcore-nocmp.a: $(FUZZ_OBJS:$(FUZZ_DIR)/obj/%=$(FUZZ_DIR)/obj-nocmp/%)
	$(call quiet,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_anchor: tests/fuzz/fuzz_anchor.c tests/fuzz/fuzz_common.h \
		tests/unit/anchor_prop.h $(FUZZ_DIR)/libcore-nocmp.a
	@mkdir -p $(dir $@)
	$(call quiet,FUZZLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_NOCMP) -MMD -MP \
		-o $@ $< $(FUZZ_DIR)/libcore-nocmp.a $(DEPS_LIBS) -lm

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h tests/fuzz/fuzz_fixture.h tests/fuzz/fuzz_import_common.h \
		$(FUZZ_DIR)/libcore.a
	@mkdir -p $(dir $@)
	$(call quiet,FUZZLD,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< \
		$(FUZZ_DIR)/libcore.a $(DEPS_LIBS) -lm

.PHONY: fuzz-build
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

-include $(wildcard $(FUZZ_DIR)/obj/*/*.d $(FUZZ_DIR)/obj-nocmp/*/*.d $(FUZZ_DIR)/*.d)

# make check builds the fuzz smoke's targets first, outside the test runner's watchdog (a
# build under load must not be mistaken for a hung fuzzer); the smoke then finds them built.
# Not under SANITIZE=1, where the smoke is skipped, nor without clang, where it says so.
.PHONY: fuzz-prebuild
check: fuzz-prebuild
fuzz-prebuild:
	$(Q)if [ "$(SANITIZE)" != 1 ] && command -v $(FUZZ_CC) >/dev/null 2>&1; then \
		$(MAKE) -s fuzz-build || echo "fuzz-prebuild: build failed; the smoke reports it"; fi
