#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libws host-side tests: compile tests of the public headers, the exports of
# libws.so and libws.a, every unit test (tests/unit NAME) and every test
# program (BUILDDIR/tests/prog/*), each in a process of its own, bounded by
# WS_TEST_TIMEOUT seconds (default 60): a test that crashes or hangs fails
# alone and the run goes on. A test exits 0 (passed), 77 (skipped: its
# last line is "SKIP: reason") or anything else (failed). Prints TAP and a
# last line "# N passed, N failed, N skipped"; exits nonzero on any failure.
#
# usage: tests/run.sh BUILDDIR      (CC and CXX from the environment)

set -u
O=$1
CC=${CC:-cc}
CXX=${CXX:-c++}
cd "$(dirname "$0")/.." || exit 1

WFLAGS="-Wall -Wextra -Werror"
INC="-Iinclude"
T=$O/tests/compile
mkdir -p "$T"

TIMEOUT=${WS_TEST_TIMEOUT:-60}
n=0
pass=0
fail=0
skip=0

result() {	# result STATUS NAME [LOGFILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok $n - $2"
	elif [ "$1" -eq 77 ]; then
		skip=$((skip + 1))
		echo "ok $n - $2 # SKIP $(sed -n 's/^SKIP: //p' "$3" | tail -n 1)"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && sed 's/^/#   /' "$3"
	fi
}

# run NAME COMMAND...: one test in a process of its own, bounded.
run() {
	name=$1
	shift
	timeout -k 5 "$TIMEOUT" "$@" > "$T/$name.out" 2>&1
	status=$?
	case $status in
	124|137) echo "timed out after $TIMEOUT s" >> "$T/$name.out" ;;
	0|1|77) ;;
	*) [ "$status" -gt 128 ] &&
		echo "killed by signal $((status - 128))" >> "$T/$name.out" ;;
	esac
	result "$status" "$name" "$T/$name.out"
}

compile() {	# compile NAME COMMAND...
	name=$1
	shift
	"$@" > "$T/$name.log" 2>&1
	result $? "$name" "$T/$name.log"
}

# Every function and macro, from the Windows headers alone.
compile compile_api_gnu_c $CC $WFLAGS $INC -c -o "$T/api.o" tests/compile/api.c
compile compile_api_iso_c99 $CC -std=c99 $WFLAGS $INC -c -o "$T/api99.o" \
	tests/compile/api.c
compile compile_api_iso_c11_pedantic $CC -std=c11 -pedantic $WFLAGS $INC -c \
	-o "$T/api11.o" tests/compile/api.c
compile compile_api_cxx $CXX -x c++ $WFLAGS $INC -c -o "$T/apicxx.o" \
	tests/compile/api.c
compile link_api_shared $CC -o "$T/api" "$T/api.o" -L"$O" -lws
compile link_api_cxx_static $CXX -o "$T/apicxx" "$T/apicxx.o" "$O/libws.a" \
	-lpthread
# Include order with the C library's headers.
compile compile_std_headers_before $CC $WFLAGS $INC -c -o "$T/before.o" \
	tests/compile/order_before.c
compile compile_std_headers_after $CC $WFLAGS $INC -c -o "$T/after.o" \
	tests/compile/order_after.c
compile compile_unicode_c $CC $WFLAGS $INC -c -o "$T/unicode.o" \
	tests/compile/unicode.c
compile compile_unicode_cxx $CXX -x c++ $WFLAGS $INC -c -o "$T/unicodecxx.o" \
	tests/compile/unicode.c
compile compile_fd_setsize_cmdline $CC $WFLAGS $INC -DFD_SETSIZE=256 -c \
	-o "$T/fdsetsize.o" tests/compile/fdsetsize.c
# ws2def.h, ws2ipdef.h and mstcpip.h, as Windows code spells them.
compile compile_option_headers_c $CC $WFLAGS $INC -c -o "$T/options.o" \
	tests/compile/options.c
compile compile_option_headers_cxx $CXX -x c++ $WFLAGS $INC -c \
	-o "$T/optionscxx.o" tests/compile/options.c

# What Windows code does around winsock2.h, in C and C++.
compile compile_socklen_t_after_c $CC $WFLAGS $INC -c -o "$T/socklen.o" \
	tests/compile/socklen_after.c
compile compile_socklen_t_after_cxx $CXX -x c++ $WFLAGS $INC -c \
	-o "$T/socklencxx.o" tests/compile/socklen_after.c
compile compile_glibc_headers_after_c $CC $WFLAGS $INC -c -o "$T/gafter.o" \
	tests/compile/glibc_after.c
compile compile_glibc_headers_after_cxx $CXX -x c++ $WFLAGS $INC -c \
	-o "$T/gaftercxx.o" tests/compile/glibc_after.c
compile compile_no_macro_names_c $CC $WFLAGS $INC -c -o "$T/nomacro.o" \
	tests/compile/no_select_macro.c
compile compile_no_macro_names_c99 $CC -std=c99 $WFLAGS $INC -c \
	-o "$T/nomacro99.o" tests/compile/no_select_macro.c
compile compile_no_macro_names_cxx $CXX -x c++ $WFLAGS $INC -c \
	-o "$T/nomacrocxx.o" tests/compile/no_select_macro.c
# C++ translation units with and without winsock2.h in one program: a
# class with a select member, a structure with a u_long, glibc's sockets.
compile link_cxx_winsock_and_glibc_units $CXX $WFLAGS $INC -o "$T/cxxmix" \
	tests/compile/cxx_mix_winsock.cpp tests/compile/cxx_mix_glibc.cpp \
	"$O/libws.a" -lpthread
run run_cxx_winsock_and_glibc_units "$T/cxxmix"

# glibc's socket headers first: a clear error, not a confusing one.
if $CC $INC -c -o "$T/mix.o" tests/compile/glibc_socket_first.c \
	> "$T/mix.log" 2>&1; then
	echo "compiled, but must not" >> "$T/mix.log"
	result 1 compile_glibc_socket_headers_refused "$T/mix.log"
else
	grep -q "cannot be used together with glibc's socket headers" \
		"$T/mix.log"
	result $? compile_glibc_socket_headers_refused "$T/mix.log"
fi

# libws.so exports exactly the symbols of libws.map, each at its node.
awk '/^LIBWS_[0-9.]+ *\{/ { node = $1 }
     /^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*;$/ { sub(/;$/, "", $1); print $1 "@@" node }' \
	libws.map | sort > "$T/exports.versioned"
sed 's/@@.*//' "$T/exports.versioned" | sort > "$T/exports.expected"
nm -D --defined-only "$O/libws.so.1" | awk '$3 !~ /^LIBWS_[0-9.]+$/ { print $3 }' |
	sort > "$T/exports.actual"
diff "$T/exports.versioned" "$T/exports.actual" > "$T/exports.log" 2>&1
result $? exports_match_version_script "$T/exports.log"
readelf -d "$O/libws.so.1" | grep -q 'SONAME.*\[libws.so.1\]'
result $? soname_libws_so_1
# The file is libws.so.VERSION; libws.so.1 and libws.so link to it.
{ [ -n "${VERSION:-}" ] && [ -f "$O/libws.so.$VERSION" ] &&
  [ "$(readlink "$O/libws.so.1")" = "libws.so.$VERSION" ] &&
  [ "$(readlink "$O/libws.so")" = "libws.so.1" ]; } > "$T/names.log" 2>&1 ||
	ls -l "$O"/libws.so* > "$T/names.log" 2>&1
[ -n "${VERSION:-}" ] && [ "$(readlink "$O/libws.so.1")" = "libws.so.$VERSION" ]
result $? file_name_libws_so_version "$T/names.log"
# libws.a defines the same symbols, and no internal one, as libws.so.
nm -g --defined-only "$O/libws.a" | awk 'NF == 3 { print $3 }' | sort \
	> "$T/static.actual"
diff "$T/exports.expected" "$T/static.actual" > "$T/static.log" 2>&1
result $? static_archive_exports_only_the_api "$T/static.log"
# libws's calls to its own exports do not go through the PLT or the GOT,
# where a program's function of the same name would take them over.
readelf -rW "$O/libws.so.1" | awk '/R_X86_64_(JUMP_SLOT|GLOB_DAT|64)/ { print $5 }' |
	sed 's/@.*//' | sort -u > "$T/relocs"
comm -12 "$T/exports.expected" "$T/relocs" > "$T/selfrelocs.log"
[ ! -s "$T/selfrelocs.log" ]
result $? no_relocations_against_own_exports "$T/selfrelocs.log"

# README.md's table of the Winsock functions is what libws/function-table
# makes of libws.map and the headers now.
sh ./function-table --check ../README.md > "$T/functable.log" 2>&1
result $? readme_function_table_current "$T/functable.log"
# README.md's porting example, a program written for Windows, compiles
# unchanged (the pragma it carries for Visual C++ aside) and links.
sed -n '/^<!-- porting example: begin -->$/,/^<!-- porting example: end -->$/p' \
	../README.md | sed '1,2d;$d' | sed '$d' > "$T/porting.c"
{ [ -s "$T/porting.c" ] &&
  $CC $WFLAGS -Wno-unknown-pragmas $INC -o "$T/porting" "$T/porting.c" \
	-L"$O" -lws; } > "$T/porting.log" 2>&1
result $? readme_porting_example_builds "$T/porting.log"

# The unit tests, each in a process of its own.
for t in $("$O/tests/unit" --list); do
	run "$t" "$O/tests/unit" "$t"
done

# The test programs.
for p in "$O"/tests/prog/*; do
	[ -x "$p" ] || continue
	run "${p##*/}" "$p"
done

echo "1..$n"
echo "# $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
