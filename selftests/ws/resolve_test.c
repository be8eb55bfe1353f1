// SPDX-License-Identifier: GPL-2.0
/*
 * Name resolution through libws: gethostname, gethostbyname, gethostbyaddr,
 * getservbyname/port, getprotobyname/number, getaddrinfo, freeaddrinfo,
 * getnameinfo, and the wide forms GetAddrInfoW, FreeAddrInfoW,
 * GetNameInfoW, InetPtonW, InetNtopW. The tests use the local databases (/etc/hosts, services,
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

/* Differences between two ADDRINFOW lists, node by node (0: the same). */
static int addrinfow_diff(const ADDRINFOW *a, const ADDRINFOW *b)
{
	int diff = 0;

	for (; a && b; a = a->ai_next, b = b->ai_next) {
		diff += a->ai_flags != b->ai_flags;
		diff += a->ai_family != b->ai_family;
		diff += a->ai_socktype != b->ai_socktype;
		diff += a->ai_protocol != b->ai_protocol;
		diff += a->ai_addrlen != b->ai_addrlen;
		if (a->ai_addrlen == b->ai_addrlen)
			diff += !!memcmp(a->ai_addr, b->ai_addr, a->ai_addrlen);
		if (a->ai_canonname && b->ai_canonname)
			diff += !!wcscmp(a->ai_canonname, b->ai_canonname);
		else
			diff += a->ai_canonname || b->ai_canonname;
	}
	return diff + (a != NULL) + (b != NULL);
}

TEST(GetAddrInfoW_no_node)
{
	ADDRINFOW *res, *res2;
	int ret;

	REQUIRE_STARTUP();
	/*
	 * Wine test_GetAddrInfoW: no node and no service is WSAHOST_NOT_FOUND,
	 * returned and set, with the result NULL; "" alone succeeds and sets
	 * the error to 0; no node with service "0" gives the list of service
	 * "", and so does "" with "0" and with "".
	 */
	res = (ADDRINFOW *)0xdeadbeef;
	WSASetLastError(POISON_ERR);
	ret = GetAddrInfoW(NULL, NULL, NULL, &res);
	ASSERT_EQ(WSAHOST_NOT_FOUND, ret);
	ASSERT_EQ(WSAHOST_NOT_FOUND, WSAGetLastError());
	ASSERT_NULL(res);

	res = NULL;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, GetAddrInfoW(L"", NULL, NULL, &res));
	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, WSAGetLastError());
	FreeAddrInfoW(res);

	res = res2 = NULL;
	ASSERT_EQ(0, GetAddrInfoW(NULL, L"0", NULL, &res));
	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, GetAddrInfoW(NULL, L"", NULL, &res2));
	ASSERT_NE(NULL, res2);
	EXPECT_EQ(0, addrinfow_diff(res, res2));
	FreeAddrInfoW(res);
	FreeAddrInfoW(res2);

	res = res2 = NULL;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, GetAddrInfoW(L"", L"0", NULL, &res));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, GetAddrInfoW(L"", L"", NULL, &res2));
	ASSERT_NE(NULL, res2);
	EXPECT_EQ(0, addrinfow_diff(res, res2));
	FreeAddrInfoW(res);
	FreeAddrInfoW(res2);
}

TEST(GetAddrInfoW_localhost)
{
	static const wchar_t *services[] = { NULL, L"", L"0", L"80" };
	ADDRINFOW hints = { 0 }, *res, *res2;
	wchar_t wname[256];
	char name[256];
	size_t i;

	REQUIRE_STARTUP();
	/* Wine test_GetAddrInfoW: "localhost" resolves with services NULL, "", "0", "80" */
	for (i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		res = NULL;
		EXPECT_EQ(0, GetAddrInfoW(L"localhost", services[i], NULL, &res))
			TH_LOG("service %zu: error %d", i, WSAGetLastError());
		FreeAddrInfoW(res);
	}
	/* ... and with zeroed hints, which set the error to 0 */
	res = NULL;
	ASSERT_EQ(0, GetAddrInfoW(L"localhost", NULL, &hints, &res));
	FreeAddrInfoW(res);
	res = NULL;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, GetAddrInfoW(L"localhost", L"80", &hints, &res));
	ASSERT_EQ(0, WSAGetLastError());
	FreeAddrInfoW(res);

	/* Wine test_GetAddrInfoW: the computer's name gives the list of "" */
	ASSERT_EQ(0, gethostname(name, sizeof(name)));
	for (i = 0; name[i] && i < 255; i++)
		wname[i] = (unsigned char)name[i];
	wname[i] = 0;
	res = res2 = NULL;
	ASSERT_EQ(0, GetAddrInfoW(wname, NULL, NULL, &res));
	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, GetAddrInfoW(L"", NULL, NULL, &res2));
	EXPECT_EQ(0, addrinfow_diff(res, res2));
	FreeAddrInfoW(res);
	FreeAddrInfoW(res2);
	res = res2 = NULL;
	ASSERT_EQ(0, GetAddrInfoW(wname, L"", NULL, &res));
	ASSERT_EQ(0, GetAddrInfoW(L"", L"", NULL, &res2));
	EXPECT_EQ(0, addrinfow_diff(res, res2));
	FreeAddrInfoW(res);
	FreeAddrInfoW(res2);
}

TEST(GetAddrInfoW_hints)
{
	static const struct { int family, socktype, protocol, error; } tests[] = {
		{ AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, 0 },
		{ AF_UNSPEC, SOCK_STREAM, IPPROTO_UDP, 0 },
		{ AF_UNSPEC, SOCK_DGRAM, IPPROTO_IPV6, 0 },
		{ AF_INET, SOCK_STREAM, IPPROTO_TCP, 0 },
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0 },
		{ AF_INET, SOCK_DGRAM, IPPROTO_TCP, 0 },
		{ AF_UNSPEC, 0, IPPROTO_UDP, 0 },
		{ AF_INET, 0, IPPROTO_IPV6, 0 },
		{ AF_UNSPEC, SOCK_DGRAM, 0, 0 },
		{ AF_INET, SOCK_STREAM, 0, 0 },
		{ AF_UNSPEC, 999, IPPROTO_TCP, WSAESOCKTNOSUPPORT },
		{ AF_INET, 999, IPPROTO_UDP, WSAESOCKTNOSUPPORT },
		{ AF_UNSPEC, SOCK_STREAM, 999, 0 },
		{ AF_INET, SOCK_DGRAM, 999, 0 },
	};
	ADDRINFOW hints = { 0 }, *res, *ai;
	size_t i;
	int ret;

	REQUIRE_STARTUP();
	/*
	 * Wine test_GetAddrInfoW (hinttests): "localhost" with each family,
	 * type and protocol gives entries of that family (AF_INET or AF_INET6
	 * for AF_UNSPEC), type and protocol, the protocol as given even when it
	 * does not go with the type; socket type 999 is WSAESOCKTNOSUPPORT,
	 * returned and set.
	 */
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		hints.ai_family = tests[i].family;
		hints.ai_socktype = tests[i].socktype;
		hints.ai_protocol = tests[i].protocol;
		res = NULL;
		WSASetLastError(POISON_ERR);
		ret = GetAddrInfoW(L"localhost", NULL, &hints, &res);
		ASSERT_EQ(tests[i].error, ret) TH_LOG("test %zu", i);
		if (ret) {
			ASSERT_EQ(tests[i].error, WSAGetLastError()) TH_LOG("test %zu", i);
			ASSERT_NULL(res);
			continue;
		}
		ASSERT_NE(NULL, res);
		for (ai = res; ai; ai = ai->ai_next) {
			if (tests[i].family == AF_UNSPEC) {
				EXPECT_TRUE(ai->ai_family == AF_INET ||
					    ai->ai_family == AF_INET6) TH_LOG("test %zu", i);
			} else {
				EXPECT_EQ(tests[i].family, ai->ai_family) TH_LOG("test %zu", i);
			}
			EXPECT_EQ(tests[i].socktype, ai->ai_socktype) TH_LOG("test %zu", i);
			EXPECT_EQ(tests[i].protocol, ai->ai_protocol) TH_LOG("test %zu", i);
		}
		FreeAddrInfoW(res);
	}
}

TEST(GetAddrInfoW_idn_disabled)
{
	/* "te su to" in katakana, then ".winehq.org" */
	static const wchar_t idn[] = { 0x30c6, 0x30b9, 0x30c8, L'.', L'w', L'i',
				       L'n', L'e', L'h', L'q', L'.', L'o', L'r',
				       L'g', 0 };
	ADDRINFOW hints = { 0 }, *res;

	REQUIRE_STARTUP();
	/*
	 * Wine test_GetAddrInfoW: a name that needs IDN encoding, with
	 * AI_DISABLE_IDN_ENCODING, is WSAHOST_NOT_FOUND, returned and set,
	 * with the result NULL. Refused without a lookup: no network needed.
	 */
	hints.ai_family = AF_INET;
	hints.ai_flags = AI_DISABLE_IDN_ENCODING;
	res = (ADDRINFOW *)0xdeadbeef;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(WSAHOST_NOT_FOUND, GetAddrInfoW(idn, NULL, &hints, &res));
	ASSERT_EQ(WSAHOST_NOT_FOUND, WSAGetLastError());
	ASSERT_NULL(res);
}

TEST(GetAddrInfoW_matches_getaddrinfo)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	ADDRINFOW hintsw = { 0 }, *resw = NULL;
	struct sockaddr_in *sin;

	REQUIRE_STARTUP();
	/*
	 * Wine test_getaddrinfo's IPv4 literal, through GetAddrInfoW: the same
	 * entry as getaddrinfo's, family AF_INET, port 0, with the canonical
	 * name asked for as wide text.
	 */
	hints.ai_flags = hintsw.ai_flags = AI_CANONNAME;
	ASSERT_EQ(0, getaddrinfo("192.168.1.253", NULL, &hints, &res));
	ASSERT_EQ(0, GetAddrInfoW(L"192.168.1.253", NULL, &hintsw, &resw));
	ASSERT_NE(NULL, resw);
	ASSERT_EQ(AF_INET, resw->ai_family);
	ASSERT_EQ(res->ai_addrlen, resw->ai_addrlen);
	sin = (struct sockaddr_in *)resw->ai_addr;
	ASSERT_EQ(AF_INET, sin->sin_family);
	ASSERT_EQ(0, sin->sin_port);
	ASSERT_EQ(inet_addr("192.168.1.253"), sin->sin_addr.s_addr);
	ASSERT_EQ(0, memcmp(res->ai_addr, resw->ai_addr, res->ai_addrlen));
	if (res->ai_canonname) {
		wchar_t canon[64];
		size_t i;

		for (i = 0; res->ai_canonname[i] && i < 63; i++)
			canon[i] = (unsigned char)res->ai_canonname[i];
		canon[i] = 0;
		ASSERT_NE(NULL, resw->ai_canonname);
		ASSERT_EQ(0, wcscmp(canon, resw->ai_canonname));
	} else {
		ASSERT_NULL(resw->ai_canonname);
	}
	ASSERT_EQ(res->ai_next == NULL, resw->ai_next == NULL);
	freeaddrinfo(res);
	FreeAddrInfoW(resw);
}

TEST(GetNameInfoW_numeric)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	wchar_t host[NI_MAXHOST], serv[NI_MAXSERV];

	REQUIRE_STARTUP();
	/*
	 * GetNameInfoW: getnameinfo's names as wide text, the sizes counted in
	 * WCHARs with the NUL; a name that does not fit is WSAEFAULT, as for
	 * getnameinfo.
	 */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(80);
	memset(host, POISON_BYTE, sizeof(host));
	memset(serv, POISON_BYTE, sizeof(serv));
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, NI_MAXHOST,
				  serv, NI_MAXSERV, NI_NUMERICHOST | NI_NUMERICSERV));
	ASSERT_EQ(0, WSAGetLastError());
	ASSERT_EQ(0, wcscmp(host, L"127.0.0.1"));
	ASSERT_EQ(0, wcscmp(serv, L"80"));
	ASSERT_EQ(0, GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, 10,
				  NULL, 0, NI_NUMERICHOST));
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(WSAEFAULT, GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, 9,
					  NULL, 0, NI_NUMERICHOST));
	ASSERT_EQ(WSAEFAULT, WSAGetLastError());
}

TEST(InetPtonW_strings)
{
	static const struct { const wchar_t *in; int ret; unsigned char out[4]; } v4[] = {
		{ L"1.1.1.1", 1, { 1, 1, 1, 1 } },
		{ L"0.0.0.0", 1, { 0, 0, 0, 0 } },
		{ L"127.127.127.255", 1, { 127, 127, 127, 255 } },
		{ L"", 0 },
		{ L" ", 0 },
		{ L"127.127.127.256", 0 },
		{ L"a", 0 },
		{ L"1.1.1.0xaA", 0 },
		{ L"1.1.1.010", 0 },
		{ L"1.1.1.00", 0 },
		{ L"1.1.1.-2", 0 },
		{ L"1.2.3", 0 },
		{ L"203569230", 0 },
		{ L"3.4.5.6.7", 0 },
		{ L" 3.4.5.6", 0 },
		{ L"[0.1.2.3]", 0 },
		{ L"::1", 0 },
	};
	static const struct { const wchar_t *in; int ret; unsigned char out[16]; } v6[] = {
		{ L"::", 1, { 0 } },
		{ L"0:0:0:0:0:0:0:1", 1, { [15] = 1 } },
		{ L"1111::8888", 1, { 0x11, 0x11, [14] = 0x88, 0x88 } },
		{ L"::123.123.123.123", 1, { [12] = 123, 123, 123, 123 } },
		{ L"':10.0.0.1", 0 },
		{ L"-1", 0 },
		{ L"1111", 0 },
		{ L":", 0 },
		{ L"[::]", 0 },
	};
	unsigned char addr[16];
	size_t i;

	/*
	 * Wine test_inet_pton, InetPtonW: an address is 1 with the error left
	 * alone; text that is no address is 0 with the error set to
	 * WSAEINVAL and, for these strings, the buffer left alone. No
	 * WSAStartup is needed.
	 */
	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		memset(addr, POISON_BYTE, sizeof(addr));
		WSASetLastError(POISON_ERR);
		EXPECT_EQ(v4[i].ret, InetPtonW(AF_INET, v4[i].in, addr)) TH_LOG("v4 %zu", i);
		EXPECT_EQ(v4[i].ret ? POISON_ERR : WSAEINVAL, WSAGetLastError())
			TH_LOG("v4 %zu", i);
		if (v4[i].ret) {
			EXPECT_EQ(0, memcmp(addr, v4[i].out, 4)) TH_LOG("v4 %zu", i);
		} else {
			EXPECT_EQ(POISON_BYTE, addr[0]) TH_LOG("v4 %zu", i);
		}
	}
	for (i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
		memset(addr, POISON_BYTE, sizeof(addr));
		WSASetLastError(POISON_ERR);
		EXPECT_EQ(v6[i].ret, InetPtonW(AF_INET6, v6[i].in, addr)) TH_LOG("v6 %zu", i);
		EXPECT_EQ(v6[i].ret ? POISON_ERR : WSAEINVAL, WSAGetLastError())
			TH_LOG("v6 %zu", i);
		if (v6[i].ret) {
			EXPECT_EQ(0, memcmp(addr, v6[i].out, 16)) TH_LOG("v6 %zu", i);
		} else {
			EXPECT_EQ(POISON_BYTE, addr[0]) TH_LOG("v6 %zu", i);
		}
	}
}

TEST(InetPtonW_errors)
{
	unsigned char addr[16];

	/* Wine test_inet_pton: InetPtonW with a NULL string is -1 and WSAEFAULT, whatever the family */
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(-1, InetPtonW(AF_UNSPEC, NULL, addr));
	ASSERT_EQ(WSAEFAULT, WSAGetLastError());
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(-1, InetPtonW(AF_INET, NULL, addr));
	ASSERT_EQ(WSAEFAULT, WSAGetLastError());
}

TEST(InetNtopW_strings)
{
	static const unsigned char a2[16] = {
		[10] = 0xff, [11] = 0xfe, [12] = 0xcc, 0x98, 0xbd, 0x74
	};
	static const unsigned char a3[16] = { 0x20, 0x30, 0xa4, 0xb1 };
	static const unsigned char a4[16] = { [12] = 0xcc, 0x98, 0xbd, 0x74 };
	u_long v4 = htonl(0x15102020);
	wchar_t buf[INET6_ADDRSTRLEN];

	/*
	 * Wine test_addr_to_print records inet_ntop's strings and its errors
	 * (a buffer one short or NULL fails, WSAEINVAL on Windows 7; family 1
	 * is WSAEAFNOSUPPORT); InetNtopW gives the same, counting WCHARs.
	 */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ((const wchar_t *)buf, InetNtopW(AF_INET, &v4, buf, INET6_ADDRSTRLEN));
	ASSERT_EQ(0, wcscmp(buf, L"21.16.32.32"));
	ASSERT_EQ((const wchar_t *)buf, InetNtopW(AF_INET, &v4, buf, 12));
	ASSERT_EQ((const wchar_t *)buf, InetNtopW(AF_INET6, a2, buf, INET6_ADDRSTRLEN));
	ASSERT_EQ(0, wcscmp(buf, L"::fffe:cc98:bd74"));
	ASSERT_EQ((const wchar_t *)buf, InetNtopW(AF_INET6, a3, buf, INET6_ADDRSTRLEN));
	ASSERT_EQ(0, wcscmp(buf, L"2030:a4b1::"));
	ASSERT_EQ((const wchar_t *)buf, InetNtopW(AF_INET6, a4, buf, INET6_ADDRSTRLEN));
	ASSERT_EQ(0, wcscmp(buf, L"::204.152.189.116"));
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(InetNtopW(AF_INET, &v4, buf, 11));
	ASSERT_EQ(WSAEINVAL, WSAGetLastError());
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(InetNtopW(AF_INET, &v4, NULL, INET6_ADDRSTRLEN));
	ASSERT_EQ(WSAEINVAL, WSAGetLastError());
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(InetNtopW(1, &v4, buf, INET6_ADDRSTRLEN));
	ASSERT_EQ(WSAEAFNOSUPPORT, WSAGetLastError());
}

TEST_HARNESS_MAIN
