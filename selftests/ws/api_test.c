// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of libws's Winsock API that need neither a socket nor the ws
 * module: the constants and layouts Windows code relies on, the byte-order
 * functions and the fd_set macros. Citations: see ws_test.h.
 */
#include "ws_test.h"

TEST(constants_and_layouts)
{
	/* The Winsock numbering, carried unchanged through uapi/linux/ws.h. */
	ASSERT_EQ(2, AF_INET);
	ASSERT_EQ(23, AF_INET6);
	ASSERT_EQ(0xffff, SOL_SOCKET);
	ASSERT_EQ(1, SOCK_STREAM);
	ASSERT_EQ(2, SOCK_DGRAM);
	/* spec "Socket Data Type", "Return values on function failure" */
	ASSERT_EQ((SOCKET)~(SOCKET)0, INVALID_SOCKET);
	ASSERT_EQ(-1, SOCKET_ERROR);
	/* spec select: "The default value of FD_SETSIZE is 64" */
	ASSERT_EQ(64, FD_SETSIZE);
	ASSERT_EQ(FD_SETSIZE, sizeof(((fd_set *)0)->fd_array) / sizeof(SOCKET));
	/* spec getsockopt SO_LINGER: struct linger is two u_shorts */
	ASSERT_EQ(4, sizeof(struct linger));
	/* spec htonl: a u_long is "A 32-bit number" */
	ASSERT_EQ(4, sizeof(u_long));
	/* uapi/linux/ws.h: SOCKADDR_IN is 16 bytes, SOCKADDR_IN6 28 */
	ASSERT_EQ(16, sizeof(struct sockaddr_in));
	ASSERT_EQ(28, sizeof(struct sockaddr_in6));
	ASSERT_GE(sizeof(struct sockaddr_storage), sizeof(struct sockaddr_in6));
	/* the Winsock option names (winsock2.h as on Windows; uapi/linux/ws.h) */
	ASSERT_EQ((int)~SO_LINGER, SO_DONTLINGER);
	ASSERT_EQ((int)~SO_REUSEADDR, SO_EXCLUSIVEADDRUSE);
}

TEST(error_numbers)
{
	/* spec "Error Codes": the numbers listed with each code */
	static const struct { int code, number; } codes[] = {
		{ WSAEINTR, 10004 }, { WSAEACCES, 10013 }, { WSAEFAULT, 10014 },
		{ WSAEINVAL, 10022 }, { WSAEMFILE, 10024 }, { WSAEWOULDBLOCK, 10035 },
		{ WSAEINPROGRESS, 10036 }, { WSAEALREADY, 10037 }, { WSAENOTSOCK, 10038 },
		{ WSAEDESTADDRREQ, 10039 }, { WSAEMSGSIZE, 10040 }, { WSAEPROTOTYPE, 10041 },
		{ WSAENOPROTOOPT, 10042 }, { WSAEPROTONOSUPPORT, 10043 },
		{ WSAESOCKTNOSUPPORT, 10044 }, { WSAEOPNOTSUPP, 10045 },
		{ WSAEPFNOSUPPORT, 10046 }, { WSAEAFNOSUPPORT, 10047 },
		{ WSAEADDRINUSE, 10048 }, { WSAEADDRNOTAVAIL, 10049 }, { WSAENETDOWN, 10050 },
		{ WSAENETUNREACH, 10051 }, { WSAENETRESET, 10052 }, { WSAECONNABORTED, 10053 },
		{ WSAECONNRESET, 10054 }, { WSAENOBUFS, 10055 }, { WSAEISCONN, 10056 },
		{ WSAENOTCONN, 10057 }, { WSAESHUTDOWN, 10058 }, { WSAETIMEDOUT, 10060 },
		{ WSAECONNREFUSED, 10061 }, { WSAEHOSTDOWN, 10064 }, { WSAEHOSTUNREACH, 10065 },
		{ WSAEPROCLIM, 10067 }, { WSASYSNOTREADY, 10091 }, { WSAVERNOTSUPPORTED, 10092 },
		{ WSANOTINITIALISED, 10093 }, { WSAHOST_NOT_FOUND, 11001 },
		{ WSATRY_AGAIN, 11002 }, { WSANO_RECOVERY, 11003 }, { WSANO_DATA, 11004 },
		/* spec 000 (the guide), its error table */
		{ WSATYPE_NOT_FOUND, 10109 },
	};
	int i;

	for (i = 0; i < (int)(sizeof(codes) / sizeof(codes[0])); i++)
		EXPECT_EQ(codes[i].number, codes[i].code) TH_LOG("entry %d", i);
}

TEST(byte_order)
{
	u_long l = htonl(0x01020304);
	u_short s = htons(0x0102);

	/*
	 * spec htonl/htons: to "TCP/IP network byte order"; spec inet_addr:
	 * network order is "bytes ordered from left to right".
	 */
	ASSERT_EQ(0, memcmp(&l, "\x01\x02\x03\x04", 4));
	ASSERT_EQ(0, memcmp(&s, "\x01\x02", 2));
	/* spec ntohl/ntohs: back to host order */
	ASSERT_EQ(0x01020304, ntohl(l));
	ASSERT_EQ(0x0102, ntohs(s));
	ASSERT_EQ(0xfffefdfc, ntohl(htonl(0xfffefdfc)));
	ASSERT_EQ(0xfffe, ntohs(htons(0xfffe)));
}

TEST(fd_set_macros)
{
	fd_set set;
	int i;

	/*
	 * spec select: FD_ZERO "Initializes the set to the NULL set", FD_SET
	 * "Adds descriptor s to set", FD_ISSET "Nonzero if s is a member",
	 * FD_CLR "Removes the descriptor s"; spec "select and FD_*": the set
	 * is "an array of SOCKETs", so any SOCKET value fits ("Socket handles
	 * may take any value in the range 0 to INVALID_SOCKET-1").
	 */
	memset(&set, POISON_BYTE, sizeof(set));
	FD_ZERO(&set);
	ASSERT_EQ(0, set.fd_count);
	ASSERT_FALSE(FD_ISSET(5, &set));
	FD_SET(5, &set);
	FD_SET((SOCKET)100000, &set);
	ASSERT_EQ(2, set.fd_count);
	ASSERT_TRUE(FD_ISSET(5, &set));
	ASSERT_TRUE(FD_ISSET((SOCKET)100000, &set));
	ASSERT_FALSE(FD_ISSET(6, &set));
	/* a set holds a socket once */
	FD_SET(5, &set);
	ASSERT_EQ(2, set.fd_count);
	FD_CLR(5, &set);
	ASSERT_EQ(1, set.fd_count);
	ASSERT_FALSE(FD_ISSET(5, &set));
	ASSERT_TRUE(FD_ISSET((SOCKET)100000, &set));
	FD_CLR(7, &set);
	ASSERT_EQ(1, set.fd_count);
	/* FD_SETSIZE sockets fit */
	FD_ZERO(&set);
	for (i = 0; i < FD_SETSIZE; i++)
		FD_SET((SOCKET)(1000 + i), &set);
	ASSERT_EQ(FD_SETSIZE, set.fd_count);
	for (i = 0; i < FD_SETSIZE; i++)
		ASSERT_TRUE(FD_ISSET((SOCKET)(1000 + i), &set));
}

TEST_HARNESS_MAIN
