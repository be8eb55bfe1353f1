// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compile test: with winsock2.h first, no Winsock name is a macro that
 * would rename the program's own identifiers (C); in C++ select,
 * gethostname and u_long are not, whatever came first (socklen_t is, after
 * glibc's: see ws2tcpip.h). u_long is 32 bits, as on Windows.
 */
#ifdef __cplusplus
#include <stdlib.h>	/* glibc's select declared first: still no macro */
#include <unistd.h>
#endif
#include <winsock2.h>
#include <ws2tcpip.h>

#if defined(select) || defined(gethostname) || defined(u_long) || \
	defined(socket) || defined(connect)
#error "a Winsock name is a macro"
#endif
#if !defined(__cplusplus) && defined(socklen_t)
#error "socklen_t is a macro"
#endif

typedef char u_long_is_32_bits[sizeof(u_long) == 4 ? 1 : -1];

struct ops {
	int (*select)(int);
	int (*gethostname)(void);
};

int no_select_macro(struct ops *o);

int no_select_macro(struct ops *o)
{
	fd_set set;
	struct timeval tv = { 0, 0 };
	char name[16];

	FD_ZERO(&set);
	return o->select(1) + o->gethostname() +
	       select(0, &set, NULL, NULL, &tv) + gethostname(name, 16);
}
