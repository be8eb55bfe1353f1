# SPDX-License-Identifier: GPL-2.0
#
# Top-level Makefile: wraps Kbuild for the module and builds libws, the
# selftests and the examples. See README.md.

KDIR	?= /lib/modules/$(shell uname -r)/build
BUILD	?= $(CURDIR)/build
WS_CACHE ?= /var/cache/ws
FAMILY	?=
# Where `make kmod` builds the module; empty builds in the source tree.
MODOUT	?=

export WS_CACHE

.PHONY: all kmod libws selftests examples tools check demo bench load unload \
	sparse checkpatch clean install install-module install-user uninstall \
	dkms-install dkms-uninstall

all: libws selftests examples tools
	@if [ -d "$(KDIR)" ]; then $(MAKE) kmod; \
	else echo "note: $(KDIR) not found, module not built (set KDIR=...)"; fi

libws:
	$(MAKE) -C libws O=$(BUILD)/libws

selftests: libws
	$(MAKE) -C selftests O=$(BUILD)/selftests LIBWS=$(BUILD)/libws

examples: libws
	$(MAKE) -C examples O=$(BUILD)/examples LIBWS=$(BUILD)/libws

# wsstat (tools/wsstat): the ws sockets and counters of a namespace.
tools:
	$(MAKE) -C tools O=$(BUILD)/tools

# The module, for the kernel at KDIR. With MODOUT set, the sources are
# copied there first, so one tree can hold builds for several kernels.
# Only sources are copied (cp -a keeps their times, so make rebuilds what
# changed).
define ws_copy_module
	@mkdir -p $(1)/kmod $(1)/uapi/linux
	@cp -a Kbuild dkms.conf $(1)/
	@cp -a kmod/*.c kmod/*.h $(1)/kmod/
	@cp -a uapi/linux/*.h $(1)/uapi/linux/
endef
define ws_copy_sources
	$(call ws_copy_module,$(1))
	@mkdir -p $(1)/selftests/kunit
	@cp -a selftests/kunit/*.c $(1)/selftests/kunit/
endef

ifeq ($(MODOUT),)
kmod:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules
else
kmod:
	$(call ws_copy_sources,$(MODOUT))
	$(MAKE) -C $(KDIR) M=$(MODOUT) W=1 modules
endif

# Static checks of the module: sparse and checkpatch. Two checkpatch rules
# do not fit an out-of-tree module: compat.h exists to test
# LINUX_VERSION_CODE, and the proto_ops are written once at init because the
# family number is a module parameter (they are __ro_after_init).
CHECKPATCH ?= $(firstword $(wildcard $(WS_CACHE)/linux-source-6.12/scripts/checkpatch.pl) \
		$(KDIR)/scripts/checkpatch.pl)
sparse:
	$(call ws_copy_sources,$(BUILD)/sparse)
	$(MAKE) -C $(KDIR) M=$(BUILD)/sparse C=2 W=1 modules
# The tracepoint header is written in the layout of include/trace/events/
# (TP_STRUCT__entry( ... ) blocks), which two --strict layout checks reject.
CHECKPATCH_FLAGS = --strict --no-tree --terse --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,LINUX_VERSION_CODE,CONSTANT_COMPARISON,CONST_STRUCT
checkpatch:
	$(CHECKPATCH) $(CHECKPATCH_FLAGS) -f \
		$(filter-out kmod/ws_trace.h,$(wildcard kmod/*.c kmod/*.h)) \
		uapi/linux/*.h selftests/kunit/*.c
	$(CHECKPATCH) $(CHECKPATCH_FLAGS),OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT -f \
		kmod/ws_trace.h

# A real host (not the VM): load and unload the module built by `make`.
load:
	insmod ws.ko $(if $(FAMILY),family=$(FAMILY))
unload:
	rmmod ws

# --- installing --------------------------------------------------------------
#
# `make install` (as root, or into DESTDIR=<staging dir>): the module for
# the kernel at KDIR through Kbuild's modules_install (into
# /lib/modules/<release>/$(INSTALL_MOD_DIR); Kbuild signs it where the
# kernel's signing key is at hand), and libws (shared library
# with its SONAME link and development link, static library, headers in
# $(INCLUDEDIR)/ws, pkg-config file, man pages), wsstat and its man page,
# the kernel ABI header as $(INCLUDEDIR)/linux/ws.h, the udev rule and an
# example modprobe.d file; the last two only where no such file exists
# yet (they are the administrator's to edit). Without DESTDIR, depmod and
# ldconfig then update modprobe's index and ld.so's cache (Kbuild's own
# depmod needs a System.map, which Debian's headers lack); a staged tree
# gets them where it is unpacked. `make uninstall` removes what install put
# there, the two configuration files only while unchanged. Both take the
# same DESTDIR, PREFIX, KDIR and MODOUT.
#
# `make dkms-install` (root, with Debian's dkms): copies the module's
# sources to /usr/src/ws-$(VERSION) and has DKMS add, build and install
# them for the running kernel; DKMS rebuilds them for every kernel
# installed later (dkms.conf: AUTOINSTALL). `make dkms-uninstall` removes
# the module from DKMS for every kernel, and the sources.

VERSION		:= $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
MANDIR		?= $(PREFIX)/share/man
SYSCONFDIR	?= /etc
MODPROBEDIR	?= $(SYSCONFDIR)/modprobe.d
UDEVRULESDIR	?= $(SYSCONFDIR)/udev/rules.d
INSTALL_MOD_DIR	?= extra
DESTDIR		?=
KRELEASE	= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
MODDIR		= $(if $(MODOUT),$(MODOUT),$(CURDIR))
LIBWS_DIRS	= PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) INCLUDEDIR=$(INCLUDEDIR) \
		  MANDIR=$(MANDIR) DESTDIR=$(DESTDIR)

install: install-module install-user

install-module: kmod
	@test -n "$(KRELEASE)" || { echo "no kernel release in $(KDIR) (set KDIR=...)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(MODDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install
	$(if $(DESTDIR),,depmod -a $(KRELEASE))

# install -D and no-clobber copies: the configuration files are kept.
install-user: libws tools
	$(MAKE) -C libws O=$(BUILD)/libws $(LIBWS_DIRS) install
	install -D -m 0755 $(BUILD)/tools/wsstat $(DESTDIR)$(BINDIR)/wsstat
	install -D -m 0644 tools/wsstat/wsstat.8 $(DESTDIR)$(MANDIR)/man8/wsstat.8
	install -D -m 0644 uapi/linux/ws.h $(DESTDIR)$(INCLUDEDIR)/linux/ws.h
	test -e $(DESTDIR)$(MODPROBEDIR)/ws.conf || \
		install -D -m 0644 modprobe.d/ws.conf $(DESTDIR)$(MODPROBEDIR)/ws.conf
	test -e $(DESTDIR)$(UDEVRULESDIR)/60-ws.rules || \
		install -D -m 0644 udev/60-ws.rules $(DESTDIR)$(UDEVRULESDIR)/60-ws.rules
	$(if $(DESTDIR),,ldconfig)

uninstall:
	@test -n "$(KRELEASE)" || { echo "no kernel release in $(KDIR) (set KDIR=...)" >&2; exit 1; }
	rm -f $(DESTDIR)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)/ws.ko \
	      $(DESTDIR)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)/ws.ko.*
	$(if $(DESTDIR),,-depmod -a $(KRELEASE))
	$(MAKE) -C libws O=$(BUILD)/libws $(LIBWS_DIRS) uninstall
	rm -f $(DESTDIR)$(BINDIR)/wsstat $(DESTDIR)$(MANDIR)/man8/wsstat.8 \
	      $(DESTDIR)$(INCLUDEDIR)/linux/ws.h
	! cmp -s modprobe.d/ws.conf $(DESTDIR)$(MODPROBEDIR)/ws.conf || \
		rm -f $(DESTDIR)$(MODPROBEDIR)/ws.conf
	! cmp -s udev/60-ws.rules $(DESTDIR)$(UDEVRULESDIR)/60-ws.rules || \
		rm -f $(DESTDIR)$(UDEVRULESDIR)/60-ws.rules
	$(if $(DESTDIR),,ldconfig)

DKMS		?= dkms
DKMS_SRC	= /usr/src/ws-$(VERSION)

dkms-install:
	@command -v $(DKMS) >/dev/null || { echo "dkms not found (apt-get install dkms)" >&2; exit 1; }
	if [ -n "$$($(DKMS) status -m ws -v $(VERSION))" ]; then \
		$(DKMS) remove -m ws -v $(VERSION) --all; fi
	rm -rf $(DKMS_SRC)
	$(call ws_copy_module,$(DKMS_SRC))
	$(DKMS) add -m ws -v $(VERSION)
	$(DKMS) build -m ws -v $(VERSION)
	$(DKMS) install -m ws -v $(VERSION)

dkms-uninstall:
	if [ -n "$$($(DKMS) status -m ws -v $(VERSION))" ]; then \
		$(DKMS) remove -m ws -v $(VERSION) --all; fi
	rm -rf $(DKMS_SRC)

# Everything, in VMs, from a fresh Debian 12 machine: see README.md.
check:
	selftests/check

demo:
	selftests/demo

# The fuzz and fault-injection steps (selftests/fuzz/run) on the debug
# kernel for FUZZ_MINUTES; FUZZ_SEED reproduces a run's seed.
FUZZ_MINUTES ?= 10
FUZZ_SEED ?=
.PHONY: fuzz
fuzz:
	BUILD=$(BUILD) selftests/fuzz/run --minutes $(FUZZ_MINUTES) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

# The WSAEventSelect, overlapped I/O and memory benchmark, in the VM (6.12):
# it prints ws and native results measured in the same run, and their ratios.
bench:
	selftests/vm/setup --only 6.12
	$(MAKE) libws
	$(MAKE) -C selftests/bench O=$(BUILD)/bench LIBWS=$(BUILD)/libws
	BUILD=$(BUILD) selftests/bench/run-bench

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -rf $(BUILD)
