// SPDX-License-Identifier: LGPL-2.1-or-later
/* The Winsock side of the C++ mixing test (see cxx_mix.hpp). */
#include <winsock2.h>

#include "cxx_mix.hpp"

size_t record_size_winsock()
{
	return sizeof(Record);
}

int chooser_winsock(Chooser &c)
{
	return c.select(2) + c.connect(3);
}

/* Winsock's select, before WSAStartup: SOCKET_ERROR, WSANOTINITIALISED. */
int winsock_select()
{
	fd_set set;
	struct timeval tv = { 0, 0 };

	FD_ZERO(&set);
	FD_SET(3, &set);
	if (select(0, &set, NULL, NULL, &tv) != SOCKET_ERROR)
		return 1;
	return WSAGetLastError() == WSANOTINITIALISED ? 0 : 2;
}
