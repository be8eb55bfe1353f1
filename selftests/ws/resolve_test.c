// SPDX-License-Identifier: GPL-2.0
/*
 * Name resolution through libws: gethostname, gethostbyname, gethostbyaddr,
 * getservbyname/port, getprotobyname/number, getaddrinfo, freeaddrinfo,
 * getnameinfo. The tests use the local databases (/etc/hosts, services,
 * protocols); where a lookup may reach DNS, the resolver is bounded to one
 * one-second attempt. Citations: see ws_test.h.
 */
#include "ws_test.h"

#define REQUIRE_STARTUP() do { \
	setenv("RES_OPTIONS", "timeout:1 attempts:1", 1); \
	if (ws_startup()) { \
		if (access(WS_MODULE_PARAM, F_OK)) \
			SKIP(return, "WSAStartup failed and the ws module is not loaded"); \
		ASSERT_EQ(0, ws_startup()) TH_LOG("WSAStartup failed"); \
	} \
} while (0)

/* The name-resolution codes a failed lookup may give (spec gethostbyname). */
static bool is_name_error(int err)
{
	return err == WSAHOST_NOT_FOUND || err == WSATRY_AGAIN ||
	       err == WSANO_RECOVERY || err == WSANO_DATA;
}

static bool hostent_has(const struct hostent *h, const unsigned char *addr, int len)
{
	int i;

	for (i = 0; h->h_addr_list[i]; i++)
		if (!memcmp(h->h_addr_list[i], addr, len))
			return true;
	return false;
}

TEST(gethostname_resolvable)
{
	char name[256];
	struct hostent *h;

	REQUIRE_STARTUP();
	/*
	 * spec gethostname: a null-terminated name that "is guaranteed ... will
	 * be successfully parsed by gethostbyname"; Wine test_gethostname.
	 */
	memset(name, POISON_BYTE, sizeof(name));
	ASSERT_EQ(0, gethostname(name, sizeof(name))) TH_LOG("error %d", WSAGetLastError());
	ASSERT_NE(NULL, memchr(name, 0, sizeof(name)));
	ASSERT_GT(strlen(name), 0);
	h = gethostbyname(name);
	ASSERT_NE(NULL, h) TH_LOG("gethostbyname(\"%s\"): error %d", name, WSAGetLastError());
	ASSERT_NE(NULL, h->h_addr_list[0]);
	WSACleanup();
}

TEST(gethostname_errors)
{
	char name[256], probe[256];
	int len;

	REQUIRE_STARTUP();
	ASSERT_EQ(0, gethostname(name, sizeof(name)));
	len = strlen(name);
	/*
	 * spec gethostname: WSAEFAULT when name is invalid or "the buffer size
	 * specified by namelen argument is too small to hold the complete host
	 * name"; Wine test_gethostname: NULL, and a length without room for
	 * the NUL, which leaves the buffer untouched; one more byte works.
	 */
	ASSERT_WSAFAIL(WSAEFAULT, gethostname(NULL, 256));
	strcpy(probe, "deadbeef");
	ASSERT_WSAFAIL(WSAEFAULT, gethostname(probe, len));
	ASSERT_STREQ("deadbeef", probe);
	ASSERT_EQ(0, gethostname(probe, len + 1));
	ASSERT_STREQ(name, probe);
	WSACleanup();
}

TEST(gethostbyname_localhost)
{
	static const unsigned char lo[4] = { 127, 0, 0, 1 };
	struct hostent *h;

	REQUIRE_STARTUP();
	/*
	 * spec gethostbyname: the hostent of the name; Wine
	 * test_gethostbyname_hack: "localhost" is 127.0.0.1, four bytes.
	 */
	h = gethostbyname("localhost");
	ASSERT_NE(NULL, h) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(AF_INET, h->h_addrtype);
	ASSERT_EQ(4, h->h_length);
	ASSERT_NE(NULL, h->h_name);
	ASSERT_NE(NULL, h->h_aliases);
	ASSERT_EQ(0, memcmp(h->h_addr_list[0], lo, 4));
	WSACleanup();
}

TEST(gethostbyname_empty)
{
	struct hostent *h;

	REQUIRE_STARTUP();
	/* Wine test_dns: gethostbyname("") succeeds (the local host) */
	h = gethostbyname("");
	ASSERT_NE(NULL, h) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(AF_INET, h->h_addrtype);
	ASSERT_NE(NULL, h->h_addr_list[0]);
	WSACleanup();
}

TEST(gethostbyname_unknown)
{
	REQUIRE_STARTUP();
	/*
	 * spec gethostbyname: NULL, with WSAHOST_NOT_FOUND, WSATRY_AGAIN,
	 * WSANO_RECOVERY or WSANO_DATA (which one depends on what answers:
	 * .invalid names are never delegated, RFC 6761).
	 */
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(gethostbyname("no-such-host.invalid"));
	ASSERT_TRUE(is_name_error(WSAGetLastError())) TH_LOG("error %d", WSAGetLastError());
	WSACleanup();
}

TEST(gethostbyaddr_loopback)
{
	static const unsigned char lo[4] = { 127, 0, 0, 1 };
	struct hostent *h;

	REQUIRE_STARTUP();
	/*
	 * spec gethostbyaddr: the hostent "which contain[s] the name(s) and
	 * address which correspond to the given address".
	 */
	h = gethostbyaddr((const char *)lo, 4, AF_INET);
	ASSERT_NE(NULL, h) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(AF_INET, h->h_addrtype);
	ASSERT_EQ(4, h->h_length);
	ASSERT_NE(NULL, h->h_name);
	ASSERT_GT(strlen(h->h_name), 0);
	ASSERT_TRUE(hostent_has(h, lo, 4));
	WSACleanup();
}

TEST(gethostbyaddr_errors)
{
	static const unsigned char lo[4] = { 127, 0, 0, 1 };

	REQUIRE_STARTUP();
	/* spec gethostbyaddr: WSAEFAULT "the len argument is too small" */
	ASSERT_WSAFAIL_NULL(WSAEFAULT, gethostbyaddr((const char *)lo, 3, AF_INET));
	/* spec gethostbyaddr: WSAEAFNOSUPPORT "The type specified is not supported" */
	ASSERT_WSAFAIL_NULL(WSAEAFNOSUPPORT, gethostbyaddr((const char *)lo, 4, 0x7777));
	WSACleanup();
}

TEST(getservbyname_lookups)
{
	struct servent *s;

	REQUIRE_STARTUP();
	/*
	 * spec getservbyname: s_port "in network byte order"; Wine
	 * test_getservbyname: telnet/tcp is 23, domain/udp is 53, with the
	 * name and protocol returned.
	 */
	s = getservbyname("telnet", "tcp");
	ASSERT_NE(NULL, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(htons(23), (u_short)s->s_port);
	ASSERT_STREQ("telnet", s->s_name);
	ASSERT_STREQ("tcp", s->s_proto);
	s = getservbyname("domain", "udp");
	ASSERT_NE(NULL, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(htons(53), (u_short)s->s_port);
	ASSERT_STREQ("udp", s->s_proto);
	/* spec: with proto NULL, the first entry whose name matches */
	s = getservbyname("telnet", NULL);
	ASSERT_NE(NULL, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(htons(23), (u_short)s->s_port);
	/* spec: a failed lookup is NULL with one of the name codes */
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(getservbyname("no-such-service", "tcp"));
	ASSERT_TRUE(is_name_error(WSAGetLastError())) TH_LOG("error %d", WSAGetLastError());
	WSACleanup();
}

TEST(getservbyport_lookups)
{
	struct servent *s;

	REQUIRE_STARTUP();
	/* spec getservbyport: port "in network byte order" */
	s = getservbyport(htons(23), "tcp");
	ASSERT_NE(NULL, s) TH_LOG("error %d", WSAGetLastError());
	ASSERT_STREQ("telnet", s->s_name);
	ASSERT_EQ(htons(23), (u_short)s->s_port);
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(getservbyport(htons(1), "no-such-protocol"));
	ASSERT_TRUE(is_name_error(WSAGetLastError())) TH_LOG("error %d", WSAGetLastError());
	WSACleanup();
}

TEST(getprotobyname_lookups)
{
	struct protoent *p;

	REQUIRE_STARTUP();
	/* spec getprotobyname: p_proto "in host byte order"; Wine test_getprotobyname */
	p = getprotobyname("tcp");
	ASSERT_NE(NULL, p) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(6, p->p_proto);
	ASSERT_STREQ("tcp", p->p_name);
	p = getprotobyname("udp");
	ASSERT_NE(NULL, p);
	ASSERT_EQ(17, p->p_proto);
	/* Wine test_getprotobyname: the upper-case alias is found too */
	p = getprotobyname("ICMP");
	ASSERT_NE(NULL, p);
	ASSERT_EQ(1, p->p_proto);
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(getprotobyname("no-such-protocol"));
	ASSERT_TRUE(is_name_error(WSAGetLastError())) TH_LOG("error %d", WSAGetLastError());
	WSACleanup();
}

TEST(getprotobynumber_lookups)
{
	struct protoent *p;

	REQUIRE_STARTUP();
	/*
	 * spec getprotobynumber; Wine test_getprotobynumber: 6 is "tcp" with
	 * the alias "TCP", and numbers outside the table (-1, 256) are NULL.
	 */
	p = getprotobynumber(6);
	ASSERT_NE(NULL, p) TH_LOG("error %d", WSAGetLastError());
	ASSERT_STREQ("tcp", p->p_name);
	ASSERT_NE(NULL, p->p_aliases[0]);
	ASSERT_STREQ("TCP", p->p_aliases[0]);
	ASSERT_EQ(6, p->p_proto);
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(getprotobynumber(-1));
	ASSERT_TRUE(is_name_error(WSAGetLastError())) TH_LOG("error %d", WSAGetLastError());
	ASSERT_NULL(getprotobynumber(256));
	WSACleanup();
}

TEST(getaddrinfo_localhost)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	bool found = false;

	REQUIRE_STARTUP();
	/*
	 * Wine test_getaddrinfo: "localhost" with service "80" resolves; with
	 * hints the family, type and protocol asked for are what is returned.
	 */
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	ASSERT_EQ(0, getaddrinfo("localhost", "80", &hints, &res));
	ASSERT_NE(NULL, res);
	for (ai = res; ai; ai = ai->ai_next) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;

		ASSERT_EQ(AF_INET, ai->ai_family);
		ASSERT_EQ(SOCK_STREAM, ai->ai_socktype);
		ASSERT_EQ(IPPROTO_TCP, ai->ai_protocol);
		ASSERT_EQ(sizeof(struct sockaddr_in), ai->ai_addrlen);
		ASSERT_EQ(AF_INET, sin->sin_family);
		ASSERT_EQ(htons(80), sin->sin_port);
		if (sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			found = true;
	}
	ASSERT_TRUE(found);
	freeaddrinfo(res);
}

TEST(getaddrinfo_protocol_zero)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;

	REQUIRE_STARTUP();
	/*
	 * Wine test_getaddrinfo (hinttests): each result carries the hint's
	 * protocol, 0 included: Windows does not fill in IPPROTO_UDP.
	 */
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_DGRAM;
	ASSERT_EQ(0, getaddrinfo("localhost", NULL, &hints, &res));
	ASSERT_NE(NULL, res);
	for (ai = res; ai; ai = ai->ai_next) {
		ASSERT_EQ(AF_INET, ai->ai_family);
		ASSERT_EQ(SOCK_DGRAM, ai->ai_socktype);
		ASSERT_EQ(0, ai->ai_protocol);
	}
	freeaddrinfo(res);
}

TEST(getaddrinfo_numeric)
{
	static const unsigned char lo6[16] = { [15] = 1 };
	static const unsigned char beef[16] = { 0xbe, 0xef, [14] = 0xca, 0xfe };
	struct addrinfo hints = { 0 }, *res = NULL;
	struct sockaddr_in6 *sin6;
	struct sockaddr_in *sin;

	REQUIRE_STARTUP();
	/* Wine test_getaddrinfo: an IPv4 literal converts, port 0 */
	ASSERT_EQ(0, getaddrinfo("192.168.1.253", NULL, NULL, &res));
	ASSERT_NE(NULL, res);
	ASSERT_EQ(AF_INET, res->ai_family);
	ASSERT_GE(res->ai_addrlen, sizeof(struct sockaddr_in));
	sin = (struct sockaddr_in *)res->ai_addr;
	ASSERT_EQ(AF_INET, sin->sin_family);
	ASSERT_EQ(0, sin->sin_port);
	ASSERT_EQ(inet_addr("192.168.1.253"), sin->sin_addr.s_addr);
	freeaddrinfo(res);

	/*
	 * An IPv6 literal: the family, in ai_family and in the address, is
	 * Winsock's AF_INET6 (23) (Wine verify_ipv6_addrinfo).
	 */
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_family = AF_INET6;
	res = NULL;
	ASSERT_EQ(0, getaddrinfo("::1", "443", &hints, &res));
	ASSERT_NE(NULL, res);
	ASSERT_EQ(23, res->ai_family);
	ASSERT_GE(res->ai_addrlen, sizeof(struct sockaddr_in6));
	sin6 = (struct sockaddr_in6 *)res->ai_addr;
	ASSERT_EQ(23, sin6->sin6_family);
	ASSERT_EQ(htons(443), sin6->sin6_port);
	ASSERT_EQ(0, memcmp(&sin6->sin6_addr, lo6, 16));
	freeaddrinfo(res);

	/* Wine test_getaddrinfo: a bracketed IPv6 literal is accepted */
	res = NULL;
	ASSERT_EQ(0, getaddrinfo("[beef::cafe]", NULL, NULL, &res));
	ASSERT_NE(NULL, res);
	ASSERT_EQ(AF_INET6, res->ai_family);
	sin6 = (struct sockaddr_in6 *)res->ai_addr;
	ASSERT_EQ(0, memcmp(&sin6->sin6_addr, beef, 16));
	freeaddrinfo(res);
}

TEST(getaddrinfo_errors)
{
	struct addrinfo hints = { 0 }, *res;
	int ret;

	REQUIRE_STARTUP();
	/*
	 * Wine test_getaddrinfo: the error is the return value and the
	 * thread's WSA error, and *res is NULL: no node and no service is
	 * WSAHOST_NOT_FOUND; AI_NUMERICHOST with a name is WSAHOST_NOT_FOUND;
	 * an unknown service is WSATYPE_NOT_FOUND; an unknown socket type
	 * (999) is WSAESOCKTNOSUPPORT.
	 */
	res = (struct addrinfo *)0xdeadbeef;
	WSASetLastError(POISON_ERR);
	ret = getaddrinfo(NULL, NULL, NULL, &res);
	ASSERT_EQ(WSAHOST_NOT_FOUND, ret);
	ASSERT_EQ(WSAHOST_NOT_FOUND, WSAGetLastError());
	ASSERT_NULL(res);

	hints.ai_flags = AI_NUMERICHOST;
	res = (struct addrinfo *)0xdeadbeef;
	WSASetLastError(POISON_ERR);
	ret = getaddrinfo("localhost", "80", &hints, &res);
	ASSERT_EQ(WSAHOST_NOT_FOUND, ret);
	ASSERT_EQ(WSAHOST_NOT_FOUND, WSAGetLastError());
	ASSERT_NULL(res);

	memset(&hints, 0, sizeof(hints));
	res = NULL;
	ret = getaddrinfo(NULL, "nonexistentservice", &hints, &res);
	ASSERT_EQ(WSATYPE_NOT_FOUND, ret);
	ASSERT_NULL(res);

	hints.ai_family = AF_INET;
	hints.ai_socktype = 999;
	hints.ai_protocol = IPPROTO_TCP;
	res = NULL;
	WSASetLastError(POISON_ERR);
	ret = getaddrinfo("localhost", NULL, &hints, &res);
	ASSERT_EQ(WSAESOCKTNOSUPPORT, ret);
	ASSERT_EQ(WSAESOCKTNOSUPPORT, WSAGetLastError());
	ASSERT_NULL(res);
}

TEST(getnameinfo_numeric)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	REQUIRE_STARTUP();
	/* getnameinfo, numeric host and service, for both Winsock families */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(80);
	memset(host, POISON_BYTE, sizeof(host));
	memset(serv, POISON_BYTE, sizeof(serv));
	ASSERT_EQ(0, getnameinfo((struct sockaddr *)&sin, sizeof(sin), host, sizeof(host),
				 serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV));
	ASSERT_STREQ("127.0.0.1", host);
	ASSERT_STREQ("80", serv);

	sin6.sin6_addr.s6_addr[15] = 1;
	sin6.sin6_port = htons(8080);
	memset(host, POISON_BYTE, sizeof(host));
	memset(serv, POISON_BYTE, sizeof(serv));
	ASSERT_EQ(0, getnameinfo((struct sockaddr *)&sin6, sizeof(sin6), host, sizeof(host),
				 serv, sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV));
	ASSERT_STREQ("::1", host);
	ASSERT_STREQ("8080", serv);
}

TEST_HARNESS_MAIN
