// SPDX-License-Identifier: LGPL-2.1-or-later
/* A translation unit with FD_SETSIZE 128, defined before any header. */
#define FD_SETSIZE 128
#include <stdlib.h>
#include <winsock2.h>

int fdset_custom_size(void);
size_t fdset_custom_bytes(void);
int fdset_custom_fill(void);

int fdset_custom_size(void)
{
	return FD_SETSIZE;
}

size_t fdset_custom_bytes(void)
{
	return sizeof(fd_set);
}

int fdset_custom_fill(void)
{
	fd_set set;
	SOCKET s;

	FD_ZERO(&set);
	for (s = 0; s < 300; s++)
		FD_SET(s, &set);
	return (int)set.fd_count;
}
