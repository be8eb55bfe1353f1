// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The fd_set macros with the semantics of the select page: an array of
 * SOCKETs with a count, FD_SETSIZE 64 by default; FD_SET ignores a socket
 * already present and one that does not fit, FD_CLR keeps the others in
 * order, FD_ISSET tests membership.
 */
#include <winsock2.h>

#include "tap.h"

/* Defined in test_fdset_size*.c, compiled with other FD_SETSIZEs. */
int fdset_custom_size(void);
size_t fdset_custom_bytes(void);
int fdset_custom_fill(void);
int fdset_glibc_first_size(void);

TEST(fdset_default_size)
{
	EXPECT_EQ(FD_SETSIZE, 64);
	EXPECT_EQ(sizeof(fd_set), sizeof(SOCKET) + 64 * sizeof(SOCKET));
	EXPECT_EQ(sizeof(((fd_set *)0)->fd_count), 4);
}

TEST(fdset_zero_set_isset)
{
	fd_set set;

	memset(&set, 0xa5, sizeof(set));
	FD_ZERO(&set);
	EXPECT_EQ(set.fd_count, 0);
	EXPECT(!FD_ISSET(3, &set), "empty set contains 3");

	FD_SET(3, &set);
	FD_SET((SOCKET)7, &set);
	EXPECT_EQ(set.fd_count, 2);
	EXPECT_EQ(set.fd_array[0], 3);
	EXPECT_EQ(set.fd_array[1], 7);
	EXPECT(FD_ISSET(3, &set), "3 missing");
	EXPECT(FD_ISSET((SOCKET)7, &set), "7 missing");
	EXPECT(!FD_ISSET(4, &set), "4 present");
	EXPECT(!FD_ISSET(INVALID_SOCKET, &set), "INVALID_SOCKET present");
}

TEST(fdset_duplicates_ignored)
{
	fd_set set;

	FD_ZERO(&set);
	FD_SET(5, &set);
	FD_SET(5, &set);
	FD_SET(6, &set);
	FD_SET(5, &set);
	EXPECT_EQ(set.fd_count, 2);
	EXPECT_EQ(set.fd_array[0], 5);
	EXPECT_EQ(set.fd_array[1], 6);
}

TEST(fdset_full_set_ignores_more)
{
	fd_set set;
	SOCKET s;

	FD_ZERO(&set);
	for (s = 100; s < 100 + FD_SETSIZE; s++)
		FD_SET(s, &set);
	EXPECT_EQ(set.fd_count, FD_SETSIZE);
	FD_SET((SOCKET)1000, &set);		/* does not fit: ignored */
	EXPECT_EQ(set.fd_count, FD_SETSIZE);
	EXPECT(!FD_ISSET(1000, &set), "1000 added to a full set");
	EXPECT_EQ(set.fd_array[FD_SETSIZE - 1], 100 + FD_SETSIZE - 1);
	FD_SET((SOCKET)150, &set);		/* present: still ignored */
	EXPECT_EQ(set.fd_count, FD_SETSIZE);
}

TEST(fdset_clr_shifts)
{
	fd_set set;

	FD_ZERO(&set);
	FD_SET(1, &set);
	FD_SET(2, &set);
	FD_SET(3, &set);
	FD_SET(4, &set);
	FD_CLR(2, &set);
	EXPECT_EQ(set.fd_count, 3);
	EXPECT_EQ(set.fd_array[0], 1);
	EXPECT_EQ(set.fd_array[1], 3);
	EXPECT_EQ(set.fd_array[2], 4);
	FD_CLR(9, &set);			/* absent: no change */
	EXPECT_EQ(set.fd_count, 3);
	FD_CLR(4, &set);			/* last */
	EXPECT_EQ(set.fd_count, 2);
	FD_CLR(1, &set);			/* first */
	EXPECT_EQ(set.fd_count, 1);
	EXPECT_EQ(set.fd_array[0], 3);
	FD_CLR(3, &set);
	EXPECT_EQ(set.fd_count, 0);
	FD_CLR(3, &set);			/* empty set */
	EXPECT_EQ(set.fd_count, 0);
}

TEST(fdset_isset_function)
{
	fd_set set;

	FD_ZERO(&set);
	FD_SET(42, &set);
	EXPECT_EQ(__WSAFDIsSet(42, &set), 1);
	EXPECT_EQ(__WSAFDIsSet(43, &set), 0);
	EXPECT_EQ(__WSAFDIsSet(42, NULL), 0);
}

TEST(fdset_setsize_override)
{
	/* "#defining FD_SETSIZE to another value before #including
	 * WINSOCK2.H" (select page). */
	EXPECT_EQ(fdset_custom_size(), 128);
	EXPECT_EQ(fdset_custom_bytes(), sizeof(SOCKET) + 128 * sizeof(SOCKET));
	EXPECT_EQ(fdset_custom_fill(), 128);
	/* glibc's FD_SETSIZE (1024) left by <stdlib.h> is not taken for
	 * the application's. */
	EXPECT_EQ(fdset_glibc_first_size(), 64);
}
