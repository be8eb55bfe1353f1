// SPDX-License-Identifier: LGPL-2.1-or-later
/* Compile test: the usual C and POSIX headers after winsock2.h. */
#include <winsock2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <unistd.h>
#include <time.h>

int order_after(void);

int order_after(void)
{
	fd_set set;
	struct timeval tv;
	char name[64];

	_Static_assert(sizeof(set.fd_array) / sizeof(SOCKET) == 64,
		       "FD_SETSIZE is Winsock's 64");
	_Static_assert(sizeof(u_long) == 4, "u_long is Winsock's");
	gettimeofday(&tv, NULL);		/* glibc's own timeval */
	FD_ZERO(&set);
	FD_SET(1, &set);
	printf("%ld\n", (long)tv.tv_sec);
	return gethostname(name, sizeof(name)) +
	       select(0, &set, NULL, NULL, &tv) + (int)getpid();
}
