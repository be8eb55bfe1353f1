/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sys/types.h for programs built with libws's include directory.
 *
 * Windows' u_long is 32 bits, glibc's is an unsigned long, 64 bits. If
 * u_long had Windows' size only where winsock2.h is included, a structure
 * with a u_long member, declared in a header of the program, would have
 * two sizes in two translation units. So every translation unit built
 * with libws's include directory gets Windows' u_long, from here, before
 * glibc's <sys/types.h> would define its own: glibc skips its block of
 * BSD names (u_char, u_short, u_int, u_long, quad_t, u_quad_t, fsid_t)
 * when __u_char_defined is set, so they are all defined here, with glibc's
 * types (<bits/types.h>, which <sys/types.h> includes too) but for u_long.
 *
 * A header that puts u_long in an ABI of its own (libtirpc's rpc/ headers)
 * must be compiled without libws's include directory.
 */
#pragma GCC system_header
#include <features.h>
#if defined(__USE_MISC) && !defined(__u_char_defined)
#include <bits/types.h>
typedef __u_char	u_char;
typedef __u_short	u_short;
typedef __u_int		u_int;
typedef unsigned int	u_long;		/* 32 bits, as on Windows */
typedef __quad_t	quad_t;
typedef __u_quad_t	u_quad_t;
typedef __fsid_t	fsid_t;
#define __u_char_defined
#define __WS_U_LONG_32
#endif
#include_next <sys/types.h>
