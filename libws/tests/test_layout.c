// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public structures have 64-bit Windows' sizes and the layouts the ws
 * module expects (uapi/linux/ws.h), and the constants the module
 * interprets have the module's values.
 */
#include <stddef.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <linux/ws.h>

#include "tap.h"

/* Windows' LLP64 sizes. */
_Static_assert(sizeof(BYTE) == 1 && sizeof(WORD) == 2, "BYTE, WORD");
_Static_assert(sizeof(DWORD) == 4 && sizeof(LONG) == 4 &&
	       sizeof(ULONG) == 4 && sizeof(UINT) == 4 && sizeof(INT) == 4 &&
	       sizeof(BOOL) == 4, "32-bit types");
_Static_assert(sizeof(u_long) == 4 && sizeof(u_short) == 2 &&
	       sizeof(u_char) == 1 && sizeof(u_int) == 4, "u_* types");
_Static_assert(sizeof(SOCKET) == sizeof(void *) && (SOCKET)-1 > 0,
	       "SOCKET is UINT_PTR");
_Static_assert(sizeof(HANDLE) == sizeof(void *) &&
	       sizeof(UINT_PTR) == sizeof(void *) &&
	       sizeof(LONG_PTR) == sizeof(void *), "pointer-sized types");

/* Socket addresses: the layouts of uapi/linux/ws.h. */
_Static_assert(sizeof(struct in_addr) == 4, "in_addr");
_Static_assert(sizeof(struct in6_addr) == 16, "in6_addr");
_Static_assert(sizeof(struct sockaddr) == 16, "sockaddr");
_Static_assert(sizeof(SOCKADDR_IN) == 16 &&
	       offsetof(SOCKADDR_IN, sin_family) == 0 &&
	       offsetof(SOCKADDR_IN, sin_port) == 2 &&
	       offsetof(SOCKADDR_IN, sin_addr) == 4 &&
	       offsetof(SOCKADDR_IN, sin_zero) == 8, "SOCKADDR_IN");
_Static_assert(sizeof(SOCKADDR_IN6) == 28 &&
	       offsetof(SOCKADDR_IN6, sin6_family) == 0 &&
	       offsetof(SOCKADDR_IN6, sin6_port) == 2 &&
	       offsetof(SOCKADDR_IN6, sin6_flowinfo) == 4 &&
	       offsetof(SOCKADDR_IN6, sin6_addr) == 8 &&
	       offsetof(SOCKADDR_IN6, sin6_scope_id) == 24, "SOCKADDR_IN6");
_Static_assert(sizeof(SOCKADDR_STORAGE) == 128, "SOCKADDR_STORAGE");
_Static_assert(sizeof(struct linger) == sizeof(struct ws_linger) &&
	       sizeof(struct linger) == 4 &&
	       offsetof(struct linger, l_onoff) ==
	       offsetof(struct ws_linger, l_onoff) &&
	       offsetof(struct linger, l_linger) ==
	       offsetof(struct ws_linger, l_linger), "linger");

/* Win64 layouts of the other structures. */
_Static_assert(sizeof(WSADATA) == 408 &&
	       offsetof(WSADATA, iMaxSockets) == 4 &&
	       offsetof(WSADATA, lpVendorInfo) == 8 &&
	       offsetof(WSADATA, szDescription) == 16 &&
	       offsetof(WSADATA, szSystemStatus) == 273, "WSADATA");
_Static_assert(sizeof(struct hostent) == 32 &&
	       offsetof(struct hostent, h_addrtype) == 16 &&
	       offsetof(struct hostent, h_length) == 18 &&
	       offsetof(struct hostent, h_addr_list) == 24, "hostent");
_Static_assert(sizeof(struct servent) == 32 &&
	       offsetof(struct servent, s_proto) == 16 &&
	       offsetof(struct servent, s_port) == 24, "servent");
_Static_assert(sizeof(struct protoent) == 24 &&
	       offsetof(struct protoent, p_proto) == 16, "protoent");
_Static_assert(sizeof(ADDRINFOA) == 48 &&
	       offsetof(ADDRINFOA, ai_addrlen) == 16 &&
	       offsetof(ADDRINFOA, ai_canonname) == 24 &&
	       offsetof(ADDRINFOA, ai_addr) == 32 &&
	       offsetof(ADDRINFOA, ai_next) == 40, "ADDRINFOA");
_Static_assert(sizeof(fd_set) == 520, "fd_set with FD_SETSIZE 64");
_Static_assert(sizeof(WSAPROTOCOL_INFOA) == 372, "WSAPROTOCOL_INFOA");

/* Constants the module interprets. */
_Static_assert(AF_INET == WS_AF_INET && AF_INET6 == WS_AF_INET6 &&
	       AF_UNSPEC == WS_AF_UNSPEC && AF_INET6 == 23, "AF_*");
_Static_assert(SOL_SOCKET == WS_SOL_SOCKET && SOL_SOCKET == 0xffff,
	       "SOL_SOCKET");
_Static_assert(SO_DEBUG == WS_SO_DEBUG &&
	       SO_ACCEPTCONN == WS_SO_ACCEPTCONN &&
	       SO_REUSEADDR == WS_SO_REUSEADDR &&
	       SO_KEEPALIVE == WS_SO_KEEPALIVE &&
	       SO_DONTROUTE == WS_SO_DONTROUTE &&
	       SO_BROADCAST == WS_SO_BROADCAST &&
	       SO_USELOOPBACK == WS_SO_USELOOPBACK &&
	       SO_LINGER == WS_SO_LINGER && SO_OOBINLINE == WS_SO_OOBINLINE &&
	       SO_DONTLINGER == WS_SO_DONTLINGER &&
	       SO_EXCLUSIVEADDRUSE == WS_SO_EXCLUSIVEADDRUSE &&
	       SO_SNDBUF == WS_SO_SNDBUF && SO_RCVBUF == WS_SO_RCVBUF &&
	       SO_SNDLOWAT == WS_SO_SNDLOWAT && SO_RCVLOWAT == WS_SO_RCVLOWAT &&
	       SO_SNDTIMEO == WS_SO_SNDTIMEO && SO_RCVTIMEO == WS_SO_RCVTIMEO &&
	       SO_ERROR == WS_SO_ERROR && SO_TYPE == WS_SO_TYPE &&
	       SO_MAX_MSG_SIZE == WS_SO_MAX_MSG_SIZE, "SO_*");
_Static_assert(IPPROTO_TCP == WS_IPPROTO_TCP && TCP_NODELAY == WS_TCP_NODELAY,
	       "TCP_NODELAY");
_Static_assert(MSG_OOB == 1 && MSG_PEEK == 2 && MSG_DONTROUTE == 4 &&
	       MSG_WAITALL == 8, "MSG_*");
_Static_assert(SD_RECEIVE == 0 && SD_SEND == 1 && SD_BOTH == 2, "SD_*");
_Static_assert(INVALID_SOCKET == (SOCKET)~0 && SOCKET_ERROR == -1,
	       "INVALID_SOCKET, SOCKET_ERROR");
_Static_assert(FIONBIO == 0x8004667e && FIONREAD == 0x4004667f &&
	       SIOCATMARK == 0x40047307, "ioctlsocket commands");

TEST(layout_macros)
{
	SOCKADDR_IN sin;
	struct hostent h;
	char *list[2] = { (char *)"x", NULL };

	/* Windows' accessor macros. */
	sin.sin_addr.S_un.S_addr = 0x04030201;
	EXPECT_EQ(sin.sin_addr.s_addr, 0x04030201);
	EXPECT_EQ(sin.sin_addr.S_un.S_un_b.s_b1, 1);
	EXPECT_EQ(sin.sin_addr.s_net, 1);
	EXPECT_EQ(sin.sin_addr.s_impno, 4);
	h.h_addr_list = list;
	EXPECT(h.h_addr == list[0], "h_addr");
	EXPECT_EQ(MAKEWORD(2, 1), 0x0102);
	EXPECT_EQ(LOBYTE(0x0102), 2);
	EXPECT_EQ(HIBYTE(0x0102), 1);
	EXPECT_EQ(LOWORD(0x12345678), 0x5678);
	EXPECT_EQ(HIWORD(0x12345678), 0x1234);
	EXPECT_EQ(MAKELONG(0x5678, 0x1234), 0x12345678);
	EXPECT_EQ(h_errno, WSAGetLastError());
	EXPECT(IN6_IS_ADDR_LOOPBACK(&in6addr_loopback), "in6addr_loopback");
	EXPECT(IN6_IS_ADDR_UNSPECIFIED(&in6addr_any), "in6addr_any");
}
