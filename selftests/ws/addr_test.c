// SPDX-License-Identifier: GPL-2.0
/*
 * Address text conversions of libws: inet_addr, inet_ntoa, inet_pton,
 * inet_ntop, WSAStringToAddress and WSAAddressToString. Citations: see
 * ws_test.h.
 */
#include "ws_test.h"

/* WSAStartup for the functions that need it (spec: WSANOTINITIALISED). */
#define REQUIRE_STARTUP() do { \
	if (ws_startup()) { \
		if (access(WS_MODULE_PARAM, F_OK)) \
			SKIP(return, "WSAStartup failed and the ws module is not loaded"); \
		ASSERT_EQ(0, ws_startup()) TH_LOG("WSAStartup failed"); \
	} \
} while (0)

static u_long be32(unsigned char a, unsigned char b, unsigned char c, unsigned char d)
{
	u_long v;
	unsigned char bytes[4] = { a, b, c, d };

	memcpy(&v, bytes, 4);
	return v;
}

TEST(inet_addr_forms)
{
	static const struct { const char *in; unsigned char out[4]; bool bad; } tests[] = {
		/* spec inet_addr: "a.b.c.d", each part a byte, left to right */
		{ "1.2.3.4", { 1, 2, 3, 4 } },
		{ "127.127.127.255", { 127, 127, 127, 255 } },
		{ "0.0.0.0", { 0, 0, 0, 0 } },
		/* "a.b.c": the last part is a 16-bit quantity */
		{ "1.2.3", { 1, 2, 0, 3 } },
		{ "128.1.300", { 128, 1, 1, 44 } },
		/* "a.b": the last part is a 24-bit quantity */
		{ "1.2", { 1, 0, 0, 2 } },
		/* "a": stored directly */
		{ "203569230", { 12, 34, 56, 78 } },
		/* Wine test_inet_addr: hex and octal parts */
		{ "0x7f.1", { 127, 0, 0, 1 } },
		{ "1.2.3.0xaA", { 1, 2, 3, 0xaa } },
		{ "1.2.3.010", { 1, 2, 3, 8 } },
		/* "if a portion of an "a.b.c.d" address exceeds 255": INADDR_NONE */
		{ "127.127.127.256", { 0 }, true },
		{ "1.2.3.4.5", { 0 }, true },
		{ "a", { 0 }, true },
		{ "", { 0 }, true },
		{ "::1", { 0 }, true },
		{ "1.1.1.-2", { 0 }, true },
	};
	int i;

	for (i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
		u_long want = tests[i].bad ? INADDR_NONE :
			be32(tests[i].out[0], tests[i].out[1], tests[i].out[2], tests[i].out[3]);

		EXPECT_EQ(want, inet_addr(tests[i].in)) TH_LOG("\"%s\"", tests[i].in);
	}
}

TEST(inet_addr_null)
{
	/* Wine test_inet_addr: NULL gives INADDR_NONE and WSAEFAULT */
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(INADDR_NONE, inet_addr(NULL));
	ASSERT_EQ(WSAEFAULT, WSAGetLastError());
}

static void *ntoa_thread(void *arg)
{
	struct in_addr in;

	in.s_addr = inet_addr("4.3.2.1");
	*(char **)arg = strdup(inet_ntoa(in));
	return NULL;
}

TEST(inet_ntoa_per_thread)
{
	struct in_addr in;
	pthread_t th;
	char *other = NULL;
	const char *str;

	/* spec inet_ntoa: the address "in standard "." notation" */
	in.s_addr = be32(21, 16, 32, 32);
	str = inet_ntoa(in);
	ASSERT_NE(NULL, str);
	ASSERT_STREQ("21.16.32.32", str);
	/*
	 * spec inet_ntoa: the string "is guaranteed to be valid until the next
	 * Windows Sockets function call within the same thread"; Wine
	 * test_inet_ntoa: another thread's call leaves it alone.
	 */
	ASSERT_EQ(0, pthread_create(&th, NULL, ntoa_thread, &other));
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_STREQ("4.3.2.1", other);
	ASSERT_STREQ("21.16.32.32", str);
	free(other);
}

TEST(inet_pton_ipv4)
{
	static const struct { const char *in; int ret; unsigned char out[4]; } tests[] = {
		/* Wine test_inet_pton: dotted decimal only */
		{ "1.1.1.1", 1, { 1, 1, 1, 1 } },
		{ "0.0.0.0", 1, { 0, 0, 0, 0 } },
		{ "127.127.127.255", 1, { 127, 127, 127, 255 } },
		{ "127.127.127.256", 0 },
		{ "1.1.1.0x1", 0 },
		{ "1.2.3", 0 },
		{ "203569230", 0 },
		{ " 3.4.5.6", 0 },
		{ "::1", 0 },
		{ "", 0 },
	};
	int i;

	for (i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
		unsigned char addr[4];

		memset(addr, POISON_BYTE, sizeof(addr));
		EXPECT_EQ(tests[i].ret, inet_pton(AF_INET, tests[i].in, addr))
			TH_LOG("\"%s\"", tests[i].in);
		if (tests[i].ret == 1)
			EXPECT_EQ(0, memcmp(addr, tests[i].out, 4)) TH_LOG("\"%s\"", tests[i].in);
	}
}

TEST(inet_pton_ipv6)
{
	static const struct { const char *in; int ret; unsigned char out[16]; } tests[] = {
		/* Wine test_inet_pton, with AF_INET6 = 23 */
		{ "::", 1, { 0 } },
		{ "::1", 1, { [15] = 1 } },
		{ "2001:db8:85a3::8a2e:370:7334", 1,
		  { 0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0,
		    0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34 } },
		{ "::ffff:1.2.3.4", 1, { [10] = 0xff, [11] = 0xff, [12] = 1, 2, 3, 4 } },
		{ "1.2.3.4", 0 },
		{ "1::2::3", 0 },
		{ "[::1]", 0 },
		{ "12345::6:7:8", 0 },
	};
	int i;

	for (i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
		unsigned char addr[16];

		memset(addr, POISON_BYTE, sizeof(addr));
		EXPECT_EQ(tests[i].ret, inet_pton(AF_INET6, tests[i].in, addr))
			TH_LOG("\"%s\"", tests[i].in);
		if (tests[i].ret == 1)
			EXPECT_EQ(0, memcmp(addr, tests[i].out, 16)) TH_LOG("\"%s\"", tests[i].in);
	}
}

TEST(inet_pton_errors)
{
	unsigned char addr[16];

	/* Wine test_inet_pton: a NULL string is WSAEFAULT, AF_UNSPEC is WSAEAFNOSUPPORT */
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(-1, inet_pton(AF_INET, NULL, addr));
	ASSERT_EQ(WSAEFAULT, WSAGetLastError());
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(-1, inet_pton(AF_UNSPEC, "127.0.0.1", addr));
	ASSERT_EQ(WSAEAFNOSUPPORT, WSAGetLastError());
}

TEST(inet_ntop_strings)
{
	static const unsigned char a2[16] = {
		[10] = 0xff, [11] = 0xfe, [12] = 0xcc, 0x98, 0xbd, 0x74
	};
	static const unsigned char a3[16] = { 0x20, 0x30, 0xa4, 0xb1 };
	static const unsigned char a4[16] = { [12] = 0xcc, 0x98, 0xbd, 0x74 };
	u_long v4 = be32(21, 16, 32, 32);
	char buf[INET6_ADDRSTRLEN];

	/* Wine test_addr_to_print: the strings Windows produces */
	memset(buf, POISON_BYTE, sizeof(buf));
	ASSERT_EQ((const char *)buf, inet_ntop(AF_INET, &v4, buf, sizeof(buf)));
	ASSERT_STREQ("21.16.32.32", buf);
	ASSERT_EQ((const char *)buf, inet_ntop(AF_INET6, a2, buf, sizeof(buf)));
	ASSERT_STREQ("::fffe:cc98:bd74", buf);
	ASSERT_EQ((const char *)buf, inet_ntop(AF_INET6, a3, buf, sizeof(buf)));
	ASSERT_STREQ("2030:a4b1::", buf);
	ASSERT_EQ((const char *)buf, inet_ntop(AF_INET6, a4, buf, sizeof(buf)));
	ASSERT_STREQ("::204.152.189.116", buf);
	/* Wine: a buffer one byte short fails, a wrong family gives WSAEAFNOSUPPORT */
	ASSERT_NULL(inet_ntop(AF_INET, &v4, buf, 6));
	WSASetLastError(POISON_ERR);
	ASSERT_NULL(inet_ntop(1, &v4, buf, sizeof(buf)));
	ASSERT_EQ(WSAEAFNOSUPPORT, WSAGetLastError());
}

TEST(string_to_address_ipv4)
{
	static const struct {
		const char *in;
		unsigned char addr[4];
		u_short port;
	} good[] = {
		/* Wine test_WSAStringToAddress */
		{ "1.1.1.1", { 1, 1, 1, 1 } },
		{ "0.0.0.0", { 0, 0, 0, 0 } },
		{ "127.127.127.127:123", { 127, 127, 127, 127 }, 123 },
		{ "127.127.127.127:65535", { 127, 127, 127, 127 }, 65535 },
		{ "255.255.255.255", { 255, 255, 255, 255 } },
		{ "1.2.3", { 1, 2, 0, 3 } },
	};
	static const char *const bad[] = {
		"", " ", "127.127.127.127:", "127.127.127.127:65537", "255.255.255.256",
		"a", "3.4.5.6.7", " 3.4.5.6", "::1", "[0.1.2.3]",
	};
	struct sockaddr_in sin;
	char str[64];
	int i, len;

	REQUIRE_STARTUP();
	/*
	 * spec WSAStringToAddress: fills "a single SOCKADDR structure" and
	 * "Returns the size of the resultant SOCKADDR structure"; a missing
	 * port defaults to zero. Wine: the length becomes sizeof(SOCKADDR_IN).
	 */
	for (i = 0; i < (int)(sizeof(good) / sizeof(good[0])); i++) {
		strcpy(str, good[i].in);
		memset(&sin, POISON_BYTE, sizeof(sin));
		len = sizeof(sin) + 10;
		ASSERT_EQ(0, WSAStringToAddress(str, AF_INET, NULL, (struct sockaddr *)&sin, &len))
			TH_LOG("\"%s\": error %d", good[i].in, WSAGetLastError());
		EXPECT_EQ(sizeof(sin), len) TH_LOG("\"%s\"", good[i].in);
		EXPECT_EQ(AF_INET, sin.sin_family) TH_LOG("\"%s\"", good[i].in);
		EXPECT_EQ(0, memcmp(&sin.sin_addr, good[i].addr, 4)) TH_LOG("\"%s\"", good[i].in);
		EXPECT_EQ(good[i].port, ntohs(sin.sin_port)) TH_LOG("\"%s\"", good[i].in);
	}
	/* spec: WSAEINVAL "Unable to translate the string"; Wine: len unchanged */
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		strcpy(str, bad[i]);
		len = sizeof(sin) + 10;
		WSASetLastError(POISON_ERR);
		EXPECT_EQ(SOCKET_ERROR, WSAStringToAddress(str, AF_INET, NULL,
							   (struct sockaddr *)&sin, &len))
			TH_LOG("\"%s\"", bad[i]);
		EXPECT_EQ(WSAEINVAL, WSAGetLastError()) TH_LOG("\"%s\"", bad[i]);
		EXPECT_EQ(sizeof(sin) + 10, len) TH_LOG("\"%s\"", bad[i]);
	}
	WSACleanup();
}

TEST(string_to_address_ipv6)
{
	static const unsigned char lo[16] = { [15] = 1 };
	static const unsigned char a2001[16] = { 0x20, 0x01, [15] = 1 };
	struct sockaddr_in6 sin6;
	char str[64];
	int len;

	REQUIRE_STARTUP();
	/* Wine test_WSAStringToAddress: plain, bracketed, with a port */
	strcpy(str, "::1");
	memset(&sin6, POISON_BYTE, sizeof(sin6));
	len = sizeof(sin6) + 10;
	ASSERT_EQ(0, WSAStringToAddress(str, AF_INET6, NULL, (struct sockaddr *)&sin6, &len));
	ASSERT_EQ(sizeof(sin6), len);
	ASSERT_EQ(23, sin6.sin6_family);
	ASSERT_EQ(0, memcmp(&sin6.sin6_addr, lo, 16));
	ASSERT_EQ(0, sin6.sin6_port);
	ASSERT_EQ(0, sin6.sin6_scope_id);
	ASSERT_EQ(0, sin6.sin6_flowinfo);

	strcpy(str, "[::1]:65535");
	memset(&sin6, POISON_BYTE, sizeof(sin6));
	len = sizeof(sin6);
	ASSERT_EQ(0, WSAStringToAddress(str, AF_INET6, NULL, (struct sockaddr *)&sin6, &len));
	ASSERT_EQ(0, memcmp(&sin6.sin6_addr, lo, 16));
	ASSERT_EQ(65535, ntohs(sin6.sin6_port));

	strcpy(str, "2001::1");
	memset(&sin6, POISON_BYTE, sizeof(sin6));
	len = sizeof(sin6);
	ASSERT_EQ(0, WSAStringToAddress(str, AF_INET6, NULL, (struct sockaddr *)&sin6, &len));
	ASSERT_EQ(0, memcmp(&sin6.sin6_addr, a2001, 16));

	strcpy(str, "1.2.3.4");
	len = sizeof(sin6);
	ASSERT_WSAFAIL(WSAEINVAL, WSAStringToAddress(str, AF_INET6, NULL,
						     (struct sockaddr *)&sin6, &len));
	strcpy(str, "::1]:65535");
	ASSERT_WSAFAIL(WSAEINVAL, WSAStringToAddress(str, AF_INET6, NULL,
						     (struct sockaddr *)&sin6, &len));
	WSACleanup();
}

TEST(string_to_address_small_buffer)
{
	struct sockaddr_in sin;
	char str[] = "1.2.3.4";
	int len = 0;

	REQUIRE_STARTUP();
	/*
	 * spec WSAStringToAddress: WSAEFAULT "The specified Address buffer is
	 * too small"; Wine: the length is then set to what is needed.
	 */
	ASSERT_WSAFAIL(WSAEFAULT, WSAStringToAddress(str, AF_INET, NULL,
						     (struct sockaddr *)&sin, &len));
	ASSERT_GE(len, (int)sizeof(sin));
	WSACleanup();
}

TEST(address_to_string_ipv4)
{
	static const struct {
		unsigned char addr[4];
		u_short port;
		const char *out;
	} tests[] = {
		/* Wine test_WSAAddressToString: the port is shown when nonzero */
		{ { 0, 0, 0, 0 }, 0, "0.0.0.0" },
		{ { 255, 255, 255, 255 }, 0, "255.255.255.255" },
		{ { 0, 0, 0, 0 }, 65535, "0.0.0.0:65535" },
		{ { 255, 255, 255, 255 }, 65535, "255.255.255.255:65535" },
		{ { 127, 0, 0, 1 }, 80, "127.0.0.1:80" },
	};
	struct sockaddr_in sin;
	char out[64];
	DWORD len;
	int i;

	REQUIRE_STARTUP();
	for (i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, tests[i].addr, 4);
		sin.sin_port = htons(tests[i].port);
		memset(out, POISON_BYTE, sizeof(out));
		len = sizeof(out);
		/*
		 * spec WSAAddressToString: the length returned is "the length
		 * of the string actually copied" (Wine: with its NUL).
		 */
		ASSERT_EQ(0, WSAAddressToString((struct sockaddr *)&sin, sizeof(sin), NULL, out,
						&len))
			TH_LOG("case %d: error %d", i, WSAGetLastError());
		EXPECT_STREQ(tests[i].out, out);
		EXPECT_EQ(strlen(tests[i].out) + 1, len);
	}
}

TEST(address_to_string_ipv6)
{
	static const struct {
		unsigned char addr[16];
		u_long scope;
		u_short port;
		const char *out;
	} tests[] = {
		/* Wine test_WSAAddressToString */
		{ { [15] = 1 }, 0, 0, "::1" },
		{ { 0x20, 0xab, [15] = 1 }, 0, 0, "20ab::1" },
		{ { 0x20, 0xab, [14] = 0x20, 0x01 }, 0, 33274, "[20ab::2001]:33274" },
		{ { 0x20, 0xab, [14] = 0x20, 0x01 }, 0x1234, 33274, "[20ab::2001%4660]:33274" },
		{ { 0x20, 0xab, [14] = 0x20, 0x01 }, 0x1234, 0, "20ab::2001%4660" },
	};
	struct sockaddr_in6 sin6;
	char out[64];
	DWORD len;
	int i;

	REQUIRE_STARTUP();
	for (i = 0; i < (int)(sizeof(tests) / sizeof(tests[0])); i++) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, tests[i].addr, 16);
		sin6.sin6_port = htons(tests[i].port);
		sin6.sin6_scope_id = tests[i].scope;
		memset(out, POISON_BYTE, sizeof(out));
		len = sizeof(out);
		ASSERT_EQ(0, WSAAddressToString((struct sockaddr *)&sin6, sizeof(sin6), NULL, out,
						&len))
			TH_LOG("case %d: error %d", i, WSAGetLastError());
		EXPECT_STREQ(tests[i].out, out);
		EXPECT_EQ(strlen(tests[i].out) + 1, len);
	}
}

TEST(address_to_string_errors)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char out[64];
	DWORD len = 0;

	REQUIRE_STARTUP();
	/*
	 * spec WSAAddressToString: WSAEFAULT "The specified AddressString
	 * buffer is too small"; Wine test_WSAAddressToString: the length is
	 * set to the size needed, 8 for "0.0.0.0".
	 */
	ASSERT_WSAFAIL(WSAEFAULT, WSAAddressToString((struct sockaddr *)&sin, sizeof(sin), NULL,
						     out, &len));
	ASSERT_EQ(8, len);
	/* spec: WSAEINVAL "The specified address is not a valid socket address" */
	sin.sin_family = 0x7777;
	len = sizeof(out);
	ASSERT_WSAFAIL(WSAEINVAL, WSAAddressToString((struct sockaddr *)&sin, sizeof(sin), NULL,
						     out, &len));
}

TEST_HARNESS_MAIN
