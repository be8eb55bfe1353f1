// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Socket options that need no ws module: SO_OPENTYPE, a setting of the
 * calling thread that Windows takes on INVALID_SOCKET (Wine
 * test_set_getsockopt and set_so_opentype/check_so_opentype), with its
 * length rules (Wine test_optsize); and the checks made before the socket
 * is looked at.
 */
#include <pthread.h>

#include <winsock2.h>
#include <mswsock.h>

#include "tap.h"

static void *opentype_thread(void *arg)
{
	int val = 0x5a5a, len = sizeof(val);

	(void)arg;
	/* check_so_opentype: a thread starts with 0, whatever others did. */
	if (getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE, (char *)&val,
		       &len) != 0 || val != 0 || len != sizeof(val))
		return (void *)1;
	return NULL;
}

TEST(sockopt_opentype_per_thread)
{
	WSADATA wsa;
	pthread_t th;
	void *ret = (void *)2;
	int val, len;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
	/* set_so_opentype: any value, on INVALID_SOCKET, reads back. */
	val = 1;
	WSASetLastError(12345);
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, sizeof(val)), 0);
	EXPECT_EQ(WSAGetLastError(), 0);
	val = 0x5a5a;
	len = sizeof(val);
	EXPECT_EQ(getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, &len), 0);
	EXPECT_EQ(val, 1);
	EXPECT_EQ(pthread_create(&th, NULL, opentype_thread, NULL), 0);
	EXPECT_EQ(pthread_join(th, &ret), 0);
	EXPECT(ret == NULL, "another thread did not read 0");
	val = SO_SYNCHRONOUS_NONALERT;
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, sizeof(val)), 0);
	len = sizeof(val);
	EXPECT_EQ(getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, &len), 0);
	EXPECT_EQ(val, SO_SYNCHRONOUS_NONALERT);
	val = 0;
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, sizeof(val)), 0);
	WSACleanup();
}

TEST(sockopt_opentype_lengths)
{
	WSADATA wsa;
	int val = 1, len;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
	/* test_optsize: 1 and 2 bytes are WSAEFAULT, each way, untouched. */
	WSASetLastError(0);
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, 2), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	val = 0x5a5a;
	len = 1;
	EXPECT_EQ(getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(val, 0x5a5a);
	EXPECT_EQ(len, 1);
	/* A negative optlen is a huge one: it succeeds, each way, and
	 * getsockopt reports 4. */
	val = 1;
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, -1), 0);
	val = 0x5a5a;
	len = -1;
	WSASetLastError(12345);
	EXPECT_EQ(getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, &len), 0);
	EXPECT_EQ(WSAGetLastError(), 0);
	EXPECT_EQ(val, 1);
	EXPECT_EQ(len, 4);
	/* optlen 0 each way: WSAEFAULT. */
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, 0), SOCKET_ERROR);
	len = 0;
	EXPECT_EQ(getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	val = 0;
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, sizeof(val)), 0);
	WSACleanup();
}

TEST(sockopt_before_socket_checks)
{
	WSADATA wsa;
	int val = 1, len = sizeof(val);

	/* Without WSAStartup, even SO_OPENTYPE is WSANOTINITIALISED. */
	WSASetLastError(0);
	EXPECT_EQ(setsockopt(INVALID_SOCKET, SOL_SOCKET, SO_OPENTYPE,
			     (char *)&val, sizeof(val)), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
	/* Any other option of INVALID_SOCKET: WSAENOTSOCK (Wine
	 * test_set_getsockopt, "Test with the closed socket"), value kept. */
	val = 1234;
	EXPECT_EQ(getsockopt(INVALID_SOCKET, SOL_SOCKET, SO_ERROR, (char *)&val,
			     &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
	EXPECT_EQ(val, 1234);
	WSACleanup();
}

TEST(sockopt_wsaioctl_notsock)
{
	WSADATA wsa;
	DWORD bytes = 0x5a5a;
	u_long val = 1;

	/* spec WSAIoctl: WSAENOTSOCK "The descriptor s is not a socket". */
	WSASetLastError(0);
	EXPECT_EQ(WSAIoctl(INVALID_SOCKET, FIONBIO, &val, sizeof(val), NULL, 0,
			   &bytes, NULL, NULL), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
	EXPECT_EQ(WSAIoctl(INVALID_SOCKET, FIONBIO, &val, sizeof(val), NULL, 0,
			   &bytes, NULL, NULL), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
	EXPECT_EQ(bytes, 0x5a5a);
	WSACleanup();
}
