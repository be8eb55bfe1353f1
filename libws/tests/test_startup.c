// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSAStartup version negotiation (WSAStartup page: wVersion is the smaller
 * of the request and the highest supported version, wHighVersion the
 * highest supported; a version below the lowest supported fails with
 * WSAVERNOTSUPPORTED), nesting with WSACleanup, and WSANOTINITIALISED from
 * every function that needs WSAStartup.
 */
#include <winsock2.h>
#include <ws2tcpip.h>

#include "tap.h"

static void expect_started(int started)
{
	SOCKET s;

	/* socket() without WSAStartup is WSANOTINITIALISED; with it, some
	 * other result (a socket, or an error when the module is absent). */
	WSASetLastError(0);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s != INVALID_SOCKET)
		closesocket(s);
	if (started)
		EXPECT(s != INVALID_SOCKET ||
		       WSAGetLastError() != WSANOTINITIALISED,
		       "not started");
	else
		EXPECT(s == INVALID_SOCKET &&
		       WSAGetLastError() == WSANOTINITIALISED,
		       "started (error %d)", WSAGetLastError());
}

TEST(startup_version_negotiation)
{
	static const struct {
		WORD request;
		WORD version;
	} t[] = {
		/* The versions that exist: 1.0, 1.1, 2.0, 2.1, 2.2. */
		{ MAKEWORD(1, 0), MAKEWORD(1, 0) },
		{ MAKEWORD(1, 1), MAKEWORD(1, 1) },
		{ MAKEWORD(2, 0), MAKEWORD(2, 0) },
		{ MAKEWORD(2, 1), MAKEWORD(2, 1) },
		{ MAKEWORD(2, 2), MAKEWORD(2, 2) },
		/* In between and above: the highest one below (Windows'
		 * answers recorded by Wine's test_startup). */
		{ MAKEWORD(1, 2), MAKEWORD(1, 1) },
		{ MAKEWORD(1, 255), MAKEWORD(1, 1) },
		{ MAKEWORD(2, 3), MAKEWORD(2, 2) },
		{ MAKEWORD(2, 255), MAKEWORD(2, 2) },
		{ MAKEWORD(3, 0), MAKEWORD(2, 2) },
		{ MAKEWORD(255, 0), MAKEWORD(2, 2) },
		{ MAKEWORD(255, 255), MAKEWORD(2, 2) },
	};
	unsigned int i;
	WSADATA data;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&data, 0xcc, sizeof(data));
		EXPECT_EQ(WSAStartup(t[i].request, &data), 0);
		EXPECT(data.wVersion == t[i].version,
		       "request %#x: wVersion %#x", t[i].request,
		       data.wVersion);
		EXPECT_EQ(data.wHighVersion, MAKEWORD(2, 2));
		EXPECT(memchr(data.szDescription, 0, sizeof(data.szDescription)) &&
		       data.szDescription[0], "szDescription");
		EXPECT(memchr(data.szSystemStatus, 0,
			      sizeof(data.szSystemStatus)) &&
		       data.szSystemStatus[0], "szSystemStatus");
		EXPECT(data.lpVendorInfo == NULL, "lpVendorInfo");
		EXPECT_EQ(WSACleanup(), 0);
	}
	expect_started(0);
}

TEST(startup_version_not_supported)
{
	WSADATA data;

	/* Refused, but WSADATA still tells what is supported. */
	memset(&data, 0xcc, sizeof(data));
	EXPECT_EQ(WSAStartup(MAKEWORD(0, 0), &data), WSAVERNOTSUPPORTED);
	EXPECT_EQ(data.wVersion, MAKEWORD(2, 2));
	EXPECT_EQ(data.wHighVersion, MAKEWORD(2, 2));
	EXPECT_EQ(WSAStartup(MAKEWORD(0, 9), &data), WSAVERNOTSUPPORTED);
	EXPECT_EQ(WSAStartup(MAKEWORD(0, 9), NULL), WSAVERNOTSUPPORTED);
	/* A failed WSAStartup needs no WSACleanup. */
	expect_started(0);
	WSASetLastError(0);
	EXPECT_EQ(WSACleanup(), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

TEST(startup_null_wsadata)
{
	/* "WSAEFAULT The lpWSAData is not a valid pointer." */
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), NULL), WSAEFAULT);
	expect_started(0);
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), (LPWSADATA)16), WSAEFAULT);
	expect_started(0);
}

TEST(startup_nesting)
{
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	EXPECT_EQ(WSAStartup(MAKEWORD(1, 1), &data), 0);
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 0), &data), 0);
	EXPECT_EQ(WSACleanup(), 0);
	expect_started(1);
	EXPECT_EQ(WSACleanup(), 0);
	expect_started(1);
	EXPECT_EQ(WSACleanup(), 0);
	expect_started(0);
	/* "WSACleanup has been called too many times". */
	WSASetLastError(0);
	EXPECT_EQ(WSACleanup(), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
}

TEST(startup_last_error_per_thread)
{
	WSASetLastError(12345);
	EXPECT_EQ(WSAGetLastError(), 12345);
	/* A successful call does not reset it. */
	EXPECT_EQ(htons(1), 0x100);
	EXPECT_EQ(WSAGetLastError(), 12345);
	WSASetLastError(0);
	EXPECT_EQ(WSAGetLastError(), 0);
}

#define NOTINIT(call) do {						\
	WSASetLastError(0);						\
	EXPECT((call) && WSAGetLastError() == WSANOTINITIALISED,	\
	       "%s: error %d", #call, WSAGetLastError());		\
} while (0)

TEST(startup_calls_before_wsastartup)
{
	char buf[64] = "", host[64];
	SOCKADDR_IN sin;
	struct timeval tv = { 0, 0 };
	fd_set set;
	ADDRINFOA *ai = (ADDRINFOA *)buf;
	u_long ul;
	u_short us;
	int len = sizeof(sin), opt;
	DWORD dlen = sizeof(buf);
	INT ilen = sizeof(sin);
	WCHAR wbuf[64];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	FD_ZERO(&set);
	FD_SET(0, &set);

	NOTINIT(socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET);
	NOTINIT(WSASocketA(AF_INET, SOCK_STREAM, 0, NULL, 0, 0) ==
		INVALID_SOCKET);
	NOTINIT(WSASocketW(AF_INET, SOCK_DGRAM, 0, NULL, 0, 0) ==
		INVALID_SOCKET);
	NOTINIT(bind(0, (SOCKADDR *)&sin, sizeof(sin)) == SOCKET_ERROR);
	NOTINIT(listen(0, 1) == SOCKET_ERROR);
	NOTINIT(accept(0, NULL, NULL) == INVALID_SOCKET);
	NOTINIT(connect(0, (SOCKADDR *)&sin, sizeof(sin)) == SOCKET_ERROR);
	NOTINIT(send(0, buf, 1, 0) == SOCKET_ERROR);
	NOTINIT(sendto(0, buf, 1, 0, (SOCKADDR *)&sin, sizeof(sin)) ==
		SOCKET_ERROR);
	NOTINIT(recv(0, buf, 1, 0) == SOCKET_ERROR);
	NOTINIT(recvfrom(0, buf, 1, 0, (SOCKADDR *)&sin, &len) ==
		SOCKET_ERROR);
	NOTINIT(closesocket(0) == SOCKET_ERROR);
	NOTINIT(shutdown(0, SD_BOTH) == SOCKET_ERROR);
	NOTINIT(select(0, &set, NULL, NULL, &tv) == SOCKET_ERROR);
	NOTINIT(select(0, NULL, NULL, NULL, &tv) == SOCKET_ERROR);
	NOTINIT(ioctlsocket(0, FIONBIO, &ul) == SOCKET_ERROR);
	opt = sizeof(int);
	NOTINIT(getsockopt(0, SOL_SOCKET, SO_TYPE, buf, &opt) ==
		SOCKET_ERROR);
	NOTINIT(setsockopt(0, SOL_SOCKET, SO_KEEPALIVE, buf, 4) ==
		SOCKET_ERROR);
	NOTINIT(getsockname(0, (SOCKADDR *)&sin, &len) == SOCKET_ERROR);
	NOTINIT(getpeername(0, (SOCKADDR *)&sin, &len) == SOCKET_ERROR);
	NOTINIT(WSAHtonl(0, 1, &ul) == SOCKET_ERROR);
	NOTINIT(WSAHtons(0, 1, &us) == SOCKET_ERROR);
	NOTINIT(WSANtohl(0, 1, &ul) == SOCKET_ERROR);
	NOTINIT(WSANtohs(0, 1, &us) == SOCKET_ERROR);
	NOTINIT(WSAEnumProtocolsA(NULL, NULL, &dlen) == SOCKET_ERROR);
	NOTINIT(WSAEnumProtocolsW(NULL, NULL, &dlen) == SOCKET_ERROR);
	NOTINIT(WSAJoinLeaf(0, (SOCKADDR *)&sin, sizeof(sin), NULL, NULL, NULL,
			    NULL, JL_BOTH) == INVALID_SOCKET);
	NOTINIT(gethostname(host, sizeof(host)) == SOCKET_ERROR);
	NOTINIT(gethostbyname("localhost") == NULL);
	NOTINIT(gethostbyaddr(buf, 4, AF_INET) == NULL);
	NOTINIT(getservbyname("http", "tcp") == NULL);
	NOTINIT(getservbyport(htons(80), "tcp") == NULL);
	NOTINIT(getprotobyname("tcp") == NULL);
	NOTINIT(getprotobynumber(6) == NULL);
	NOTINIT(getaddrinfo("localhost", NULL, NULL, &ai) ==
		WSANOTINITIALISED);
	EXPECT(ai == NULL, "getaddrinfo result %p", (void *)ai);
	NOTINIT(getnameinfo((SOCKADDR *)&sin, sizeof(sin), host,
			    sizeof(host), NULL, 0, NI_NUMERICHOST) ==
		WSANOTINITIALISED);
	NOTINIT(WSAStringToAddressA((LPSTR)"1.2.3.4", AF_INET, NULL,
				    (SOCKADDR *)&sin, &ilen) == SOCKET_ERROR);
	NOTINIT(WSAStringToAddressW((LPWSTR)L"1.2.3.4", AF_INET, NULL,
				    (SOCKADDR *)&sin, &ilen) == SOCKET_ERROR);
	NOTINIT(WSAAddressToStringA((SOCKADDR *)&sin, sizeof(sin), NULL, buf,
				    &dlen) == SOCKET_ERROR);
	NOTINIT(WSAAddressToStringW((SOCKADDR *)&sin, sizeof(sin), NULL, wbuf,
				    &dlen) == SOCKET_ERROR);
	NOTINIT(WSACleanup() == SOCKET_ERROR);
}

TEST(startup_calls_without_wsastartup)
{
	struct in_addr in;
	char str[16];
	u_long a;

	/* Byte order and address text need no WSAStartup. */
	WSASetLastError(0);
	EXPECT_EQ(htonl(0x01020304), 0x04030201);
	EXPECT_EQ(htons(0x0102), 0x0201);
	EXPECT_EQ(ntohl(0x04030201), 0x01020304);
	EXPECT_EQ(ntohs(0x0201), 0x0102);
	EXPECT_EQ(inet_addr("1.2.3.4"), htonl(0x01020304));
	in.s_addr = htonl(0x7f000001);
	EXPECT(!strcmp(inet_ntoa(in), "127.0.0.1"), "inet_ntoa");
	EXPECT_EQ(inet_pton(AF_INET, "10.0.0.1", &a), 1);
	EXPECT(inet_ntop(AF_INET, &a, str, sizeof(str)) == str, "inet_ntop");
	EXPECT_EQ(WSAGetLastError(), 0);
}
