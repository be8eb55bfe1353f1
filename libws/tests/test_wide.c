// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The wide name functions without the network: the UTF-32/UTF-8
 * conversions, GetAddrInfoW and GetNameInfoW on numeric addresses and
 * InetPtonW/InetNtopW, each against its narrow counterpart where there is
 * one.
 */
#include <errno.h>
#include <wchar.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "internal.h"
#include "tap.h"

TEST(wide_utf8_conversion)
{
	static const wchar_t text[] = { L'a', 0xe9, 0x30c6, 0x1f600, 0 };
	static const char utf8[] = "a\xc3\xa9\xe3\x83\x86\xf0\x9f\x98\x80";
	static const wchar_t surrogate[] = { L'x', 0xd800, 0 };
	static const wchar_t low_surrogate[] = { 0xdfff, 0 };
	static const wchar_t too_large[] = { 0x110000, 0 };
	static const wchar_t negative[] = { (wchar_t)-1, 0 };
	wchar_t back[8];
	char *s;
	int err;

	s = ws_wide_to_utf8(text, &err);
	EXPECT(s && !strcmp(s, utf8), "UTF-8 of four widths");
	EXPECT_EQ(err, 0);
	free(s);
	s = ws_wide_to_utf8(L"", &err);
	EXPECT(s && !*s, "empty string");
	free(s);
	EXPECT(!ws_wide_to_utf8(surrogate, &err) && err == EILSEQ,
	       "high surrogate refused");
	EXPECT(!ws_wide_to_utf8(low_surrogate, &err) && err == EILSEQ,
	       "low surrogate refused");
	EXPECT(!ws_wide_to_utf8(too_large, &err) && err == EILSEQ,
	       "past U+10FFFF refused");
	EXPECT(!ws_wide_to_utf8(negative, &err) && err == EILSEQ,
	       "negative wchar_t refused");

	/* Back: the count includes the NUL; the buffer must hold it all. */
	EXPECT_EQ(ws_utf8_to_wide(utf8, NULL, 0), 5);
	wmemset(back, L'#', 8);
	EXPECT_EQ(ws_utf8_to_wide(utf8, back, 4), 5);
	EXPECT(back[0] == L'#', "written although too small");
	EXPECT_EQ(ws_utf8_to_wide(utf8, back, 5), 5);
	EXPECT(!wmemcmp(back, text, 5), "round trip");
	EXPECT_EQ(ws_utf8_to_wide("", back, 1), 1);
	EXPECT(back[0] == 0, "empty string");
	EXPECT_EQ(ws_utf8_to_wide("\xc0\xaf", NULL, 0), -1);	/* overlong */
	EXPECT_EQ(ws_utf8_to_wide("\xe0\x80\xaf", NULL, 0), -1);
	EXPECT_EQ(ws_utf8_to_wide("\xed\xa0\x80", NULL, 0), -1); /* D800 */
	EXPECT_EQ(ws_utf8_to_wide("\xf4\x90\x80\x80", NULL, 0), -1);
	EXPECT_EQ(ws_utf8_to_wide("\xe3\x83", NULL, 0), -1);	/* cut */
	EXPECT_EQ(ws_utf8_to_wide("\x80", NULL, 0), -1);
	EXPECT_EQ(ws_utf8_to_wide("\xff", NULL, 0), -1);
}

TEST(wide_getaddrinfow)
{
	static const wchar_t surrogate[] = { L'a', 0xdc00, 0 };
	ADDRINFOW hints, *res, *ai;
	ADDRINFOA hintsa, *resa, *next;
	const SOCKADDR_IN6 *sin6;
	const SOCKADDR_IN *sin;
	WSADATA data;
	wchar_t canon[64];
	int n;

	res = (ADDRINFOW *)&hints;
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", NULL, NULL, &res),
		  WSANOTINITIALISED);
	EXPECT_EQ(WSAGetLastError(), WSANOTINITIALISED);
	EXPECT(res == NULL, "result not cleared");

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	res = NULL;
	WSASetLastError(12345);
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", L"5000", &hints, &res), 0);
	EXPECT_EQ(WSAGetLastError(), 0);
	if (res) {
		sin = (const SOCKADDR_IN *)res->ai_addr;
		EXPECT_EQ(res->ai_family, AF_INET);
		EXPECT_EQ(res->ai_socktype, SOCK_STREAM);
		EXPECT_EQ(res->ai_protocol, IPPROTO_TCP);
		EXPECT_EQ(res->ai_addrlen, sizeof(SOCKADDR_IN));
		EXPECT(res->ai_canonname == NULL, "canonical name unasked");
		EXPECT_EQ(sin->sin_family, AF_INET);
		EXPECT_EQ(sin->sin_port, htons(5000));
		EXPECT_EQ(sin->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
		EXPECT(res->ai_next == NULL, "one address, one entry");
		FreeAddrInfoW(res);
	}

	/* The same list as getaddrinfo's, node by node. */
	hints.ai_family = AF_INET6;
	hints.ai_flags = AI_NUMERICHOST | AI_CANONNAME;
	memset(&hintsa, 0, sizeof(hintsa));
	hintsa.ai_family = AF_INET6;
	hintsa.ai_socktype = SOCK_STREAM;
	hintsa.ai_protocol = IPPROTO_TCP;
	hintsa.ai_flags = AI_NUMERICHOST | AI_CANONNAME;
	res = NULL;
	resa = NULL;
	EXPECT_EQ(GetAddrInfoW(L"::1", L"443", &hints, &res), 0);
	EXPECT_EQ(getaddrinfo("::1", "443", &hintsa, &resa), 0);
	for (ai = res, n = 0; ai && resa; ai = ai->ai_next, n++) {
		EXPECT_EQ(ai->ai_flags, resa->ai_flags);
		EXPECT_EQ(ai->ai_family, resa->ai_family);
		EXPECT_EQ(ai->ai_addrlen, resa->ai_addrlen);
		EXPECT(!memcmp(ai->ai_addr, resa->ai_addr, ai->ai_addrlen),
		       "address");
		EXPECT((ai->ai_canonname == NULL) ==
		       (resa->ai_canonname == NULL), "canonical name");
		if (ai->ai_canonname && resa->ai_canonname) {
			swprintf(canon, 64, L"%s", resa->ai_canonname);
			EXPECT(!wcscmp(ai->ai_canonname, canon),
			       "canonical name text");
		}
		if (n == 0) {
			sin6 = (const SOCKADDR_IN6 *)ai->ai_addr;
			EXPECT_EQ(sin6->sin6_family, AF_INET6);
			EXPECT_EQ(sin6->sin6_port, htons(443));
		}
		next = resa->ai_next;
		resa->ai_next = NULL;
		freeaddrinfo(resa);
		resa = next;
	}
	EXPECT(n == 1 && resa == NULL, "lists differ");
	FreeAddrInfoW(res);
	freeaddrinfo(resa);

	/* Errors: returned, set, and the result NULL. */
	res = (ADDRINFOW *)&hints;
	WSASetLastError(0);
	EXPECT_EQ(GetAddrInfoW(NULL, NULL, NULL, &res), WSAHOST_NOT_FOUND);
	EXPECT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
	EXPECT(res == NULL, "result not cleared");
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", NULL, NULL, NULL), WSAEFAULT);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = 10;
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", NULL, &hints, &res), EAI_FAMILY);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = 999;
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", NULL, &hints, &res),
		  WSAESOCKTNOSUPPORT);
	hints.ai_socktype = 0;
	hints.ai_flags = 0x400000;
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", NULL, &hints, &res), WSAEINVAL);
	hints.ai_flags = AI_NUMERICHOST;
	EXPECT_EQ(GetAddrInfoW(L"localhost", NULL, &hints, &res),
		  WSAHOST_NOT_FOUND);
	hints.ai_flags = 0;
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", L"no-such-service", &hints, &res),
		  WSATYPE_NOT_FOUND);
	/* A name that needs IDN encoding, which the flag forbids. */
	hints.ai_flags = AI_DISABLE_IDN_ENCODING;
	res = (ADDRINFOW *)&hints;
	EXPECT_EQ(GetAddrInfoW(L"\x30c6\x30b9\x30c8.invalid", NULL, &hints,
			       &res), WSAHOST_NOT_FOUND);
	EXPECT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
	EXPECT(res == NULL, "result not cleared");
	/* ... refused before any lookup: the unknown service is not seen. */
	EXPECT_EQ(GetAddrInfoW(L"\x30c6\x30b9\x30c8", L"no-such-service",
			       &hints, &res), WSAHOST_NOT_FOUND);
	/* Values no encoding can represent. */
	hints.ai_flags = 0;
	EXPECT_EQ(GetAddrInfoW(surrogate, NULL, &hints, &res), WSANO_RECOVERY);
	EXPECT_EQ(WSAGetLastError(), WSANO_RECOVERY);
	EXPECT_EQ(GetAddrInfoW(L"127.0.0.1", surrogate, &hints, &res),
		  WSATYPE_NOT_FOUND);
	FreeAddrInfoW(NULL);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(wide_getnameinfow)
{
	wchar_t host[NI_MAXHOST], serv[NI_MAXSERV];
	char narrow[16];
	SOCKADDR_IN sin;
	WSADATA data;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(8080);
	sin.sin_addr.s_addr = inet_addr("10.1.2.3");
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, NI_MAXHOST,
			       serv, NI_MAXSERV, NI_NUMERICHOST),
		  WSANOTINITIALISED);

	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	WSASetLastError(12345);
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, NI_MAXHOST,
			       serv, NI_MAXSERV,
			       NI_NUMERICHOST | NI_NUMERICSERV), 0);
	EXPECT_EQ(WSAGetLastError(), 0);
	EXPECT(!wcscmp(host, L"10.1.2.3") && !wcscmp(serv, L"8080"),
	       "%ls %ls", host, serv);

	/* Sizes count WCHARs, the NUL included: 8 + 1, then one short. */
	wmemset(host, L'#', 16);
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, 8, NULL, 0,
			       NI_NUMERICHOST), WSAEFAULT);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT(host[0] == L'#', "written although too small");
	EXPECT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof(sin), narrow, 8, NULL,
			      0, NI_NUMERICHOST), WSAEFAULT);
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, 9, NULL, 0,
			       NI_NUMERICHOST), 0);
	EXPECT(!wcscmp(host, L"10.1.2.3"), "%ls", host);
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), NULL, 0, serv, 4,
			       NI_NUMERICSERV), WSAEFAULT);
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), NULL, 0, serv, 5,
			       NI_NUMERICSERV), 0);
	EXPECT(!wcscmp(serv, L"8080"), "%ls", serv);

	/* The address checks are getnameinfo's. */
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin) - 1, host,
			       NI_MAXHOST, NULL, 0, NI_NUMERICHOST), WSAEFAULT);
	EXPECT_EQ(GetNameInfoW(NULL, sizeof(sin), host, NI_MAXHOST, NULL, 0,
			       NI_NUMERICHOST), WSAEFAULT);
	sin.sin_family = AF_IPX;
	EXPECT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof(sin), host, NI_MAXHOST,
			       NULL, 0, NI_NUMERICHOST), WSAEAFNOSUPPORT);
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	EXPECT_EQ(WSACleanup(), 0);
}

TEST(wide_inetptonw)
{
	static const wchar_t nonascii[] = { L'1', 0xff11, L'.', L'0', L'.',
					    L'0', L'.', L'1', 0 };
	static const unsigned char lo6[16] = { [15] = 1 };
	unsigned char a6[16];
	DWORD a4;

	/* Without WSAStartup, as inet_pton. */
	a4 = 0xdeadbeef;
	WSASetLastError(12345);
	EXPECT_EQ(InetPtonW(AF_INET, L"127.0.0.1", &a4), 1);
	EXPECT_EQ(a4, htonl(INADDR_LOOPBACK));
	EXPECT_EQ(WSAGetLastError(), 12345);
	EXPECT_EQ(InetPtonW(AF_INET6, L"::1", a6), 1);
	EXPECT(!memcmp(a6, lo6, 16), "::1");

	/* No address: 0 and WSAEINVAL (inet_pton leaves the error). */
	a4 = 0xdeadbeef;
	WSASetLastError(12345);
	EXPECT_EQ(InetPtonW(AF_INET, L"1.2.3", &a4), 0);
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	EXPECT_EQ(a4, 0xdeadbeef);
	WSASetLastError(12345);
	EXPECT_EQ(inet_pton(AF_INET, "1.2.3", &a4), 0);
	EXPECT_EQ(WSAGetLastError(), 12345);
	WSASetLastError(12345);
	EXPECT_EQ(InetPtonW(AF_INET, nonascii, &a4), 0);
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	EXPECT_EQ(InetPtonW(AF_INET6,
			    L"1111:2222:3333:4444:5555:6666:7777:8888:9999:"
			    L"aaaa:bbbb", a6), 0);

	EXPECT_EQ(InetPtonW(AF_UNSPEC, NULL, &a4), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(InetPtonW(AF_INET, NULL, &a4), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
	EXPECT_EQ(InetPtonW(AF_UNSPEC, L"127.0.0.1", &a4), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	EXPECT_EQ(InetPtonW(AF_INET, L"127.0.0.1", NULL), -1);
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

TEST(wide_inetntopw)
{
	static const unsigned char a6[16] = { 0x20, 0x30, 0xa4, 0xb1 };
	wchar_t buf[INET6_ADDRSTRLEN];
	DWORD a4 = htonl(0x15102020);

	EXPECT(InetNtopW(AF_INET, &a4, buf, 12) == buf, "exactly enough");
	EXPECT(!wcscmp(buf, L"21.16.32.32"), "%ls", buf);
	wmemset(buf, L'#', 4);
	WSASetLastError(0);
	EXPECT(InetNtopW(AF_INET, &a4, buf, 11) == NULL, "one short");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	EXPECT(buf[0] == L'#', "written although too small");
	EXPECT(InetNtopW(AF_INET, &a4, buf, 0) == NULL, "size 0");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	EXPECT(InetNtopW(AF_INET, &a4, NULL, 12) == NULL, "NULL buffer");
	EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
	EXPECT(InetNtopW(AF_INET6, a6, buf, INET6_ADDRSTRLEN) == buf, "IPv6");
	EXPECT(!wcscmp(buf, L"2030:a4b1::"), "%ls", buf);
	EXPECT(InetNtopW(1, &a4, buf, INET6_ADDRSTRLEN) == NULL, "family");
	EXPECT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
	EXPECT(InetNtopW(AF_INET, NULL, buf, INET6_ADDRSTRLEN) == NULL,
	       "NULL address");
	EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

/*
 * Windows' ws2tcpip.h: gai_strerrorW formats the same system message as
 * gai_strerrorA, in a buffer of GAI_STRERROR_BUFFER_SIZE (1024) WCHARs.
 */
TEST(wide_gai_strerrorw)
{
	static const int codes[] = { 0, EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL,
				     EAI_FAMILY, EAI_MEMORY, EAI_NONAME,
				     EAI_SERVICE, EAI_SOCKTYPE, 12345 };
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *a = gai_strerrorA(codes[i]);
		const WCHAR *w = gai_strerrorW(codes[i]);
		size_t j;

		EXPECT(w != NULL, "code %d", codes[i]);
		if (!w)
			continue;
		for (j = 0; a[j]; j++)
			if (w[j] != (WCHAR)(unsigned char)a[j])
				break;
		EXPECT(!a[j] && !w[j], "code %d differs at %zu", codes[i], j);
		EXPECT(wcslen(w) < 1024, "code %d: %zu WCHARs", codes[i],
		       wcslen(w));
	}
}
