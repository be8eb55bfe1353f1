// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol catalog through libws: WSAEnumProtocolsA/W (with and
 * without a filter, the buffer protocol), getsockopt SO_PROTOCOL_INFOA/W,
 * WSASocket with a WSAPROTOCOL_INFO and with af 0, and WSASocket's
 * multipoint flags. Citations: see ws_test.h ("Wine test_WSAEnumProtocols"
 * is in protocol.c, the others in sock.c).
 */
#include <sys/mman.h>

#include "ws_test.h"

/* Skip (from a TEST body) unless ws sockets of @af can be made. */
#define REQUIRE_WS(af) do { \
	const char *__why = ws_unavailable(af); \
	if (__why) \
		SKIP(return, "%s", __why); \
	ASSERT_EQ(0, ws_startup()); \
} while (0)

/* The entries this version of the module has (uapi/linux/ws.h). */
#define N_ENTRIES	6

/* Wine test_WSAEnumProtocols: the service flags of TCP and UDP over IP. */
#define TCPIP_FLAGS	(XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | \
			 XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA | XP1_IFS_HANDLES)
#define UDPIP_FLAGS	(XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED | \
			 XP1_SUPPORT_BROADCAST | XP1_SUPPORT_MULTIPOINT | \
			 XP1_IFS_HANDLES)

/* uapi "The protocol catalog": rooted multipoint over TCP, both planes rooted. */
#define ROOTED_FLAGS	(XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | \
			 XP1_MESSAGE_ORIENTED | XP1_GRACEFUL_CLOSE | \
			 XP1_CONNECT_DATA | XP1_SUPPORT_MULTIPOINT | \
			 XP1_MULTIPOINT_CONTROL_PLANE | \
			 XP1_MULTIPOINT_DATA_PLANE | XP1_IFS_HANDLES)

#define MP_LEAF		(WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_LEAF)

/* A page nobody may read or write. */
static void *no_access_page(struct __test_metadata *_metadata)
{
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	return p;
}

/* The whole catalog, as WSAEnumProtocolsA reports it; returns the count. */
static int enum_all(struct __test_metadata *_metadata, WSAPROTOCOL_INFOA *buf,
		    int max)
{
	DWORD len = max * sizeof(*buf);
	int n;

	memset(buf, POISON_BYTE, len);
	n = WSAEnumProtocolsA(NULL, buf, &len);
	EXPECT_NE(SOCKET_ERROR, n) TH_LOG("error %d", WSAGetLastError());
	return n;
}

/* The entry of @af, @type, @proto in @buf (@n entries), or NULL. */
static const WSAPROTOCOL_INFOA *find_entry(const WSAPROTOCOL_INFOA *buf, int n,
					   int af, int type, int proto)
{
	int i;

	for (i = 0; i < n; i++)
		if (buf[i].iAddressFamily == af && buf[i].iSocketType == type &&
		    buf[i].iProtocol == proto)
			return &buf[i];
	return NULL;
}

TEST(enum_buffer_too_small)
{
	WSAPROTOCOL_INFOA infoa, *bufa;
	WSAPROTOCOL_INFOW infow;
	DWORD len, need;
	int n;

	REQUIRE_WS(0);
	/*
	 * spec WSAEnumProtocols: WSAENOBUFS "The buffer length was too small
	 * to receive all the relevant WSAPROTOCOL_INFO structures ... Pass in
	 * a buffer at least as large as the value returned in
	 * lpdwBufferLength"; Wine test_WSAEnumProtocols: so are a NULL buffer
	 * and a length of 0.
	 */
	len = 0;
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsA(NULL, NULL, &len));
	need = len;
	ASSERT_EQ(N_ENTRIES * sizeof(WSAPROTOCOL_INFOA), need);
	len = 0;
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsA(NULL, &infoa, &len));
	ASSERT_EQ(need, len);
	len = need - 1;
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsA(NULL, &infoa, &len));
	ASSERT_EQ(need, len);
	/* Wine: a NULL buffer even with the length it needs. */
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsA(NULL, NULL, &len));
	ASSERT_EQ(need, len);
	len = 0;
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsW(NULL, &infow, &len));
	ASSERT_EQ(N_ENTRIES * sizeof(WSAPROTOCOL_INFOW), len);

	/* With that size, every entry, and the count returned. */
	bufa = malloc(need);
	ASSERT_NE(NULL, bufa);
	len = need;
	n = WSAEnumProtocolsA(NULL, bufa, &len);
	ASSERT_EQ(N_ENTRIES, n) TH_LOG("error %d", WSAGetLastError());
	free(bufa);
	WSACleanup();
}

TEST(enum_bad_pointers)
{
	WSAPROTOCOL_INFOA *bad;
	INT *badlist;
	DWORD len;

	REQUIRE_WS(0);
	bad = no_access_page(_metadata);
	badlist = (INT *)bad;
	/* spec WSAEnumProtocols: lpdwBufferLength is [in/out]: WSAEFAULT. */
	ASSERT_WSAFAIL(WSAEFAULT, WSAEnumProtocolsA(NULL, NULL, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, WSAEnumProtocolsW(NULL, NULL, (DWORD *)bad));
	len = 4096;
	ASSERT_WSAFAIL(WSAEFAULT, WSAEnumProtocolsA(NULL, bad, &len));
	len = 4096;
	ASSERT_WSAFAIL(WSAEFAULT, WSAEnumProtocolsA(badlist, NULL, &len));
	munmap(bad, 4096);
	WSACleanup();
}

TEST(enum_entries)
{
	WSAPROTOCOL_INFOA a[8];
	WSAPROTOCOL_INFOW w[8];
	DWORD len = sizeof(w);
	int n, i, j, k;
	char name[WSAPROTOCOL_LEN + 1];

	REQUIRE_WS(0);
	n = enum_all(_metadata, a, 8);
	ASSERT_EQ(N_ENTRIES, n);
	memset(w, POISON_BYTE, sizeof(w));
	ASSERT_EQ(n, WSAEnumProtocolsW(NULL, w, &len));
	/* Wine test_WSAEnumProtocols: TCP and UDP over IPv4 and IPv6. */
	ASSERT_NE(NULL, find_entry(a, n, AF_INET, SOCK_STREAM, IPPROTO_TCP));
	ASSERT_NE(NULL, find_entry(a, n, AF_INET, SOCK_DGRAM, IPPROTO_UDP));
	ASSERT_NE(NULL, find_entry(a, n, AF_INET6, SOCK_STREAM, IPPROTO_TCP));
	ASSERT_NE(NULL, find_entry(a, n, AF_INET6, SOCK_DGRAM, IPPROTO_UDP));
	for (i = 0; i < n; i++) {
		int sa = a[i].iAddressFamily == AF_INET6 ? sizeof(SOCKADDR_IN6) :
							   sizeof(SOCKADDR_IN);

		/* Wine: a name each; the same entry in A and W. */
		ASSERT_NE(0, strlen(a[i].szProtocol));
		ASSERT_EQ(0, memcmp(&a[i], &w[i], offsetof(WSAPROTOCOL_INFOA,
							    szProtocol)));
		for (k = 0; w[i].szProtocol[k]; k++)
			name[k] = (char)w[i].szProtocol[k];
		name[k] = 0;
		ASSERT_STREQ(a[i].szProtocol, name);
		/*
		 * Wine test_WSAEnumProtocols: the service flags of TCP and
		 * UDP over IP (XP1_QOS_SUPPORTED aside): UDP is multipoint,
		 * with non-rooted control and data planes (spec "Multipoint
		 * and Multicast Semantics": IP multicast).
		 */
		ASSERT_EQ(2, a[i].iVersion);
		if (a[i].iSocketType == SOCK_STREAM) {
			ASSERT_EQ(TCPIP_FLAGS, a[i].dwServiceFlags1 & ~XP1_QOS_SUPPORTED);
			/* spec WSAPROTOCOL_INFO: 0 "stream-oriented" */
			ASSERT_EQ(0, a[i].dwMessageSize);
		} else if (a[i].iSocketType == SOCK_SEQPACKET) {
			ASSERT_EQ(ROOTED_FLAGS, a[i].dwServiceFlags1);
			ASSERT_EQ(65536, a[i].dwMessageSize);
		} else {
			ASSERT_EQ(UDPIP_FLAGS, a[i].dwServiceFlags1 & ~XP1_QOS_SUPPORTED);
			/* What SO_MAX_MSG_SIZE reports on such a socket. */
			ASSERT_EQ(a[i].iAddressFamily == AF_INET ? 65507 : 65527,
				  a[i].dwMessageSize);
		}
		/* spec WSAPROTOCOL_INFO: a chain of 1 is a base protocol. */
		ASSERT_EQ(BASE_PROTOCOL, a[i].ProtocolChain.ChainLen);
		ASSERT_EQ(sa, a[i].iMaxSockAddr);
		ASSERT_EQ(sa, a[i].iMinSockAddr);
		ASSERT_EQ(BIGENDIAN, a[i].iNetworkByteOrder);
		ASSERT_EQ(SECURITY_PROTOCOL_NONE, a[i].iSecurityScheme);
		/* Wine test_WSASocket: protocol 0 finds these entries. */
		ASSERT_TRUE(a[i].dwProviderFlags & PFL_MATCHES_PROTOCOL_ZERO);
		ASSERT_FALSE(a[i].dwProviderFlags & PFL_HIDDEN);
		/* One provider; "a unique identifier ... for each" entry. */
		ASSERT_EQ(0, memcmp(&a[i].ProviderId, &a[0].ProviderId, sizeof(GUID)));
		for (j = 0; j < i; j++)
			ASSERT_NE(a[j].dwCatalogEntryId, a[i].dwCatalogEntryId);
	}
	WSACleanup();
}

TEST(enum_filter)
{
	/* Wine test_WSAEnumProtocols: unknown protocols in the list. */
	INT ptest[] = { 0xdead, IPPROTO_TCP, 0xcafe, IPPROTO_UDP, 0xbeef, 0 };
	INT tcp[] = { IPPROTO_TCP, 0 }, none[] = { 0xdead, 0 };
	WSAPROTOCOL_INFOW w[8];
	WSAPROTOCOL_INFOA a[8], all[8];
	DWORD len = 0;
	int n, nall, i, j, found = 0;

	REQUIRE_WS(0);
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsA(ptest, NULL, &len));
	ASSERT_EQ(N_ENTRIES * sizeof(WSAPROTOCOL_INFOA), len);
	len = sizeof(a);
	n = WSAEnumProtocolsA(ptest, a, &len);
	ASSERT_LE(2, n) TH_LOG("error %d", WSAGetLastError());
	for (i = 0; i < n; i++)
		for (j = 0; j < (int)(sizeof(ptest) / sizeof(ptest[0])); j++)
			if (a[i].iProtocol == ptest[j]) {
				found |= 1 << j;
				break;
			}
	ASSERT_EQ(0x0A, found);

	/* spec: "information is retrieved only for those protocols listed",
	 * in catalog order ("the order in which the protocol entries were
	 * registered"). */
	nall = enum_all(_metadata, all, 8);
	len = sizeof(w);
	n = WSAEnumProtocolsW(tcp, w, &len);
	/* TCP and rooted multipoint (over TCP), over IPv4 and IPv6. */
	ASSERT_EQ(4, n);
	for (i = 0, j = 0; i < nall; i++) {
		if (all[i].iProtocol != IPPROTO_TCP)
			continue;
		ASSERT_EQ(all[i].dwCatalogEntryId, w[j].dwCatalogEntryId);
		j++;
	}
	/* No entry serves the list: none is returned. */
	len = sizeof(a);
	ASSERT_EQ(0, WSAEnumProtocolsA(none, a, &len));
	WSACleanup();
}

TEST(so_protocol_info_lengths)
{
	WSAPROTOCOL_INFOA infoa;
	WSAPROTOCOL_INFOW infow;
	char big[2 * sizeof(WSAPROTOCOL_INFOW)];
	int size;
	SOCKET s;

	REQUIRE_WS(0);
	/* Wine test_set_getsockopt, "test SO_PROTOCOL_INFOA invalid parameters" */
	ASSERT_WSAFAIL(WSAENOTSOCK, getsockopt(INVALID_SOCKET, SOL_SOCKET,
					       SO_PROTOCOL_INFOA, NULL, NULL));
	size = sizeof(infoa);
	ASSERT_WSAFAIL(WSAENOTSOCK, getsockopt(INVALID_SOCKET, SOL_SOCKET,
					       SO_PROTOCOL_INFOA, (char *)&infoa,
					       &size));
	ASSERT_EQ(sizeof(infoa), size);
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_WSAFAIL(WSAEFAULT, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
					     NULL, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
					     (char *)&infoa, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
					     NULL, &size));
	size = sizeof(infoa) / 2;
	ASSERT_WSAFAIL(WSAEFAULT, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
					     (char *)&infoa, &size));
	ASSERT_EQ(sizeof(infoa), size);
	size = sizeof(infoa) * 2;
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, big, &size))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(sizeof(infoa) * 2, size);
	/* The same rules for the W form, with its size. */
	size = sizeof(infow) / 2;
	ASSERT_WSAFAIL(WSAEFAULT, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW,
					     (char *)&infow, &size));
	ASSERT_EQ(sizeof(infow), size);
	size = sizeof(big);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, big, &size));
	ASSERT_EQ(sizeof(big), size);
	/* It is read only. */
	ASSERT_WSAFAIL(WSAENOPROTOOPT, setsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
						  (char *)&infoa, sizeof(infoa)));
	closesocket(s);
	WSACleanup();
}

TEST(so_protocol_info_entries)
{
	static const struct { int af, type, proto; } prottest[] = {
		{ AF_INET, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDP },
		{ AF_INET6, SOCK_STREAM, IPPROTO_TCP },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_UDP },
	};
	WSAPROTOCOL_INFOA all[8], infoa;
	WSAPROTOCOL_INFOW infow;
	char name[WSAPROTOCOL_LEN + 1];
	int i, k, n, size;

	REQUIRE_WS(AF_INET6);
	n = enum_all(_metadata, all, 8);
	for (i = 0; i < 4; i++) {
		const WSAPROTOCOL_INFOA *e;
		SOCKET s = socket(prottest[i].af, prottest[i].type, prottest[i].proto);

		ASSERT_NE(INVALID_SOCKET, s);
		/* Wine test_set_getsockopt: A and W, the socket's protocol. */
		memset(&infoa, POISON_BYTE, sizeof(infoa));
		size = sizeof(infoa);
		ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
					(char *)&infoa, &size));
		ASSERT_EQ(sizeof(infoa), size);
		memset(&infow, POISON_BYTE, sizeof(infow));
		size = sizeof(infow);
		ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW,
					(char *)&infow, &size));
		ASSERT_EQ(sizeof(infow), size);
		ASSERT_NE(0, infoa.szProtocol[0]);
		for (k = 0; infow.szProtocol[k]; k++)
			name[k] = (char)infow.szProtocol[k];
		name[k] = 0;
		ASSERT_STREQ(infoa.szProtocol, name);
		ASSERT_EQ(0, memcmp(&infoa, &infow, offsetof(WSAPROTOCOL_INFOA,
							     szProtocol)));
		ASSERT_EQ(prottest[i].af, infoa.iAddressFamily);
		ASSERT_EQ(prottest[i].type, infoa.iSocketType);
		ASSERT_EQ(prottest[i].proto, infoa.iProtocol);
		/* The catalog's entry, as WSAEnumProtocols lists it. */
		e = find_entry(all, n, prottest[i].af, prottest[i].type,
			       prottest[i].proto);
		ASSERT_NE(NULL, e);
		ASSERT_EQ(0, memcmp(e, &infoa, sizeof(infoa)));
		closesocket(s);
	}
	WSACleanup();
}

TEST(so_protocol_info_accepted)
{
	WSAPROTOCOL_INFOA l, a;
	SOCKET c, s;
	int size = sizeof(l);

	REQUIRE_WS(AF_INET6);
	/* An accepted socket is of its listener's protocol. */
	ws_tcp_pair(_metadata, AF_INET6, &c, &s);
	ASSERT_EQ(0, getsockopt(c, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&l, &size));
	size = sizeof(a);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&a, &size));
	ASSERT_EQ(0, memcmp(&l, &a, sizeof(a)));
	ASSERT_EQ(AF_INET6, a.iAddressFamily);
	ASSERT_EQ(IPPROTO_TCP, a.iProtocol);
	closesocket(c);
	closesocket(s);
	WSACleanup();
}

TEST(wsasocket_protocol_info)
{
	INT tcp[] = { IPPROTO_TCP, IPPROTO_IP };
	WSAPROTOCOL_INFOA pi[4], got;
	WSAPROTOCOL_INFOW wi[4];
	DWORD len = 0;
	int n, size;
	void *bad;
	SOCKET s;

	REQUIRE_WS(0);
	/* Wine test_WSASocket, with the TCP entries. */
	ASSERT_WSAFAIL(WSAENOBUFS, WSAEnumProtocolsA(tcp, NULL, &len));
	ASSERT_GE(sizeof(pi), len);
	n = WSAEnumProtocolsA(tcp, pi, &len);
	ASSERT_LE(1, n);
	s = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &pi[0], 0, 0);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_STREAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	/* spec WSASocket: "bound to the provider associated with the
	 * indicated WSAPROTOCOL_INFO": its entry. */
	size = sizeof(got);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&got, &size));
	ASSERT_EQ(pi[0].dwCatalogEntryId, got.dwCatalogEntryId);
	closesocket(s);

	/* Wine: "find what parameters are used first": the structure's for
	 * 0, the arguments otherwise. */
	pi[0].iProtocol = -1;
	pi[0].iSocketType = -1;
	pi[0].iAddressFamily = -1;
	ASSERT_WSAFAIL_SOCKET(WSAEAFNOSUPPORT, WSASocketA(0, 0, IPPROTO_UDP, &pi[0], 0, 0));
	pi[0].iProtocol = 0;
	pi[0].iSocketType = 0;
	pi[0].iAddressFamily = 0;
	ASSERT_WSAFAIL_SOCKET(WSAEAFNOSUPPORT, WSASocketA(0, 0, IPPROTO_UDP, &pi[0], 0, 0));
	pi[0].iProtocol = IPPROTO_UDP;
	pi[0].iSocketType = SOCK_DGRAM;
	pi[0].iAddressFamily = AF_INET;
	s = WSASocketA(0, 0, 0, &pi[0], 0, 0);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_DGRAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	/* Wine test_set_getsockopt: SO_PROTOCOL_INFO is of the socket's
	 * family, type and protocol: here not the entry given. */
	size = sizeof(got);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&got, &size));
	ASSERT_EQ(IPPROTO_UDP, got.iProtocol);
	ASSERT_EQ(SOCK_DGRAM, got.iSocketType);
	closesocket(s);
	s = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, &pi[0], 0, 0);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(SOCK_STREAM, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	closesocket(s);

	/* The W form: its WSAPROTOCOL_INFOW. */
	len = sizeof(wi);
	ASSERT_LE(1, WSAEnumProtocolsW(tcp, wi, &len));
	s = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &wi[0], 0, 0);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	closesocket(s);

	/* ws: an entry the catalog does not have names no provider. */
	pi[0].dwCatalogEntryId = 0xdeadbeef;
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(FROM_PROTOCOL_INFO,
						    FROM_PROTOCOL_INFO,
						    FROM_PROTOCOL_INFO, &pi[0], 0, 0));
	bad = no_access_page(_metadata);
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSASocketA(AF_INET, SOCK_STREAM, 0,
						    bad, 0, 0));
	munmap(bad, 4096);
	WSACleanup();
}

TEST(wsasocket_af_zero)
{
	static const int autoprotocols[] = { IPPROTO_TCP, IPPROTO_UDP };
	WSAPROTOCOL_INFOA all[8];
	int n, i, j;
	SOCKET s;

	REQUIRE_WS(0);
	n = enum_all(_metadata, all, 8);
	/* Wine test_WSASocket: af 0 and what Windows answers. */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(0, 0, 0, NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(0, SOCK_STREAM, 0, NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(0, -1, 0, NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(0, 0xdead, 0, NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEPROTONOSUPPORT, WSASocketA(0, SOCK_STREAM, -1,
							     NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEPROTONOSUPPORT, WSASocketA(0, 0, 0xdead, NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAESOCKTNOSUPPORT, WSASocketA(0, -1, IPPROTO_UDP,
							     NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAESOCKTNOSUPPORT, WSASocketA(0, -1, -1, NULL, 0, 0));
	/* "when no socket type is specified the first entry from
	 * WSAEnumProtocols that matches the protocol is returned" */
	for (i = 0; i < 2; i++) {
		s = WSASocketA(0, 0, autoprotocols[i], NULL, 0, 0);
		ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
		for (j = 0; j < n; j++)
			if (all[j].iProtocol == autoprotocols[i])
				break;
		ASSERT_LT(j, n);
		ASSERT_EQ(all[j].iSocketType,
			  ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
		closesocket(s);
	}
	/* "when no protocol and socket type are specified the first entry
	 * ... that has the flag PFL_MATCHES_PROTOCOL_ZERO is returned" */
	s = WSASocketA(AF_INET, 0, 0, NULL, 0, 0);
	ASSERT_NE(INVALID_SOCKET, s);
	for (j = 0; j < n; j++)
		if (all[j].dwProviderFlags & PFL_MATCHES_PROTOCOL_ZERO)
			break;
	ASSERT_LT(j, n);
	ASSERT_EQ(all[j].iSocketType, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	closesocket(s);
	WSACleanup();
}

TEST(wsasocket_multipoint_flags)
{
	static const DWORD bad[] = {
		WSA_FLAG_MULTIPOINT_C_LEAF,
		WSA_FLAG_MULTIPOINT_D_LEAF,
		WSA_FLAG_MULTIPOINT_C_ROOT | WSA_FLAG_MULTIPOINT_C_LEAF |
			WSA_FLAG_MULTIPOINT_D_LEAF,
		WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_ROOT |
			WSA_FLAG_MULTIPOINT_D_LEAF,
		/* roots: IP multicast's planes are not rooted */
		WSA_FLAG_MULTIPOINT_C_ROOT | WSA_FLAG_MULTIPOINT_D_LEAF,
		WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_ROOT,
		WSA_FLAG_MULTIPOINT_C_ROOT | WSA_FLAG_MULTIPOINT_D_ROOT,
	};
	WSAPROTOCOL_INFOA all[8], got;
	const WSAPROTOCOL_INFOA *udp;
	int af, i, n, size;
	SOCKET s;

	REQUIRE_WS(AF_INET6);
	n = enum_all(_metadata, all, 8);
	for (af = AF_INET; af; af = af == AF_INET ? AF_INET6 : 0) {
		/*
		 * spec WSASocket: WSA_FLAG_MULTIPOINT_C_LEAF and _D_LEAF are
		 * "only allowed if XP1_SUPPORT_MULTIPOINT is indicated": UDP
		 * has it (Wine test_WSAEnumProtocols), so an IP multicast leaf
		 * is made; TCP has not.
		 */
		s = WSASocketA(af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0,
			       MP_LEAF | WSA_FLAG_OVERLAPPED);
		ASSERT_NE(INVALID_SOCKET, s) TH_LOG("af %d: error %d", af,
						    WSAGetLastError());
		size = sizeof(got);
		ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA,
					(char *)&got, &size));
		udp = find_entry(all, n, af, SOCK_DGRAM, IPPROTO_UDP);
		ASSERT_NE(NULL, udp);
		ASSERT_EQ(udp->dwCatalogEntryId, got.dwCatalogEntryId);
		closesocket(s);
		ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(af, SOCK_STREAM,
							    IPPROTO_TCP, NULL, 0,
							    MP_LEAF));
		/*
		 * spec WSASocket: "exactly one of WSA_FLAG_MULTIPOINT_C_ROOT
		 * or WSA_FLAG_MULTIPOINT_C_LEAF must be specified, and exactly
		 * one of WSA_FLAG_MULTIPOINT_D_ROOT or WSA_FLAG_MULTIPOINT_D_LEAF";
		 * the root flags "only allowed if a rooted control (data)
		 * plane is indicated".
		 */
		for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
			ASSERT_WSAFAIL_SOCKET(WSAEINVAL,
					      WSASocketA(af, SOCK_DGRAM, IPPROTO_UDP,
							 NULL, 0, bad[i]));
		/* With the entry given as a WSAPROTOCOL_INFO. */
		s = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
			       FROM_PROTOCOL_INFO, (WSAPROTOCOL_INFOA *)udp, 0, MP_LEAF);
		ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
		closesocket(s);
	}
	WSACleanup();
}

TEST_HARNESS_MAIN
