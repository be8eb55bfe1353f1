// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Address text: inet_addr, inet_ntoa, inet_pton, inet_ntop,
 * WSAStringToAddress and WSAAddressToString. Expected results are the
 * inet_addr page of the specification and, for the corner cases, what
 * Windows returns as recorded by Wine's dlls/ws2_32/tests/protocol.c
 * (test_inet_addr, test_inet_pton, test_addr_to_print,
 * test_WSAAddressToString, test_WSAStringToAddress).
 */
#include <pthread.h>
#include <stdint.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "tap.h"

/* Network-order address a.b.c.d as the u_long inet_addr returns. */
#define NET(a, b, c, d)	htonl((u_long)(a) << 24 | (u_long)(b) << 16 | \
			      (u_long)(c) << 8 | (u_long)(d))
#define NONE		INADDR_NONE

TEST(addr_inet_addr_forms)
{
	static const struct {
		const char *in;
		u_long host;		/* expected, host order */
		int none;		/* expected INADDR_NONE */
	} t[] = {
		/* The four forms of the inet_addr page. */
		{ "1.2.3.4",		0x01020304 },
		{ "1.2.3",		0x01020003 },	/* 16-bit last part */
		{ "1.2",		0x01000002 },	/* 24-bit last part */
		{ "1",			0x00000001 },	/* 32 bits */
		{ "128.1.258",		0x80010102 },
		{ "10.65536",		0x0a010000 },
		{ "203569230",		0x0c22384e },
		/* Octal and hexadecimal parts. */
		{ "1.2.3.0xaA",		0x010203aa },
		{ "1.2.3.010",		0x01020308 },
		{ "1.2.3.00",		0x01020300 },
		{ "0x00010203",		0x00010203 },
		{ "0x2134",		0x00002134 },
		{ "017700000001",	0x7f000001 },
		{ "0777",		0x000001ff },
		{ "0xa1a2b3b4 ",	0xa1a2b3b4 },
		{ "0.0.0.0",		0x00000000 },
		{ "127.127.127.255",	0x7f7f7fff },
		/* White space ends the address; anything may follow. */
		{ "1 2 3 4",		0x00000001 },
		{ "1.2.3 .4",		0x01020003 },
		{ "1.2.3 \xfe\xff",	0x01020003 },
		{ "3.4.5.6  7",		0x03040506 },
		{ "3.4.5.6 ",		0x03040506 },
		{ "3 .4.5.6",		0x00000003 },
		{ " ",			0x00000000 },	/* observed on Windows */
		/* "a portion of an a.b.c.d address exceeds 255" and others. */
		{ "127.127.127.256",	0, 1 },
		{ "1.2.3. 4",		0, 1 },
		{ "3.4.5.6.7",		0, 1 },
		{ "3.4.5.6. 7",		0, 1 },
		{ " 3.4.5.6",		0, 1 },
		{ "\t3.4.5.6",		0, 1 },
		{ "3. 4.5.6",		0, 1 },
		{ ".1.2.3",		0, 1 },
		{ "",			0, 1 },
		{ " 0",			0, 1 },
		{ ".",			0, 1 },
		{ "\t",			0, 1 },
		{ "  ",			0, 1 },
		{ "127.127.127.255:123", 0, 1 },
		{ "a",			0, 1 },
		{ "1.1.1.0x",		0, 1 },
		{ "1.2.3.0a",		0, 1 },
		{ "1.1.1.0o10",		0, 1 },
		{ "1.1.1.0b10",		0, 1 },
		{ "1.1.1.-2",		0, 1 },
		{ "[0.1.2.3]",		0, 1 },
		{ "1234BEEF",		0, 1 },
		{ "1.2.65536",		0, 1 },
		{ "1.16777216",		0, 1 },
		{ "256.1",		0, 1 },
		{ "4294967296",		0, 1 },
		{ "2607:f0d0:1002:51::4", 0, 1 },
		{ "::177.32.45.20",	0, 1 },
		{ "::1/128",		0, 1 },
		{ "::1",		0, 1 },
		{ ":1",			0, 1 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		u_long want = t[i].none ? NONE : htonl(t[i].host);
		u_long got;

		WSASetLastError(0xdead);
		got = inet_addr(t[i].in);
		EXPECT(got == want, "inet_addr(\"%s\") = %#x, expected %#x",
		       t[i].in, (unsigned int)got, (unsigned int)want);
		EXPECT(WSAGetLastError() == 0xdead, "\"%s\" set error %d",
		       t[i].in, WSAGetLastError());
	}

	WSASetLastError(0);
	EXPECT_EQ(inet_addr(NULL), NONE);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

TEST(addr_inet_addr_terminators)
{
	char str[8] = "1.2.3";
	int c;

	/* "1.2.3" followed by any non-digit: valid only for white space. */
	for (c = 1; c < 256; c++) {
		u_long want, got;

		if (c >= '0' && c <= '9')
			continue;
		str[5] = (char)c;
		str[6] = '\0';
		want = (c == ' ' || (c >= '\t' && c <= '\r')) ?
		       NET(1, 2, 0, 3) : NONE;
		got = inet_addr(str);
		EXPECT(got == want, "char %d: %#x, expected %#x", c,
		       (unsigned int)got, (unsigned int)want);
	}
}

static void *ntoa_thread(void *arg)
{
	struct in_addr in;

	(void)arg;
	in.s_addr = inet_addr("4.3.2.1");
	return inet_ntoa(in);
}

TEST(addr_inet_ntoa)
{
	struct in_addr in;
	pthread_t th;
	char *str;
	void *other;

	in.s_addr = NET(1, 2, 3, 4);
	str = inet_ntoa(in);
	EXPECT(str && !strcmp(str, "1.2.3.4"), "got %s", str);
	in.s_addr = 0x20201015;		/* bytes 15 10 20 20 */
	in.s_addr = htonl(0x15102020);
	EXPECT(!strcmp(inet_ntoa(in), "21.16.32.32"), "got %s", inet_ntoa(in));
	in.s_addr = 0;
	EXPECT(!strcmp(inet_ntoa(in), "0.0.0.0"), "got %s", inet_ntoa(in));
	in.s_addr = 0xffffffff;
	EXPECT(!strcmp(inet_ntoa(in), "255.255.255.255"), "got %s",
	       inet_ntoa(in));

	/* The buffer is the thread's: another thread does not overwrite it. */
	in.s_addr = NET(1, 2, 3, 4);
	str = inet_ntoa(in);
	EXPECT_EQ(pthread_create(&th, NULL, ntoa_thread, NULL), 0);
	pthread_join(th, &other);
	EXPECT(!strcmp(str, "1.2.3.4"), "overwritten with %s", str);
	EXPECT(other != str, "threads share the buffer");
}

TEST(addr_inet_pton_ipv4)
{
	static const struct {
		const char *in;
		int ret;
		u_long host;
	} t[] = {
		{ "1.1.1.1",		1, 0x01010101 },
		{ "0.0.0.0",		1, 0 },
		{ "127.127.127.255",	1, 0x7f7f7fff },
		{ "255.255.255.255",	1, 0xffffffff },
		{ "",			0 }, { " ",		0 },
		{ "127.127.127.255:123", 0 }, { "127.127.127.256", 0 },
		{ "a",			0 }, { "1.1.1.0xaA",	0 },
		{ "1.1.1.0x",		0 }, { "1.1.1.010",	0 },
		{ "1.1.1.00",		0 }, { "1.1.1.0a",	0 },
		{ "1.1.1.0o10",		0 }, { "1.1.1.0b10",	0 },
		{ "1.1.1.-2",		0 }, { "1",		0 },
		{ "1.2",		0 }, { "1.2.3",		0 },
		{ "203569230",		0 }, { "3.4.5.6.7",	0 },
		{ " 3.4.5.6",		0 }, { "\t3.4.5.6",	0 },
		{ "3.4.5.6 ",		0 }, { "3. 4.5.6",	0 },
		{ "[0.1.2.3]",		0 }, { "0x00010203",	0 },
		{ "0x2134",		0 }, { "1234BEEF",	0 },
		{ "017700000001",	0 }, { "0777",		0 },
		{ "2607:f0d0:1002:51::4", 0 }, { "::177.32.45.20", 0 },
		{ "::1/128",		0 }, { "::1",		0 },
		{ ":1",			0 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		u_long addr = 0xdeadbeef;
		int r;

		WSASetLastError(0xdead);
		r = inet_pton(AF_INET, t[i].in, &addr);
		EXPECT(r == t[i].ret, "inet_pton(\"%s\") = %d", t[i].in, r);
		if (r == 1)
			EXPECT(addr == htonl(t[i].host), "\"%s\": %#x",
			       t[i].in, (unsigned int)addr);
		EXPECT(WSAGetLastError() == 0xdead, "\"%s\" set error %d",
		       t[i].in, WSAGetLastError());
	}
}

TEST(addr_inet_pton_ipv6)
{
	static const struct {
		const char *in;
		unsigned char addr[16];
	} ok[] = {
		{ "::", { 0 } },
		{ "::1", { [15] = 1 } },
		{ "0:0:0:0:0:0:0:1", { [15] = 1 } },
		{ "0:0:0:0:0:0:0::", { 0 } },
		{ "1080:0:0:0:8:800:200c:417a",
		  { 0x10, 0x80, 0, 0, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c,
		    0x41, 0x7a } },
		{ "0:0:0:0:0:FFFF:129.144.52.38",
		  { [10] = 0xff, [11] = 0xff, [12] = 129, [13] = 144,
		    [14] = 52, [15] = 38 } },
		{ "::123.123.123.123",
		  { [12] = 123, [13] = 123, [14] = 123, [15] = 123 } },
		{ "2001:db8:85a3::8a2e:370:7334",
		  { 0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a,
		    0x2e, 0x03, 0x70, 0x73, 0x34 } },
		{ "1111:2222:3333:4444:5555:6666:7777::",
		  { 0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44, 0x55,
		    0x55, 0x66, 0x66, 0x77, 0x77, 0, 0 } },
		{ "1:2:3:4:5:6:1.2.3.4",
		  { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4 } },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	};
	static const char *const bad[] = {
		"::%16", "::/16", "::01234", "1111:2222:3333:4444:0x5555:6666:7777:8888",
		"1111:2222:3333:4444:5555:6666::7777:8888",
		"1111:2222:3333:4444:5555:6666:7777::8888",
		"1111:2222:3333:4444:5555:6666::1.2.3.4",
		"1111:2222:3333:4444:5555:6666:7777:1.2.3.4",
		"02001:0000:1234:0000:0000:C1C0:ABCD:0876",
		"2001::FFD3::57ab", "1.2.3.4", "1111", "0x1111", ":",
		":1111::", "1111::5555:", "12345::6:7:8", "1::1.2.3.256",
		"1::1.2.3", "[::]", "::-1", "::0x80000000",
		"2001:0000:1234:0000:0000:C1C0:ABCD:0876  0",
	};
	unsigned char addr[16];
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(addr, 0xab, sizeof(addr));
		EXPECT(inet_pton(AF_INET6, ok[i].in, addr) == 1, "\"%s\"",
		       ok[i].in);
		EXPECT(!memcmp(addr, ok[i].addr, 16), "\"%s\": wrong address",
		       ok[i].in);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT(inet_pton(AF_INET6, bad[i], addr) == 0,
		       "\"%s\" accepted", bad[i]);

	/* Error cases: NULL string first, then the family. */
	WSASetLastError(0);
	EXPECT_EQ(inet_pton(AF_UNSPEC, NULL, addr), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT_EQ(inet_pton(AF_INET, NULL, addr), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT_EQ(inet_pton(AF_UNSPEC, "127.0.0.1", addr), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	WSASetLastError(0);
	EXPECT_EQ(inet_pton(10, "::1", addr), -1);	/* Linux's AF_INET6 */
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
}

TEST(addr_inet_ntop)
{
	static const unsigned char a2[16] = {
		[10] = 0xff, [11] = 0xfe, [12] = 0xcc, [13] = 0x98,
		[14] = 0xbd, [15] = 0x74 };
	static const unsigned char a3[16] = { 0x20, 0x30, 0xa4, 0xb1 };
	static const unsigned char a4[16] = {
		[12] = 0xcc, [13] = 0x98, [14] = 0xbd, [15] = 0x74 };
	u_long v4 = htonl(0x15102020);
	char dst[16], dst6[64];
	const char *p;

	p = inet_ntop(AF_INET, &v4, dst, sizeof(dst));
	EXPECT(p == dst && !strcmp(dst, "21.16.32.32"), "got %s", dst);
	p = inet_ntop(AF_INET, &v4, dst, 12);		/* exactly enough */
	EXPECT(p == dst && !strcmp(dst, "21.16.32.32"), "got %s", dst);
	WSASetLastError(0);
	EXPECT(!inet_ntop(AF_INET, &v4, dst, 11), "11 bytes accepted");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	WSASetLastError(0);
	EXPECT(!inet_ntop(AF_INET, &v4, dst, 6), "6 bytes accepted");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	WSASetLastError(0);
	EXPECT(!inet_ntop(AF_INET, &v4, NULL, sizeof(dst)), "NULL accepted");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	WSASetLastError(0);
	EXPECT(!inet_ntop(AF_INET, &v4, dst, 0), "size 0 accepted");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	WSASetLastError(0);
	EXPECT(!inet_ntop(1, &v4, dst, sizeof(dst)), "family 1 accepted");
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	WSASetLastError(0);
	EXPECT(!inet_ntop(AF_INET, NULL, dst, sizeof(dst)), "NULL address");
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

	p = inet_ntop(AF_INET6, a2, dst6, sizeof(dst6));
	EXPECT(p && !strcmp(dst6, "::fffe:cc98:bd74"), "got %s", dst6);
	p = inet_ntop(AF_INET6, a3, dst6, sizeof(dst6));
	EXPECT(p && !strcmp(dst6, "2030:a4b1::"), "got %s", dst6);
	p = inet_ntop(AF_INET6, a4, dst6, sizeof(dst6));
	EXPECT(p && !strcmp(dst6, "::204.152.189.116"), "got %s", dst6);
	WSASetLastError(0);
	EXPECT(!inet_ntop(AF_INET6, a2, dst6, 16), "16 bytes accepted");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	EXPECT(inet_ntop(AF_INET6, a2, dst6, 18) != NULL, "18 bytes refused");
}

/* Builds a SOCKADDR_IN6 from an address given as text bytes. */
static SOCKADDR_IN6 sin6_of(const unsigned char a[16], u_short port,
			    ULONG scope)
{
	SOCKADDR_IN6 s;

	memset(&s, 0, sizeof(s));
	s.sin6_family = AF_INET6;
	s.sin6_port = port;
	s.sin6_scope_id = scope;
	memcpy(s.sin6_addr.s6_bytes, a, 16);
	return s;
}

TEST(addr_wsaaddresstostring)
{
	static const unsigned char lo[16] = { [15] = 1 };
	static const unsigned char a20ab1[16] = { 0x20, 0xab, [15] = 1 };
	static const unsigned char a20ab2001[16] = {
		0x20, 0xab, [14] = 0x20, [15] = 0x01 };
	static const struct {
		ULONG addr;
		USHORT port;		/* network order */
		const char *out;
	} v4[] = {
		{ 0, 0, "0.0.0.0" },
		{ 0xffffffff, 0, "255.255.255.255" },
		{ 0, 0xffff, "0.0.0.0:65535" },
		{ 0xffffffff, 0xffff, "255.255.255.255:65535" },
	};
	const struct {
		SOCKADDR_IN6 sa;
		const char *out;
	} v6[] = {
		{ sin6_of(lo, 0, 0), "::1" },
		{ sin6_of(a20ab1, 0, 0), "20ab::1" },
		{ sin6_of(a20ab2001, htons(33274), 0), "[20ab::2001]:33274" },
		{ sin6_of(a20ab2001, htons(33274), 0x1234),
		  "[20ab::2001%4660]:33274" },
		{ sin6_of(a20ab2001, 0, 0x1234), "20ab::2001%4660" },
	};
	char out[64];
	WCHAR outw[64];
	SOCKADDR_IN sin;
	unsigned int i;
	DWORD len;

	WSADATA data;
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		sin.sin_addr.s_addr = v4[i].addr;
		sin.sin_port = v4[i].port;
		len = sizeof(out);
		memset(out, 0, sizeof(out));
		EXPECT_EQ(WSAAddressToStringA((SOCKADDR *)&sin, sizeof(sin),
					      NULL, out, &len), 0);
		EXPECT(!strcmp(out, v4[i].out), "got %s", out);
		EXPECT_EQ(len, strlen(v4[i].out) + 1);
		len = 64;
		EXPECT_EQ(WSAAddressToStringW((SOCKADDR *)&sin, sizeof(sin),
					      NULL, outw, &len), 0);
		EXPECT_EQ(len, strlen(v4[i].out) + 1);
		EXPECT(outw[0] == (WCHAR)v4[i].out[0] && !outw[len - 1],
		       "wide text");
	}
	for (i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
		len = sizeof(out);
		EXPECT_EQ(WSAAddressToStringA((SOCKADDR *)&v6[i].sa,
					      sizeof(v6[i].sa), NULL, out,
					      &len), 0);
		EXPECT(!strcmp(out, v6[i].out), "got %s, expected %s", out,
		       v6[i].out);
		EXPECT_EQ(len, strlen(v6[i].out) + 1);
	}

	/* Too small: WSAEFAULT and the length needed, NUL included. */
	sin.sin_addr.s_addr = 0;
	sin.sin_port = 0;
	len = 0;
	WSASetLastError(0);
	EXPECT_EQ(WSAAddressToStringA((SOCKADDR *)&sin, sizeof(sin), NULL,
				      out, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(len, 8);
	len = 0;
	WSASetLastError(0);
	EXPECT_EQ(WSAAddressToStringW((SOCKADDR *)&sin, sizeof(sin), NULL,
				      NULL, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(len, 8);

	/* Not a valid socket address. */
	len = sizeof(out);
	WSASetLastError(0);
	EXPECT_EQ(WSAAddressToStringA((SOCKADDR *)&sin, sizeof(sin) - 1, NULL,
				      out, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	sin.sin_family = 10;
	WSASetLastError(0);
	EXPECT_EQ(WSAAddressToStringA((SOCKADDR *)&sin, sizeof(sin), NULL,
				      out, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	WSASetLastError(0);
	EXPECT_EQ(WSAAddressToStringA(NULL, sizeof(sin), NULL, out, &len),
		  SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSASetLastError(0);
	EXPECT_EQ(WSAAddressToStringA((SOCKADDR *)&sin, sizeof(sin), NULL,
				      out, NULL), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);

	WSACleanup();
}

TEST(addr_wsastringtoaddress_ipv4)
{
	static const struct {
		const char *in;
		ULONG addr;		/* host order */
		USHORT port;		/* host order */
		int error;
	} t[] = {
		{ "", 0, 0, WSAEINVAL },
		{ " ", 0, 0, WSAEINVAL },
		{ "1.1.1.1", 0x01010101 },
		{ "0.0.0.0", 0 },
		{ "127.127.127.127", 0x7f7f7f7f },
		{ "127.127.127.127:", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:0", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:123", 0x7f7f7f7f, 123 },
		{ "127.127.127.127:65535", 0x7f7f7f7f, 65535 },
		{ "127.127.127.127:65537", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127::1", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:0xAbCd", 0x7f7f7f7f, 43981 },
		{ "127.127.127.127:0XaBcD", 0x7f7f7f7f, 43981 },
		{ "127.127.127.127:0x", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:0x10000", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:010", 0x7f7f7f7f, 8 },
		{ "127.127.127.127:007", 0x7f7f7f7f, 7 },
		{ "127.127.127.127:08", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:008", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:0a", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:0o10", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "127.127.127.127:0b10", 0x7f7f7f7f, 0, WSAEINVAL },
		{ "255.255.255.255", 0xffffffff },
		{ "255.255.255.255:123", 0xffffffff, 123 },
		{ "255.255.255.255:65535", 0xffffffff, 65535 },
		{ "255.255.255.256", 0, 0, WSAEINVAL },
		{ "a", 0, 0, WSAEINVAL },
		{ "1.1.1.0xaA", 0x010101aa },
		{ "1.1.1.0XaA", 0x010101aa },
		{ "1.1.1.0x", 0, 0, WSAEINVAL },
		{ "1.1.1.0xff", 0x010101ff },
		{ "1.1.1.0x100", 0, 0, WSAEINVAL },
		{ "1.1.1.010", 0x01010108 },
		{ "1.1.1.00", 0x01010100 },
		{ "1.1.1.007", 0x01010107 },
		{ "1.1.1.08", 0, 0, WSAEINVAL },
		{ "1.1.1.008", 0x01010100, 0, WSAEINVAL },
		{ "1.1.1.0a", 0x01010100, 0, WSAEINVAL },
		{ "1.1.1.0o10", 0x01010100, 0, WSAEINVAL },
		{ "1.1.1.0b10", 0x01010100, 0, WSAEINVAL },
		{ "1.1.1.-2", 0, 0, WSAEINVAL },
		{ "1", 0x00000001 },
		{ "-1", 0, 0, WSAEINVAL },
		{ "1:1", 0x00000001, 1 },
		{ "1.2", 0x01000002 },
		{ "1.2:1", 0x01000002, 1 },
		{ "1000.2000", 0, 0, WSAEINVAL },
		{ "1.2.", 0, 0, WSAEINVAL },
		{ "1..2", 0, 0, WSAEINVAL },
		{ "1...2", 0, 0, WSAEINVAL },
		{ "1.2.3", 0x01020003 },
		{ "1.2.3.", 0, 0, WSAEINVAL },
		{ "1.2.3:1", 0x01020003, 1 },
		{ "203569230", 0x0c22384e },
		{ "203569230:123", 0x0c22384e, 123 },
		{ "2001::1", 0x000007d1, 0, WSAEINVAL },
		{ "1.223756", 0x01036a0c },
		{ "3.4.756", 0x030402f4 },
		{ "756.3.4", 0, 0, WSAEINVAL },
		{ "3.756.4", 0, 0, WSAEINVAL },
		{ "3.4.756.1", 0, 0, WSAEINVAL },
		{ "3.4.65536", 0, 0, WSAEINVAL },
		{ "3.4.5.6.7", 0, 0, WSAEINVAL },
		{ "3.4.5.+6", 0, 0, WSAEINVAL },
		{ " 3.4.5.6", 0, 0, WSAEINVAL },
		{ "\t3.4.5.6", 0, 0, WSAEINVAL },
		{ "3.4.5.6 ", 0x03040506, 0, WSAEINVAL },
		{ "3.4.5.6:7 ", 0x03040506, 0, WSAEINVAL },
		{ "3.4.5.6: 7", 0x03040506, 0, WSAEINVAL },
		{ "3. 4.5.6", 0, 0, WSAEINVAL },
		{ ".", 0, 0, WSAEINVAL },
		{ "[0.1.2.3]", 0, 0, WSAEINVAL },
		{ "0x00010203", 0x00010203 },
		{ "0X00010203", 0x00010203 },
		{ "0x00010203:10", 0x00010203, 10 },
		{ "0x1234", 0x00001234 },
		{ "0x123456789", 0x23456789 },
		{ "0x00010Q03", 0x00000010, 0, WSAEINVAL },
		{ "x00010203", 0, 0, WSAEINVAL },
		{ "1234BEEF", 0x000004d2, 0, WSAEINVAL },
		{ "017700000001", 0x7f000001 },
		{ "0777", 0x000001ff },
		{ "0777:10", 0x000001ff, 10 },
		{ "::1", 0, 0, WSAEINVAL },
		{ ":1", 0, 0, WSAEINVAL },
	};
	SOCKADDR_IN sin;
	unsigned int i;
	WSADATA data;
	INT len;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r, want_len = t[i].error ? (int)sizeof(sin) + 10 :
					       (int)sizeof(sin);

		len = sizeof(sin) + 10;
		memset(&sin, 0xab, sizeof(sin));
		WSASetLastError(0);
		r = WSAStringToAddressA((LPSTR)t[i].in, AF_INET, NULL,
					(SOCKADDR *)&sin, &len);
		EXPECT(r == (t[i].error ? SOCKET_ERROR : 0), "\"%s\": %d",
		       t[i].in, r);
		EXPECT(WSAGetLastError() == t[i].error, "\"%s\": error %d",
		       t[i].in, WSAGetLastError());
		EXPECT(sin.sin_family == (t[i].error ? 0 : AF_INET),
		       "\"%s\": family %d", t[i].in, sin.sin_family);
		EXPECT(len == want_len, "\"%s\": len %d", t[i].in, len);
		/* also after an error: what follows the address failed it */
		EXPECT(sin.sin_addr.s_addr == htonl(t[i].addr),
		       "\"%s\": addr %#x", t[i].in,
		       (unsigned int)ntohl(sin.sin_addr.s_addr));
		EXPECT(sin.sin_port == htons(t[i].port), "\"%s\": port %u",
		       t[i].in, ntohs(sin.sin_port));
	}

	/* Buffer too small: WSAEFAULT, with the size needed. */
	len = 0;
	WSASetLastError(0);
	EXPECT_EQ(WSAStringToAddressA((LPSTR)"1.2.3.4", AF_INET, NULL,
				      (SOCKADDR *)&sin, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(len, sizeof(SOCKADDR_IN));
	/* Unsupported family. */
	len = sizeof(sin);
	WSASetLastError(0);
	EXPECT_EQ(WSAStringToAddressA((LPSTR)"1.2.3.4", AF_IPX, NULL,
				      (SOCKADDR *)&sin, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	/* Wide strings. */
	len = sizeof(sin);
	EXPECT_EQ(WSAStringToAddressW((LPWSTR)L"10.0.0.1:80", AF_INET, NULL,
				      (SOCKADDR *)&sin, &len), 0);
	EXPECT_EQ(sin.sin_addr.s_addr, NET(10, 0, 0, 1));
	EXPECT_EQ(sin.sin_port, htons(80));
	len = sizeof(sin);
	WSASetLastError(0);
	EXPECT_EQ(WSAStringToAddressW((LPWSTR)L"10.0.0.\x101", AF_INET, NULL,
				      (SOCKADDR *)&sin, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	WSACleanup();
}

/*
 * Wine test_WSAStringToAddress, the IPv6 table, for WSAStringToAddressA and
 * W: a failed string leaves family, port, scope id and flow info 0 and the
 * length untouched, but the address as far as it was parsed ("::1]:65535"
 * leaves ::1, "1:2:3:" leaves 1:2:3::, "1.2.3.4" the bytes 1, 2, 3).
 * "::1:2:3:4:5:6:7" is an address (some Windows versions refuse it).
 */
TEST(addr_wsastringtoaddress_ipv6)
{
	static const struct {
		const char *in;
		unsigned char addr[16];
		USHORT port;		/* host order */
		ULONG scope;
		int error;
		int any_addr;		/* error row whose address is not checked */
	} t[] = {
		/* Wine's table. */
		{ "::1", { [15] = 1 } },
		{ "[::1]", { [15] = 1 } },
		{ "[::1]:65535", { [15] = 1 }, 65535 },
		{ "2001::1", { 0x20, 0x01, [15] = 1 } },
		{ "::1]:65535", { [15] = 1 }, 0, 0, WSAEINVAL },
		{ "001::1", { 0x00, 0x01, [15] = 1 } },
		{ "::1:2:3:4:5:6:7", { 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6,
				       0, 7 } },
		{ "1.2.3.4", { 1, 2, 3 }, 0, 0, WSAEINVAL },
		{ "1:2:3:", { 0, 1, 0, 2, 0, 3 }, 0, 0, WSAEINVAL },
		{ "", { 0 }, 0, 0, WSAEINVAL },
		/* Scope ids; an address that what follows it fails is left,
		 * as for "::1]:65535". */
		{ "fe80::1%4", { 0xfe, 0x80, [15] = 1 }, 0, 4 },
		{ "[fe80::1%4660]:80", { 0xfe, 0x80, [15] = 1 }, 80, 4660 },
		{ "[::1]:0", { [15] = 1 }, 0, 0, WSAEINVAL },
		{ "[::1]:65536", { [15] = 1 }, 0, 0, WSAEINVAL },
		{ "[::1", { [15] = 1 }, 0, 0, WSAEINVAL },
		{ "[::1]x", { [15] = 1 }, 0, 0, WSAEINVAL },
		{ "::1%", { [15] = 1 }, 0, 0, WSAEINVAL },
		{ "::1%x", { [15] = 1 }, 0, 0, WSAEINVAL },
		/* The grammar of RFC 4291 section 2.2. */
		{ "1:2:3:4:5:6:7:8", { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7,
				       0, 8 } },
		{ "1:2:3:4:5:6:7::", { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7 } },
		{ "::", { 0 } },
		{ "fFfF::", { 0xff, 0xff } },
		{ "1:2:3:4:5:6:10.0.0.1", { 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6,
					    10, 0, 0, 1 } },
		{ "::10.0.0.1", { [12] = 10, [15] = 1 } },
		{ "1::2:10.0.0.1", { 0, 1, [10] = 0, 2, 10, 0, 0, 1 } },
		{ "1:2:3:4:5:6:7:8:9", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "1:2:3:4::5:6:7:8", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "1:2:3:4:5:6:7", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "1::2::3", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ ":1::2", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ ":::1", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "12345::1", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "g::1", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "::1.2.3", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "::1.2.3.256", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "::1.2.3.4.5", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "::1.2.3.4:1", { 0 }, 0, 0, WSAEINVAL, 1 },
		{ "1:2:3:4:5:6:7:1.2.3.4", { 0 }, 0, 0, WSAEINVAL, 1 },
	};
	SOCKADDR_IN6 sin6;
	WCHAR wide[64];
	unsigned int i, w, k;
	WSADATA data;
	INT len;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	for (w = 0; w < 2; w++)
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r, want_len = t[i].error ? (int)sizeof(sin6) + 10 :
					       (int)sizeof(sin6);

		len = sizeof(sin6) + 10;
		memset(&sin6, 0xab, sizeof(sin6));
		WSASetLastError(0);
		if (w) {
			for (k = 0; t[i].in[k]; k++)
				wide[k] = (WCHAR)t[i].in[k];
			wide[k] = 0;
			r = WSAStringToAddressW(wide, AF_INET6, NULL,
						(SOCKADDR *)&sin6, &len);
		} else {
			r = WSAStringToAddressA((LPSTR)t[i].in, AF_INET6, NULL,
						(SOCKADDR *)&sin6, &len);
		}
		EXPECT(r == (t[i].error ? SOCKET_ERROR : 0), "\"%s\"%s: %d",
		       t[i].in, w ? " (W)" : "", r);
		EXPECT(WSAGetLastError() == t[i].error, "\"%s\"%s: error %d",
		       t[i].in, w ? " (W)" : "", WSAGetLastError());
		EXPECT(sin6.sin6_family == (t[i].error ? 0 : AF_INET6),
		       "\"%s\": family %d", t[i].in, sin6.sin6_family);
		EXPECT(len == want_len, "\"%s\": len %d", t[i].in, len);
		EXPECT(t[i].any_addr ||
		       !memcmp(sin6.sin6_addr.s6_bytes, t[i].addr, 16),
		       "\"%s\"%s: address %02x%02x:%02x%02x:%02x%02x:...",
		       t[i].in, w ? " (W)" : "",
		       sin6.sin6_addr.s6_bytes[0], sin6.sin6_addr.s6_bytes[1],
		       sin6.sin6_addr.s6_bytes[2], sin6.sin6_addr.s6_bytes[3],
		       sin6.sin6_addr.s6_bytes[4], sin6.sin6_addr.s6_bytes[5]);
		EXPECT(sin6.sin6_port == htons(t[i].port), "\"%s\": port %u",
		       t[i].in, ntohs(sin6.sin6_port));
		EXPECT(sin6.sin6_scope_id == t[i].scope, "\"%s\": scope %u",
		       t[i].in, (unsigned int)sin6.sin6_scope_id);
		EXPECT(sin6.sin6_flowinfo == 0, "\"%s\": flowinfo", t[i].in);
	}
	len = sizeof(SOCKADDR_IN);
	WSASetLastError(0);
	EXPECT_EQ(WSAStringToAddressA((LPSTR)"::1", AF_INET6, NULL,
				      (SOCKADDR *)&sin6, &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(len, sizeof(SOCKADDR_IN6));
	WSASetLastError(0);
	EXPECT_EQ(WSAStringToAddressA(NULL, AF_INET6, NULL, (SOCKADDR *)&sin6,
				      &len), SOCKET_ERROR);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	WSACleanup();
}

TEST(addr_string_address_round_trip)
{
	static const struct {
		int family;
		const char *text;
	} t[] = {
		{ AF_INET, "0.0.0.0" },
		{ AF_INET, "127.0.0.1:5000" },
		{ AF_INET, "255.255.255.255:65535" },
		{ AF_INET6, "::" },
		{ AF_INET6, "::1" },
		{ AF_INET6, "[::1]:5000" },
		{ AF_INET6, "fe80::1%2" },
		{ AF_INET6, "[fe80::1:2%7]:65535" },
		{ AF_INET6, "::ffff:10.1.2.3" },
		{ AF_INET6, "[2001:db8::8a2e:370:7334]:1" },
	};
	SOCKADDR_STORAGE ss;
	char out[64];
	unsigned int i;
	WSADATA data;
	DWORD olen;
	INT len;

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = sizeof(ss);
		EXPECT(WSAStringToAddressA((LPSTR)t[i].text, t[i].family, NULL,
					   (SOCKADDR *)&ss, &len) == 0,
		       "\"%s\": error %d", t[i].text, WSAGetLastError());
		olen = sizeof(out);
		EXPECT(WSAAddressToStringA((SOCKADDR *)&ss, (DWORD)len, NULL,
					   out, &olen) == 0,
		       "\"%s\": error %d", t[i].text, WSAGetLastError());
		EXPECT(!strcmp(out, t[i].text), "\"%s\" came back as \"%s\"",
		       t[i].text, out);
	}
	WSACleanup();
}
