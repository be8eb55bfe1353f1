// SPDX-License-Identifier: LGPL-2.1-or-later
/* Compile test: the usual C headers before winsock2.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>

int order_before(void);

int order_before(void)
{
	fd_set set;
	char *p = malloc(16);

	_Static_assert(sizeof(set.fd_array) / sizeof(SOCKET) == 64,
		       "FD_SETSIZE is Winsock's 64");
	FD_ZERO(&set);
	FD_SET(1, &set);
	snprintf(p, 16, "%d", FD_ISSET(1, &set));
	free(p);
	return (int)sizeof(u_long) + select(0, &set, NULL, NULL, NULL);
}
