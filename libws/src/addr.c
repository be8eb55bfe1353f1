// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Addresses as text: inet_addr, inet_ntoa, inet_pton, inet_ntop,
 * WSAStringToAddress and WSAAddressToString, with Windows' grammar.
 *
 * IPv4 text has two grammars on Windows. inet_addr and WSAStringToAddress
 * take the Berkeley forms of the inet_addr page: one to four parts
 * ("a.b.c.d", "a.b.c" with a 16-bit last part, "a.b" with a 24-bit last
 * part, "a" with 32 bits), each decimal, octal with a leading 0 or
 * hexadecimal with 0x. inet_pton takes only four decimal parts of at most
 * 255 without leading zeros. IPv6 text is parsed and printed by
 * addrtext.c, except for WSAStringToAddress, which has its own parser here
 * (Windows leaves a partly parsed address behind); brackets, ports and
 * scope ids are handled here.
 *
 * These functions do not need WSAStartup, except WSAStringToAddress and
 * WSAAddressToString, which go through the provider on Windows.
 */
#include <stdint.h>
#include <stdio.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "internal.h"

#define MAX_ADDR_TEXT	128	/* longest address string handled */

LIBWS_EXPORT const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
LIBWS_EXPORT const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One number of the Berkeley grammar at *@p: 0x/0X hexadecimal, 0 octal,
 * else decimal. Advances *@p past it. Fails without digits or above 32 bits;
 * with @wrap_hex, a hexadecimal number that outgrows 32 bits keeps its low
 * 32 bits instead, as long as a digit does not make it smaller
 * (WSAStringToAddress: Wine test_WSAStringToAddress, "0x123456789" is
 * 35.69.103.137 on Windows).
 */
static int parse_number(const char **p, uint32_t *val, int wrap_hex)
{
	const char *s = *p;
	uint64_t v = 0, prev = 0;
	int base = 10, digits = 0, d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		base = 8;
		s++;
	}
	for (; (d = digit_value(*s)) >= 0 && d < base; s++, digits++) {
		v = v * (uint64_t)base + (uint64_t)d;
		if (wrap_hex && base == 16) {
			v &= UINT32_MAX;
			if (v < prev)
				return 0;
			prev = v;
		}
		if (v > UINT32_MAX)
			return 0;
	}
	*p = s;
	if (!digits)
		return 0;
	*val = (uint32_t)v;
	return 1;
}

/*
 * An IPv4 address in the Berkeley grammar at the start of @s; *@end is set
 * to the first character after it. @addr is in host order.
 */
static int parse_ipv4_berkeley(const char *s, const char **end,
			       uint32_t *addr, int wrap_hex)
{
	static const uint32_t last_max[4] = {
		0xffffffff, 0xffffff, 0xffff, 0xff
	};
	uint32_t part[4];
	int n = 0, i;

	for (;;) {
		if (!parse_number(&s, &part[n], wrap_hex))
			return 0;
		n++;
		if (*s != '.')
			break;
		if (n == 4)
			return 0;
		s++;
	}
	for (i = 0; i < n - 1; i++)
		if (part[i] > 0xff)
			return 0;
	if (part[n - 1] > last_max[n - 1])
		return 0;
	*addr = part[n - 1];
	for (i = 0; i < n - 1; i++)
		*addr |= part[i] << (24 - 8 * i);
	*end = s;
	return 1;
}

/* inet_pton's IPv4: exactly "d.d.d.d", decimal, no leading zeros. */
static int parse_ipv4_strict(const char *s, uint32_t *addr)
{
	uint32_t v = 0, part;
	int i, digits;

	for (i = 0; i < 4; i++) {
		if (i && *s++ != '.')
			return 0;
		part = 0;
		for (digits = 0; *s >= '0' && *s <= '9'; s++, digits++) {
			if (digits && part == 0)
				return 0;	/* leading zero */
			part = part * 10 + (uint32_t)(*s - '0');
			if (part > 255)
				return 0;
		}
		if (!digits)
			return 0;
		v = v << 8 | part;
	}
	if (*s)
		return 0;
	*addr = v;
	return 1;
}

LIBWS_EXPORT u_long WSAAPI inet_addr(const char FAR *cp)
{
	const char *end;
	uint32_t a;

	if (!cp) {
		ws_set_error(WSAEFAULT);
		return INADDR_NONE;
	}
	/* Observed on Windows (Wine's protocol.c tests): " " alone is 0. */
	if (cp[0] == ' ' && cp[1] == '\0')
		return 0;
	/* Anything may follow the address after white space. */
	if (!parse_ipv4_berkeley(cp, &end, &a, 0) || (*end && !is_space(*end)))
		return INADDR_NONE;
	return ws_net32(a);
}

LIBWS_EXPORT char FAR *WSAAPI inet_ntoa(struct in_addr in)
{
	char *buf = ws_tls_buffer(WS_TLS_NTOA, 16);

	if (!buf) {
		ws_set_error(WSAENOBUFS);
		return NULL;
	}
	snprintf(buf, 16, "%u.%u.%u.%u", in.S_un.S_un_b.s_b1,
		 in.S_un.S_un_b.s_b2, in.S_un.S_un_b.s_b3,
		 in.S_un.S_un_b.s_b4);
	return buf;
}

/* inet_pton, for libws's own callers too (wide.c). */
int wsaddr_pton(int Family, const char *pszAddrString, void *pAddrBuf)
{
	uint32_t a;

	if (!pszAddrString || !pAddrBuf)
		goto fault;
	if (Family == AF_INET) {
		if (!parse_ipv4_strict(pszAddrString, &a))
			return 0;
		a = ws_net32(a);
		if (wsys_copy_out(pAddrBuf, &a, sizeof(a)) < 0)
			goto fault;
		return 1;
	}
	if (Family == AF_INET6) {
		unsigned char a6[16];

		if (!wsl_pton6(pszAddrString, strlen(pszAddrString), a6))
			return 0;
		if (wsys_copy_out(pAddrBuf, a6, sizeof(a6)) < 0)
			goto fault;
		return 1;
	}
	ws_set_error(WSAEAFNOSUPPORT);
	return -1;
fault:
	ws_set_error(WSAEFAULT);
	return -1;
}

LIBWS_EXPORT INT WSAAPI inet_pton(INT Family, PCSTR pszAddrString,
				  PVOID pAddrBuf)
{
	return wsaddr_pton(Family, pszAddrString, pAddrBuf);
}

static int format_ipv4(const void *addr, char *buf, size_t size)
{
	const unsigned char *b = addr;
	int n = snprintf(buf, size, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);

	return n < 0 || (size_t)n >= size ? -1 : n;
}

/*
 * inet_ntop: an output buffer that is NULL or too small is WSAEINVAL, as
 * observed on Windows 7 (later versions report STATUS_INVALID_PARAMETER).
 */
const char *wsaddr_ntop(int Family, const void *pAddr, char *pStringBuf,
			size_t StringBufSize)
{
	unsigned char addr[16];
	char text[INET6_ADDRSTRLEN];
	int n;

	if (Family != AF_INET && Family != AF_INET6) {
		ws_set_error(WSAEAFNOSUPPORT);
		return NULL;
	}
	if (!pAddr) {
		ws_set_error(WSAEFAULT);
		return NULL;
	}
	if (!pStringBuf || !StringBufSize) {
		ws_set_error(WSAEINVAL);
		return NULL;
	}
	if (wsys_copy_in(addr, pAddr, Family == AF_INET ? 4 : 16) < 0) {
		ws_set_error(WSAEFAULT);
		return NULL;
	}
	if (Family == AF_INET)
		n = format_ipv4(addr, text, sizeof(text));
	else
		n = wsl_ntop6(addr, text, sizeof(text));
	if (n < 0 || (size_t)n >= StringBufSize) {
		ws_set_error(WSAEINVAL);
		return NULL;
	}
	if (wsys_copy_out(pStringBuf, text, (size_t)n + 1) < 0) {
		ws_set_error(WSAEFAULT);
		return NULL;
	}
	return pStringBuf;
}

LIBWS_EXPORT PCSTR WSAAPI inet_ntop(INT Family, const VOID *pAddr,
				    PSTR pStringBuf, size_t StringBufSize)
{
	return wsaddr_ntop(Family, pAddr, pStringBuf, StringBufSize);
}

/* A port after ':' in WSAStringToAddress: a Berkeley number, 1..65535. */
static int parse_port(const char *s, USHORT *port)
{
	uint32_t v;

	if (!parse_number(&s, &v, 0) || *s || v == 0 || v > 0xffff)
		return 0;
	*port = ws_net16(v);
	return 1;
}

/* One to @max digits of @base at *@p (no prefix); advances *@p past them. */
static int parse_digits(const char **p, int base, int max, uint32_t *val)
{
	const char *s = *p;
	uint32_t v = 0;
	int d;

	for (; (d = digit_value(*s)) >= 0 && d < base; s++) {
		if (s - *p == max)
			return 0;
		v = v * (uint32_t)base + (uint32_t)d;
	}
	if (s == *p)
		return 0;
	*p = s;
	*val = v;
	return 1;
}

static int starts_dotted(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '.';
}

/*
 * An IPv6 address at the start of @s, read as Windows' WSAStringToAddress
 * reads it: each group is stored into @a as soon as it is read, and the
 * groups after "::" are moved to the end only once the address is
 * complete. A string that fails part-way therefore leaves in @a what was
 * read before the failure (Wine test_WSAStringToAddress: "1:2:3:" leaves
 * 1:2:3::, "1.2.3.4" leaves the bytes 1, 2, 3 of a dotted quad that cannot
 * end the address there). @a must be zero on entry.
 *
 * Groups are one to four hex digits; a dotted quad (one to three decimal
 * digits each, at most 255) may stand for the last 32 bits; "::" stands for
 * at least one zero group. Returns the first character after the address,
 * or NULL if @s does not start with one.
 */
static const char *parse_ipv6_groups(const char *s, unsigned char a[16])
{
	int n = 0, gap = -1, i;
	uint32_t v;

	if (s[0] == ':') {
		if (s[1] != ':')
			return NULL;
		s++;
	}
	/* Past each ':', another ':' makes it "::". */
	for (;;) {
		if (*s == ':') {
			if (gap >= 0)
				return NULL;
			gap = n;
			s++;
			if (n == 14 || digit_value(*s) < 0)
				break;
		}
		if (starts_dotted(s) && n <= (gap >= 0 ? 10 : 12)) {
			for (i = 0; i < 4; i++) {
				if (i && *s++ != '.')
					return NULL;
				if (!parse_digits(&s, 10, 3, &v) || v > 255)
					return NULL;
				/* the last byte only where the quad can end
				 * the address */
				if (i == 3 && gap < 0 && n != 15)
					return NULL;
				a[n++] = (unsigned char)v;
			}
			break;
		}
		if (!parse_digits(&s, 16, 4, &v))
			return NULL;
		a[n++] = (unsigned char)(v >> 8);
		a[n++] = (unsigned char)v;
		if (n == (gap >= 0 ? 14 : 16) || *s != ':')
			break;
		s++;
	}
	if (gap < 0) {
		if (n < 16)
			return NULL;
	} else {
		memmove(a + 16 - (n - gap), a + gap, (size_t)(n - gap));
		memset(a + gap, 0, (size_t)(16 - n));
	}
	return s;
}

/*
 * "addr", "addr%scope", "[addr]", "[addr%scope]" with ":port" after ']'.
 * The address is left in @sin6 also when the text around it fails.
 */
static int parse_ipv6_sockaddr(const char *s, SOCKADDR_IN6 *sin6)
{
	int bracket = *s == '[';
	uint64_t scope = 0;

	s = parse_ipv6_groups(s + bracket, sin6->sin6_addr.s6_bytes);
	if (!s)
		return 0;
	if (*s == '%') {
		if (s[1] < '0' || s[1] > '9')
			return 0;
		for (s++; *s >= '0' && *s <= '9'; s++) {
			scope = scope * 10 + (uint64_t)(*s - '0');
			if (scope > UINT32_MAX)
				return 0;
		}
	}
	if (bracket && *s++ != ']')
		return 0;
	if (bracket && *s == ':') {
		if (!parse_port(s + 1, &sin6->sin6_port))
			return 0;
	} else if (*s) {
		return 0;
	}
	sin6->sin6_scope_id = (ULONG)scope;
	return 1;
}

/*
 * WSAStringToAddress: missing parts default to zero (port, scope id); a
 * port, when given, must be 1..65535. The address buffer is cleared before
 * parsing, so it holds family 0 after a failure, and the address as far as
 * it was parsed: for AF_INET the address when only what followed it was
 * wrong, for AF_INET6 also the groups read before the text stopped being an
 * address (parse_ipv6_groups). lpProtocolInfo selects a
 * provider on Windows; libws has one and ignores it.
 */
static INT string_to_address(const char *str, INT family, LPSOCKADDR addr,
			     LPINT lenp)
{
	IN_ADDR partial = { .s_addr = 0 };
	IN6_ADDR partial6;
	SOCKADDR_STORAGE ss;
	const char *end;
	INT len, need;
	uint32_t a;
	int ok;

	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	if (!str || !addr || !lenp)
		return ws_fail(-WSAEFAULT);
	if (family != AF_INET && family != AF_INET6)
		return ws_fail(-WSAEINVAL);
	if (wsys_copy_in(&len, lenp, sizeof(len)) < 0)
		return ws_fail(-WSAEFAULT);
	need = family == AF_INET ? (INT)sizeof(SOCKADDR_IN) :
				   (INT)sizeof(SOCKADDR_IN6);
	if (len < need) {
		wsys_copy_out(lenp, &need, sizeof(need));
		return ws_fail(-WSAEFAULT);
	}

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		SOCKADDR_IN *sin = (SOCKADDR_IN *)&ss;

		ok = parse_ipv4_berkeley(str, &end, &a, 1);
		if (ok) {
			/* Wine test_WSAStringToAddress: what follows the
			 * address may fail the call ("1.2.3.4:0", "1.2.3.4 ",
			 * "1234BEEF"), which leaves the address parsed. */
			partial.s_addr = ws_net32(a);
			if (*end == ':')
				ok = parse_port(end + 1, &sin->sin_port);
			else if (*end)
				ok = 0;
		}
		if (ok) {
			sin->sin_addr = partial;
			sin->sin_family = AF_INET;
		}
	} else {
		SOCKADDR_IN6 *sin6 = (SOCKADDR_IN6 *)&ss;

		ok = parse_ipv6_sockaddr(str, sin6);
		if (ok)
			sin6->sin6_family = AF_INET6;
		else
			partial6 = sin6->sin6_addr;
	}
	/* The buffer is cleared also when the string is not an address, but
	 * for what was parsed of the address. */
	if (!ok) {
		memset(&ss, 0, sizeof(ss));
		if (family == AF_INET)
			((SOCKADDR_IN *)&ss)->sin_addr = partial;
		else
			((SOCKADDR_IN6 *)&ss)->sin6_addr = partial6;
		if (wsys_copy_out(addr, &ss, (size_t)need) < 0)
			return ws_fail(-WSAEFAULT);
		return ws_fail(-WSAEINVAL);
	}
	if (wsys_copy_out(addr, &ss, (size_t)need) < 0 ||
	    wsys_copy_out(lenp, &need, sizeof(need)) < 0)
		return ws_fail(-WSAEFAULT);
	return 0;
}

LIBWS_EXPORT INT WSAAPI WSAStringToAddressA(LPSTR AddressString,
					    INT AddressFamily,
					    LPWSAPROTOCOL_INFOA lpProtocolInfo,
					    LPSOCKADDR lpAddress,
					    LPINT lpAddressLength)
{
	(void)lpProtocolInfo;
	return string_to_address(AddressString, AddressFamily, lpAddress,
				 lpAddressLength);
}

/* Address text is ASCII: a wide string with anything else is invalid. */
static int narrow(const WCHAR *w, char *out, size_t size)
{
	size_t i;

	for (i = 0; w[i]; i++) {
		if (w[i] <= 0 || w[i] > 0x7f || i + 1 >= size)
			return 0;
		out[i] = (char)w[i];
	}
	out[i] = '\0';
	return 1;
}

LIBWS_EXPORT INT WSAAPI WSAStringToAddressW(LPWSTR AddressString,
					    INT AddressFamily,
					    LPWSAPROTOCOL_INFOW lpProtocolInfo,
					    LPSOCKADDR lpAddress,
					    LPINT lpAddressLength)
{
	char buf[MAX_ADDR_TEXT];

	(void)lpProtocolInfo;
	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	if (!AddressString)
		return ws_fail(-WSAEFAULT);
	/* Too long or not ASCII: parse "" so that the buffer checks and the
	 * clearing happen exactly as for an untranslatable string. */
	if (!narrow(AddressString, buf, sizeof(buf)))
		buf[0] = '\0';
	return string_to_address(buf, AddressFamily, lpAddress,
				 lpAddressLength);
}

/* The text of a SOCKADDR_IN or SOCKADDR_IN6; -WSAEINVAL if it is neither. */
static int address_text(const struct sockaddr *sa, DWORD len, char *out,
			size_t size)
{
	char host[INET6_ADDRSTRLEN], scope[16] = "";
	int n;

	if (sa->sa_family == AF_INET) {
		const SOCKADDR_IN *sin = (const SOCKADDR_IN *)sa;

		if (len < sizeof(*sin))
			return -WSAEINVAL;
		format_ipv4(&sin->sin_addr, host, sizeof(host));
		if (sin->sin_port)
			n = snprintf(out, size, "%s:%u", host,
				     ws_net16(sin->sin_port));
		else
			n = snprintf(out, size, "%s", host);
	} else if (sa->sa_family == AF_INET6) {
		const SOCKADDR_IN6 *sin6 = (const SOCKADDR_IN6 *)sa;

		if (len < sizeof(*sin6))
			return -WSAEINVAL;
		if (wsl_ntop6(sin6->sin6_addr.s6_bytes, host, sizeof(host)) < 0)
			return -WSAEINVAL;
		if (sin6->sin6_scope_id)
			snprintf(scope, sizeof(scope), "%%%u",
				 (unsigned int)sin6->sin6_scope_id);
		if (sin6->sin6_port)
			n = snprintf(out, size, "[%s%s]:%u", host, scope,
				     ws_net16(sin6->sin6_port));
		else
			n = snprintf(out, size, "%s%s", host, scope);
	} else {
		return -WSAEINVAL;
	}
	return n;
}

/*
 * WSAAddressToString: the port is shown when it is not zero, the scope id
 * of an IPv6 address when it is not zero ("[20ab::2001%4660]:33274"). The
 * length in and out counts the terminating NUL; a buffer that is missing
 * or too small is WSAEFAULT with the needed length stored.
 */
static INT address_to_string(LPSOCKADDR sa, DWORD salen, char *text,
			     LPDWORD lenp, DWORD *avail)
{
	SOCKADDR_STORAGE ss;
	size_t copy;
	int n;

	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	if (!sa || !lenp)
		return ws_fail(-WSAEFAULT);
	memset(&ss, 0, sizeof(ss));
	copy = salen < sizeof(SOCKADDR_IN6) ? salen : sizeof(SOCKADDR_IN6);
	if (wsys_copy_in(&ss, sa, copy) < 0 ||
	    wsys_copy_in(avail, lenp, sizeof(*avail)) < 0)
		return ws_fail(-WSAEFAULT);
	n = address_text((struct sockaddr *)&ss, salen, text, MAX_ADDR_TEXT);
	if (n < 0)
		return ws_fail(n);
	return n;
}

/* Stores the needed length; then fails (too small) or succeeds. */
static INT address_string_done(LPDWORD lenp, DWORD need, DWORD avail,
			       void *out, const void *text, size_t size)
{
	if (wsys_copy_out(lenp, &need, sizeof(need)) < 0)
		return ws_fail(-WSAEFAULT);
	if (!out || avail < need)
		return ws_fail(-WSAEFAULT);
	if (wsys_copy_out(out, text, size) < 0)
		return ws_fail(-WSAEFAULT);
	return 0;
}

LIBWS_EXPORT INT WSAAPI WSAAddressToStringA(LPSOCKADDR lpsaAddress,
					    DWORD dwAddressLength,
					    LPWSAPROTOCOL_INFOA lpProtocolInfo,
					    LPSTR lpszAddressString,
					    LPDWORD lpdwAddressStringLength)
{
	char text[MAX_ADDR_TEXT];
	DWORD avail;
	int n;

	(void)lpProtocolInfo;
	n = address_to_string(lpsaAddress, dwAddressLength, text,
			      lpdwAddressStringLength, &avail);
	if (n < 0)
		return SOCKET_ERROR;
	return address_string_done(lpdwAddressStringLength, (DWORD)n + 1,
				   avail, lpszAddressString, text,
				   (size_t)n + 1);
}

LIBWS_EXPORT INT WSAAPI WSAAddressToStringW(LPSOCKADDR lpsaAddress,
					    DWORD dwAddressLength,
					    LPWSAPROTOCOL_INFOW lpProtocolInfo,
					    LPWSTR lpszAddressString,
					    LPDWORD lpdwAddressStringLength)
{
	char text[MAX_ADDR_TEXT];
	WCHAR wide[MAX_ADDR_TEXT];
	DWORD avail;
	int n, i;

	(void)lpProtocolInfo;
	n = address_to_string(lpsaAddress, dwAddressLength, text,
			      lpdwAddressStringLength, &avail);
	if (n < 0)
		return SOCKET_ERROR;
	for (i = 0; i <= n; i++)
		wide[i] = (WCHAR)(unsigned char)text[i];
	return address_string_done(lpdwAddressStringLength, (DWORD)n + 1,
				   avail, lpszAddressString, wide,
				   ((size_t)n + 1) * sizeof(WCHAR));
}
