/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unistd.h for programs built with libws's include directory.
 *
 * glibc's <unistd.h> declares gethostname(char *, size_t) and the type
 * socklen_t (unsigned). After winsock2.h, which declares Winsock's
 * gethostname(char *, int), and where socklen_t is Windows' int or not
 * defined at all (Windows code often defines it itself), those two would
 * not compile: they are declared under other names here, and socklen_t
 * is left free; the rest of unistd.h is glibc's. Without winsock2.h this
 * header is glibc's unchanged. (winsock2.h itself does not include
 * <unistd.h>.)
 */
#pragma GCC system_header
#ifdef _WINSOCK2API_
#pragma push_macro("gethostname")
#pragma push_macro("socklen_t")
#undef gethostname
#define gethostname	__ws_glibc_gethostname
#ifndef __socklen_t_defined
#define __WS_HIDE_SOCKLEN_T
#undef socklen_t
#define socklen_t	__ws_glibc_socklen_t
#endif
#include_next <unistd.h>
#ifdef __WS_HIDE_SOCKLEN_T
#undef __WS_HIDE_SOCKLEN_T
#undef __socklen_t_defined	/* socklen_t is still free */
#endif
#pragma pop_macro("socklen_t")
#pragma pop_macro("gethostname")
#else
#include_next <unistd.h>
#endif
