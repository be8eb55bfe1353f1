// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Name resolution without the network: localhost, numeric addresses and
 * the services and protocols databases, in Winsock layouts and with
 * Winsock family numbers and error codes.
 */
#include <unistd.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "tap.h"

TEST(resolve_gethostname)
{
	char name[256], tiny[1];
	WSADATA data;
	int len;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	EXPECT_EQ(gethostname(name, sizeof(name)), 0);
	len = (int)strlen(name);
	EXPECT(len > 0, "empty host name");
	/* Exactly enough, then one byte short: WSAEFAULT. */
	EXPECT_EQ(gethostname(name, len + 1), 0);
	WSASetLastError(0);
	EXPECT_EQ(gethostname(name, len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT_EQ(gethostname(tiny, 0), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT_EQ(gethostname(NULL, 10), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(resolve_gethostbyname)
{
	struct hostent *h;
	char name[256];
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	h = gethostbyname("localhost");
	EXPECT(h != NULL, "localhost: error %d", WSAGetLastError());
	if (h) {
		EXPECT_EQ(h->h_addrtype, AF_INET);
		EXPECT_EQ(h->h_length, 4);
		EXPECT(h->h_addr_list[0] &&
		       ((struct in_addr *)h->h_addr)->s_addr ==
		       htonl(INADDR_LOOPBACK), "localhost address");
	}
	h = gethostbyname("127.0.0.2");
	EXPECT(h && ((struct in_addr *)h->h_addr)->s_addr ==
	       inet_addr("127.0.0.2"), "address string");
	/* "gethostbyname will resolve the string returned by a successful
	 * call to gethostname". */
	EXPECT_EQ(gethostname(name, sizeof(name)), 0);
	h = gethostbyname(name);
	EXPECT(h != NULL, "own name %s: error %d", name, WSAGetLastError());
	EXPECT(gethostbyname(NULL) != NULL, "NULL: error %d",
	       WSAGetLastError());
	WSASetLastError(0);
	EXPECT(gethostbyname("nonexistent.invalid") == NULL, "found .invalid");
	EXPECT(WSAGetLastError() == WSAHOST_NOT_FOUND ||
	       WSAGetLastError() == WSATRY_AGAIN ||
	       WSAGetLastError() == WSANO_DATA, "error %d",
	       WSAGetLastError());
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(resolve_gethostbyaddr)
{
	u_long lo = htonl(INADDR_LOOPBACK);
	struct hostent *h;
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	h = gethostbyaddr((char *)&lo, 4, AF_INET);
	EXPECT(h != NULL, "127.0.0.1: error %d", WSAGetLastError());
	if (h) {
		EXPECT_EQ(h->h_addrtype, AF_INET);
		EXPECT(h->h_name && h->h_name[0], "no name");
	}
	WSASetLastError(0);
	EXPECT(gethostbyaddr((char *)&lo, 3, AF_INET) == NULL, "len 3");
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT(gethostbyaddr((char *)&lo, 4, AF_INET6) == NULL, "len 4 v6");
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT(gethostbyaddr((char *)&lo, 4, AF_IPX) == NULL, "AF_IPX");
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	WSASetLastError(0);
	EXPECT(gethostbyaddr(NULL, 4, AF_INET) == NULL, "NULL");
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(resolve_services_protocols)
{
	struct servent *s;
	struct protoent *p;
	WSADATA data;

	if (access("/etc/services", R_OK) || access("/etc/protocols", R_OK)) {
		SKIP("no /etc/services or /etc/protocols (netbase)");
		return;
	}
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	s = getservbyname("domain", "udp");
	EXPECT(s && s->s_port == (short)htons(53) &&
	       !strcmp(s->s_proto, "udp") && !strcmp(s->s_name, "domain"),
	       "domain/udp");
	s = getservbyname("telnet", NULL);
	EXPECT(s && s->s_port == (short)htons(23), "telnet");
	s = getservbyport(htons(80), "tcp");
	EXPECT(s && !strcmp(s->s_name, "http"), "port 80");
	WSASetLastError(0);
	EXPECT(getservbyname("no-such-service", "tcp") == NULL, "found");
	EXPECT_EQ(WSAGetLastError(), WSANO_DATA);
	WSASetLastError(0);
	EXPECT(getservbyname(NULL, "tcp") == NULL, "NULL name");
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

	p = getprotobyname("tcp");
	EXPECT(p && p->p_proto == 6, "tcp");
	/* Windows matches protocol names regardless of case. */
	p = getprotobyname("UDP");
	EXPECT(p && p->p_proto == 17, "UDP");
	p = getprotobyname("IPV6");
	EXPECT(p && p->p_proto == 41, "IPV6");
	p = getprotobynumber(1);
	EXPECT(p && !strcmp(p->p_name, "icmp") && p->p_aliases[0] &&
	       !strcmp(p->p_aliases[0], "ICMP"), "1");
	WSASetLastError(0);
	EXPECT(getprotobynumber(250) == NULL, "250");
	EXPECT_EQ(WSAGetLastError(), WSANO_DATA);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(resolve_getaddrinfo)
{
	ADDRINFOA hints, *res, *ai;
	const SOCKADDR_IN *sin;
	const SOCKADDR_IN6 *sin6;
	WSADATA data;
	int n;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	res = NULL;
	EXPECT_EQ(getaddrinfo("127.0.0.1", "5000", &hints, &res), 0);
	EXPECT_EQ(WSAGetLastError(), 0);
	if (res) {
		sin = (const SOCKADDR_IN *)res->ai_addr;
		EXPECT_EQ(res->ai_family, AF_INET);
		EXPECT_EQ(res->ai_socktype, SOCK_STREAM);
		EXPECT_EQ(res->ai_protocol, IPPROTO_TCP);
		EXPECT_EQ(res->ai_addrlen, sizeof(SOCKADDR_IN));
		EXPECT_EQ(sin->sin_family, AF_INET);
		EXPECT_EQ(sin->sin_port, htons(5000));
		EXPECT_EQ(sin->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
		EXPECT(res->ai_next == NULL, "one address, one entry");
		freeaddrinfo(res);
	}

	hints.ai_family = AF_INET6;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_protocol = 0;
	hints.ai_flags = AI_NUMERICHOST;
	res = NULL;
	EXPECT_EQ(getaddrinfo("::1", "53", &hints, &res), 0);
	if (res) {
		sin6 = (const SOCKADDR_IN6 *)res->ai_addr;
		EXPECT_EQ(res->ai_family, AF_INET6);
		EXPECT_EQ(res->ai_socktype, SOCK_DGRAM);
		EXPECT_EQ(res->ai_addrlen, sizeof(SOCKADDR_IN6));
		EXPECT_EQ(sin6->sin6_family, 23);
		EXPECT_EQ(sin6->sin6_port, htons(53));
		EXPECT(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr), "::1");
		freeaddrinfo(res);
	}

	/* No hints: one entry per address, socket type and protocol 0. */
	res = NULL;
	EXPECT_EQ(getaddrinfo("127.0.0.1", NULL, NULL, &res), 0);
	for (n = 0, ai = res; ai; ai = ai->ai_next, n++) {
		EXPECT_EQ(ai->ai_socktype, 0);
		EXPECT_EQ(ai->ai_protocol, 0);
	}
	EXPECT_EQ(n, 1);
	freeaddrinfo(res);

	/* AI_PASSIVE without a node: the wildcard address. */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_flags = AI_PASSIVE;
	res = NULL;
	EXPECT_EQ(getaddrinfo(NULL, "80", &hints, &res), 0);
	if (res) {
		sin = (const SOCKADDR_IN *)res->ai_addr;
		EXPECT_EQ(sin->sin_addr.s_addr, INADDR_ANY);
		freeaddrinfo(res);
	}

	/* Errors: returned, in WSAGetLastError, and *ppResult NULL. */
	res = (ADDRINFOA *)&hints;
	WSASetLastError(0);
	EXPECT_EQ(getaddrinfo(NULL, NULL, NULL, &res), WSAHOST_NOT_FOUND);
	EXPECT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
	EXPECT(res == NULL, "result not cleared");
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = 10;
	EXPECT_EQ(getaddrinfo("127.0.0.1", NULL, &hints, &res), EAI_FAMILY);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = 999;
	EXPECT_EQ(getaddrinfo("127.0.0.1", NULL, &hints, &res), EAI_SOCKTYPE);
	EXPECT_EQ(WSAGetLastError(), WSAESOCKTNOSUPPORT);
	hints.ai_socktype = 0;
	hints.ai_flags = 0x40000000 >> 8;	/* not a Windows AI_ flag */
	EXPECT_EQ(getaddrinfo("127.0.0.1", NULL, &hints, &res), EAI_BADFLAGS);
	hints.ai_flags = AI_NUMERICHOST;
	EXPECT_EQ(getaddrinfo("localhost", NULL, &hints, &res), EAI_NONAME);
	hints.ai_flags = 0;
	EXPECT_EQ(getaddrinfo("127.0.0.1", "no-such-service", &hints, &res),
		  EAI_SERVICE);
	EXPECT_EQ(getaddrinfo("127.0.0.1", NULL, NULL, NULL), WSAEFAULT);
	freeaddrinfo(NULL);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(resolve_getnameinfo)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	SOCKADDR_IN6 sin6;
	SOCKADDR_IN sin;
	WSADATA data;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(8080);
	sin.sin_addr.s_addr = inet_addr("10.1.2.3");
	EXPECT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof(sin), host,
			      sizeof(host), serv, sizeof(serv),
			      NI_NUMERICHOST | NI_NUMERICSERV), 0);
	EXPECT(!strcmp(host, "10.1.2.3") && !strcmp(serv, "8080"),
	       "%s %s", host, serv);

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(53);
	sin6.sin6_addr.s6_bytes[15] = 1;
	EXPECT_EQ(getnameinfo((SOCKADDR *)&sin6, sizeof(sin6), host,
			      sizeof(host), serv, sizeof(serv),
			      NI_NUMERICHOST | NI_NUMERICSERV | NI_DGRAM), 0);
	EXPECT(!strcmp(host, "::1") && !strcmp(serv, "53"), "%s %s", host,
	       serv);

	EXPECT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof(sin) - 1, host,
			      sizeof(host), NULL, 0, NI_NUMERICHOST),
		  WSAEFAULT);
	EXPECT_EQ(getnameinfo((SOCKADDR *)&sin6, sizeof(SOCKADDR_IN), host,
			      sizeof(host), NULL, 0, NI_NUMERICHOST),
		  WSAEFAULT);
	sin.sin_family = AF_IPX;
	EXPECT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof(sin), host,
			      sizeof(host), NULL, 0, NI_NUMERICHOST),
		  WSAEAFNOSUPPORT);
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	EXPECT_EQ(WSACleanup(), 0);
}
