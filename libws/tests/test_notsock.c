// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Argument checks that need no ws module: a descriptor that is not a ws
 * socket of libws (here a pipe) is WSAENOTSOCK ("The descriptor is not a
 * socket") for every socket function, without touching the descriptor;
 * invalid SOCKET values likewise; WSASocket's unsupported options;
 * select's WSAEINVAL for no sockets; socket() without the module.
 */
#include <errno.h>
#include <unistd.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "tap.h"

#define FAILS_WITH(call, err) do {					\
	WSASetLastError(0);						\
	EXPECT((call) && WSAGetLastError() == (err),			\
	       "%s: error %d, expected %d", #call, WSAGetLastError(),	\
	       (err));							\
} while (0)

static void every_function_notsock(SOCKET s)
{
	char buf[64] = "";
	SOCKADDR_IN sin;
	struct timeval tv = { 0, 0 };
	fd_set set;
	u_long ul = 1;
	u_short us;
	int len = sizeof(sin), opt = sizeof(int), val = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	FAILS_WITH(bind(s, (SOCKADDR *)&sin, sizeof(sin)) == SOCKET_ERROR,
		   WSAENOTSOCK);
	FAILS_WITH(listen(s, 1) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(accept(s, NULL, NULL) == INVALID_SOCKET, WSAENOTSOCK);
	FAILS_WITH(connect(s, (SOCKADDR *)&sin, sizeof(sin)) == SOCKET_ERROR,
		   WSAENOTSOCK);
	FAILS_WITH(send(s, buf, 1, 0) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(sendto(s, buf, 1, 0, (SOCKADDR *)&sin, sizeof(sin)) ==
		   SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(recv(s, buf, 1, 0) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(recvfrom(s, buf, 1, 0, (SOCKADDR *)&sin, &len) ==
		   SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(shutdown(s, SD_BOTH) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(ioctlsocket(s, FIONBIO, &ul) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(ioctlsocket(s, FIONREAD, &ul) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(getsockopt(s, SOL_SOCKET, SO_TYPE, buf, &opt) ==
		   SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&val,
			      sizeof(val)) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(getsockname(s, (SOCKADDR *)&sin, &len) == SOCKET_ERROR,
		   WSAENOTSOCK);
	FAILS_WITH(getpeername(s, (SOCKADDR *)&sin, &len) == SOCKET_ERROR,
		   WSAENOTSOCK);
	FAILS_WITH(WSAHtonl(s, 1, &ul) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(WSAHtons(s, 1, &us) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(WSANtohl(s, 1, &ul) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(WSANtohs(s, 1, &us) == SOCKET_ERROR, WSAENOTSOCK);
	FAILS_WITH(WSAJoinLeaf(s, (SOCKADDR *)&sin, sizeof(sin), NULL, NULL,
			       NULL, NULL, JL_BOTH) == INVALID_SOCKET,
		   WSAENOTSOCK);
	opt = sizeof(buf);
	FAILS_WITH(getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, buf, &opt) ==
		   SOCKET_ERROR, WSAENOTSOCK);
	FD_ZERO(&set);
	FD_SET(s, &set);
	FAILS_WITH(select(0, &set, NULL, NULL, &tv) == SOCKET_ERROR,
		   WSAENOTSOCK);
	FAILS_WITH(select(0, NULL, NULL, &set, &tv) == SOCKET_ERROR,
		   WSAENOTSOCK);
	{
		WSANETWORKEVENTS ne;

		FAILS_WITH(WSAEventSelect(s, NULL, 0) == SOCKET_ERROR,
			   WSAENOTSOCK);
		FAILS_WITH(WSAEnumNetworkEvents(s, NULL, &ne) == SOCKET_ERROR,
			   WSAENOTSOCK);
		FAILS_WITH(WSAAsyncSelect(s, NULL, 0, 0) == SOCKET_ERROR,
			   WSAENOTSOCK);
	}
	FAILS_WITH(closesocket(s) == SOCKET_ERROR, WSAENOTSOCK);
}

TEST(notsock_pipe)
{
	int p[2];
	char c = 0;
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	EXPECT_EQ(pipe(p), 0);
	every_function_notsock((SOCKET)p[0]);
	every_function_notsock((SOCKET)p[1]);
	/* Nothing was done to the pipe: it still carries a byte. */
	EXPECT_EQ(write(p[1], "x", 1), 1);
	EXPECT_EQ(read(p[0], &c, 1), 1);
	EXPECT_EQ(c, 'x');
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_invalid_values)
{
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	every_function_notsock(INVALID_SOCKET);
	every_function_notsock((SOCKET)1 << 40);
	every_function_notsock((SOCKET)0x7fffffff);
	every_function_notsock((SOCKET)12345);		/* not open */
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_select_without_sockets)
{
	struct timeval tv = { 0, 0 };
	fd_set r, w, e;
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	/* "At least one must be non-NULL, and any non-NULL descriptor set
	 * must contain at least one socket descriptor." */
	FAILS_WITH(select(0, NULL, NULL, NULL, &tv) == SOCKET_ERROR,
		   WSAEINVAL);
	FAILS_WITH(select(0, NULL, NULL, NULL, NULL) == SOCKET_ERROR,
		   WSAEINVAL);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FAILS_WITH(select(0, &r, &w, &e, &tv) == SOCKET_ERROR, WSAEINVAL);
	FAILS_WITH(select(0, &r, NULL, NULL, NULL) == SOCKET_ERROR,
		   WSAEINVAL);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_wsasocket_options)
{
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	/* Socket groups are not provided, and unknown flags are refused,
	 * before the module is asked. (The multipoint flags and a
	 * WSAPROTOCOL_INFO go to the module's catalog: see the VM tests.) */
	FAILS_WITH(WSASocketW(AF_INET, SOCK_STREAM, 0, NULL,
			      SG_UNCONSTRAINED_GROUP, 0) == INVALID_SOCKET,
		   WSAEINVAL);
	FAILS_WITH(WSASocketA(AF_INET, SOCK_STREAM, 0, NULL, 0, 0x100) ==
		   INVALID_SOCKET, WSAEINVAL);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_socket_without_module)
{
	WSAPROTOCOL_INFOA info;
	WSADATA data;
	DWORD len;

	if (!access("/sys/module/ws", F_OK)) {
		SKIP("the ws module is loaded");
		return;
	}
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	EXPECT(strstr(data.szSystemStatus, "not loaded") != NULL,
	       "szSystemStatus \"%s\"", data.szSystemStatus);
	FAILS_WITH(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) ==
		   INVALID_SOCKET, WSAEAFNOSUPPORT);
	FAILS_WITH(socket(AF_INET6, SOCK_DGRAM, 0) == INVALID_SOCKET,
		   WSAEAFNOSUPPORT);
	FAILS_WITH(WSASocketA(AF_INET, SOCK_STREAM, 0, NULL, 0,
			      WSA_FLAG_NO_HANDLE_INHERIT) == INVALID_SOCKET,
		   WSAEAFNOSUPPORT);
	FAILS_WITH(WSASocketA(AF_INET, SOCK_DGRAM, 0, NULL, 0,
			      WSA_FLAG_MULTIPOINT_C_LEAF |
			      WSA_FLAG_MULTIPOINT_D_LEAF) == INVALID_SOCKET,
		   WSAEAFNOSUPPORT);
	/* No provider: the catalog is empty, and names no entry. */
	len = 0;
	EXPECT_EQ(WSAEnumProtocolsA(NULL, NULL, &len), 0);
	EXPECT_EQ(WSAEnumProtocolsW(NULL, NULL, &len), 0);
	memset(&info, 0, sizeof(info));
	info.dwCatalogEntryId = 1001;
	FAILS_WITH(WSASocketA(0, 0, 0, &info, 0, 0) == INVALID_SOCKET,
		   WSAEAFNOSUPPORT);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_socket_argument_ranges)
{
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	/* Values that do not fit the module's encoding are refused before
	 * the module is asked. */
	FAILS_WITH(socket(0x102, SOCK_STREAM, 0) == INVALID_SOCKET,
		   WSAEAFNOSUPPORT);
	FAILS_WITH(socket(-1, SOCK_STREAM, 0) == INVALID_SOCKET,
		   WSAEAFNOSUPPORT);
	FAILS_WITH(socket(AF_INET, 0x802, 0) == INVALID_SOCKET,
		   WSAESOCKTNOSUPPORT);
	FAILS_WITH(socket(AF_INET, -1, 0) == INVALID_SOCKET,
		   WSAESOCKTNOSUPPORT);
	FAILS_WITH(socket(AF_INET, SOCK_STREAM, 0x10006) == INVALID_SOCKET,
		   WSAEPROTONOSUPPORT);
	FAILS_WITH(socket(AF_INET, SOCK_STREAM, -1) == INVALID_SOCKET,
		   WSAEPROTONOSUPPORT);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_bad_pointers)
{
	struct timeval tv = { 0, 0 };
	int p[2];
	fd_set set;
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	/* select: "The ... readfds, writefds, exceptfds, or timeval
	 * parameters are not part of the user address space": WSAEFAULT,
	 * checked before the sockets themselves. */
	FAILS_WITH(select(0, (fd_set *)1, NULL, NULL, &tv) == SOCKET_ERROR,
		   WSAEFAULT);
	FAILS_WITH(select(0, NULL, (fd_set *)8, NULL, NULL) == SOCKET_ERROR,
		   WSAEFAULT);
	EXPECT_EQ(pipe(p), 0);
	FD_ZERO(&set);
	FD_SET(p[0], &set);
	FAILS_WITH(select(0, &set, NULL, NULL, (struct timeval *)8) ==
		   SOCKET_ERROR, WSAEFAULT);
	FAILS_WITH(select(0, &set, NULL, NULL, &tv) == SOCKET_ERROR,
		   WSAENOTSOCK);
	close(p[0]);
	close(p[1]);

	/* The address text functions check the memory they touch. */
	{
		SOCKADDR_IN sin;
		char out[64];
		DWORD olen = sizeof(out);
		INT ilen = sizeof(sin);

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		FAILS_WITH(WSAAddressToStringA((LPSOCKADDR)8, sizeof(sin), NULL,
					       out, &olen) == SOCKET_ERROR,
			   WSAEFAULT);
		FAILS_WITH(WSAAddressToStringA((LPSOCKADDR)&sin, sizeof(sin),
					       NULL, (LPSTR)8, &olen) ==
			   SOCKET_ERROR, WSAEFAULT);
		FAILS_WITH(WSAAddressToStringA((LPSOCKADDR)&sin, sizeof(sin),
					       NULL, out, (LPDWORD)8) ==
			   SOCKET_ERROR, WSAEFAULT);
		FAILS_WITH(WSAStringToAddressA((LPSTR)"1.2.3.4", AF_INET, NULL,
					       (LPSOCKADDR)8, &ilen) ==
			   SOCKET_ERROR, WSAEFAULT);
		FAILS_WITH(WSAStringToAddressA((LPSTR)"1.2.3.4", AF_INET, NULL,
					       (LPSOCKADDR)&sin, (LPINT)8) ==
			   SOCKET_ERROR, WSAEFAULT);
		FAILS_WITH(inet_pton(AF_INET, "1.2.3.4", (void *)8) == -1,
			   WSAEFAULT);
		FAILS_WITH(inet_ntop(AF_INET6, (void *)8, out, sizeof(out)) ==
			   NULL, WSAEFAULT);
		FAILS_WITH(inet_ntop(AF_INET, &sin.sin_addr, (char *)8,
				     sizeof(out)) == NULL, WSAEFAULT);
	}
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(notsock_negative_timeout)
{
	struct timeval tv = { -1, 0 };
	fd_set set;
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	/* "WSAEINVAL The timeout value is not valid": found before the
	 * entries of the sets are looked at. */
	FD_ZERO(&set);
	FD_SET(INVALID_SOCKET, &set);
	FAILS_WITH(select(0, &set, NULL, NULL, &tv) == SOCKET_ERROR,
		   WSAEINVAL);
	EXPECT_EQ(WSACleanup(), 0);
}
