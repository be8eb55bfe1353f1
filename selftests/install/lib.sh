# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# Sourced by the install tests that run in the test VM (system-test,
# dkms-test): TAP helpers, and a guest root that the tests may write.
#
# The guest's root is the host's, read-only over 9p. guest_root makes it
# writable the way a live system is, in a mount namespace of the test's own
# (the test re-executes itself with `unshare -m`): an overlay (tmpfs upper
# layer) on /etc, /usr (with /lib/modules and /usr/src: /lib is usr/lib
# on Debian 12), /var and the directories given, so that make install,
# depmod, ldconfig and DKMS write where they write on a real host and
# nothing reaches the host. The overlays go away with the namespace.
#
# The kernel's own modules (/lib/modules/<release>/kernel, from the
# linux-image package that the headers pull in) are hidden under a tmpfs
# that holds just one of them: depmod, which make install, make uninstall
# and DKMS run, takes 90 s in the VM to index all 4000, each time. The ws
# module depends on none of them; the one kept (overlayfs's) keeps the
# kernel's module compression in modules.dep, where DKMS looks it up.

N=0
FAILED=0
ok() { N=$((N + 1)); echo "ok $N $*"; }
not_ok() { N=$((N + 1)); FAILED=1; echo "not ok $N $*"; }
# check DESCRIPTION CMD...: one result, CMD's status (and the seconds it
# took, for the time these tests add to make check).
check() {
	local d=$1 t=$SECONDS
	shift
	if "$@"; then ok "$d ($((SECONDS - t)) s)"; else not_ok "$d ($((SECONDS - t)) s)"; fi
}
# run DESCRIPTION CMD...: the same, with CMD's output as comments.
run() {
	local d=$1 out rc t=$SECONDS
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && sed 's/^/# /' <<<"$out"
	if [ $rc = 0 ]; then ok "$d ($((SECONDS - t)) s)"; else not_ok "$d (exit $rc, $((SECONDS - t)) s)"; fi
}

# guest_only PLAN "$@": print the TAP header; re-execute the script in a
# mount namespace of its own; skip the whole plan outside the test VM or
# without root.
guest_only() {
	local plan=$1 i
	shift
	if [ -z "${WS_INSTALL_NS:-}" ]; then
		echo "TAP version 13"
		echo "1..$plan"
		if [ "${WS_VM:-}" != 1 ] || [ "$(id -u)" != 0 ]; then
			for i in $(seq 1 "$plan"); do
				echo "ok $i # SKIP only as root in the test VM (selftests/vm/run)"
			done
			exit 0
		fi
		WS_INSTALL_NS=1 exec unshare -m --propagation private "$0" "$@"
	fi
}

# The GNU build ID of a module file, compressed or not.
build_id_file() {
	local f=$1 t
	t=$(mktemp)
	case $f in
	*.xz) xz -dc "$f" >"$t" ;;
	*.zst) zstd -qdc "$f" >"$t" ;;
	*.gz) gzip -dc "$f" >"$t" ;;
	*) cp "$f" "$t" ;;
	esac
	readelf -n "$t" | sed -n 's/^ *Build ID: //p'
	rm -f "$t"
}

# The build ID of the loaded ws module: the note as sysfs shows it
# (Documentation/ABI/testing/sysfs-module, notes/): namesz, descsz, type,
# "GNU\0", then the ID.
build_id_loaded() {
	od -An -v -tx1 -j16 /sys/module/ws/notes/.note.gnu.build-id 2>/dev/null | tr -d ' \n'
}

# guest_root [DIR]...: see the top of this file. 0, or 1 with a reason.
# What the test wrote into DIR is under $GUEST_UPPER/<DIR with / as _>/u.
GUEST_UPPER=
guest_root() {
	local up d k tag base
	# What udev links on a live system (bash's <(...) needs /dev/fd).
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
	[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
	[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
	if ! grep -qw overlay /proc/filesystems; then
		# The stock kernels' modules are in $WS_CACHE, not /lib/modules.
		tag=${WS_VM_KERNEL//./_}
		base=WS_KERNEL_${tag^^}_MODULES
		# shellcheck disable=SC1091
		. "${WS_CACHE:-/var/cache/ws}/kernels.env" 2>/dev/null
		base=${!base:-}
		if [ -z "$base" ] || ! modprobe -d "${base%/lib/modules/*}" -S "$(uname -r)" overlay; then
			echo "# no overlayfs in the guest's kernel"
			return 1
		fi
	fi
	up=$(mktemp -d /tmp/ws-root.XXXXXX)
	for d in /etc /usr /var "$@"; do
		k=$up/$(tr / _ <<<"$d")
		mkdir -p "$k/u" "$k/w"
		mount -t overlay overlay -o "lowerdir=$d,upperdir=$k/u,workdir=$k/w" "$d" ||
			{ echo "# cannot put an overlay on $d"; return 1; }
	done
	d=/lib/modules/$(uname -r)/kernel
	if [ -d "$d" ]; then
		k=$(cd "$d" && find fs/overlayfs -name 'overlay.ko*' 2>/dev/null | head -n 1)
		[ -z "$k" ] || cp "$d/$k" "$up/"
		mount -t tmpfs -o mode=0755 tmpfs "$d" ||
			{ echo "# cannot hide $d"; return 1; }
		if [ -n "$k" ]; then
			mkdir -p "$d/${k%/*}" && mv "$up/${k##*/}" "$d/$k" || return 1
		fi
	fi
	GUEST_UPPER=$up
}

# written DIR: the files and links written into DIR since guest_root
# (overlayfs keeps no trace of a file created and removed again), relative.
written() {
	(cd "$GUEST_UPPER/$(tr / _ <<<"$1")/u" && find . ! -type d | sed 's|^\./||' | sort)
}
