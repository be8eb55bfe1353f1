// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The glibc side of the C++ mixing test (see cxx_mix.hpp), and main():
 * Chooser::select is defined here, called from the Winsock side; glibc's
 * socketpair and select work next to libws; Record has one size on both
 * sides. Exits 0 when all holds.
 */
#include <stdio.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cxx_mix.hpp"

int Chooser::select(int n)
{
	return n * 10;
}

size_t record_size_glibc()
{
	return sizeof(Record);
}

int glibc_sockets()
{
	fd_set set;
	struct timeval tv = { 1, 0 };
	int sv[2], r;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 1;
	if (write(sv[1], "x", 1) != 1)
		return 2;
	FD_ZERO(&set);
	FD_SET(sv[0], &set);
	r = select(sv[0] + 1, &set, NULL, NULL, &tv);
	close(sv[0]);
	close(sv[1]);
	return r == 1 ? 0 : 3;
}

int main()
{
	Chooser c;
	int bad = 0;

	if (record_size_winsock() != record_size_glibc()) {
		printf("Record: %zu bytes with winsock2.h, %zu without\n",
		       record_size_winsock(), record_size_glibc());
		bad = 1;
	}
	if (chooser_winsock(c) != 24) {
		printf("Chooser from the Winsock side: %d\n", chooser_winsock(c));
		bad = 1;
	}
	if (glibc_sockets()) {
		printf("glibc's sockets: %d\n", glibc_sockets());
		bad = 1;
	}
	if (winsock_select()) {
		printf("Winsock's select: %d\n", winsock_select());
		bad = 1;
	}
	return bad;
}
