// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The wide-character (UNICODE) name functions of ws2tcpip.h: GetAddrInfoW,
 * FreeAddrInfoW, GetNameInfoW, InetPtonW, InetNtopW and gai_strerrorW. WCHAR is wchar_t,
 * UTF-32 on Linux. Host and service names go to the resolver (resolve.c)
 * as UTF-8 and come back from it as UTF-8, converted here without the
 * locale; address text is ASCII, as for WSAStringToAddressW (addr.c).
 *
 * A list from GetAddrInfoW is made of nodes of its own, each one
 * allocation holding the ADDRINFOW, its address and its wide canonical
 * name: FreeAddrInfoW frees node by node, and nothing of a getaddrinfo
 * list is shared with it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "internal.h"
#include "layout.h"

_Static_assert(sizeof(WCHAR) == 4, "WCHAR is UTF-32");

/* A Unicode scalar value: not a surrogate, not past U+10FFFF. */
static int is_scalar(unsigned long c)
{
	return c <= 0x10ffff && (c < 0xd800 || c > 0xdfff);
}

/**
 * ws_wide_to_utf8() - a wide string as UTF-8
 * @w: the string, NUL-terminated
 * @err: set to 0, EILSEQ (a surrogate or a value past U+10FFFF) or ENOMEM
 *
 * Return: the UTF-8 string, to be freed with free(), or NULL.
 */
char *ws_wide_to_utf8(const wchar_t *w, int *err)
{
	size_t len = 0, i;
	unsigned long c;
	char *out, *p;

	for (i = 0; w[i]; i++) {
		c = (unsigned long)(uint32_t)w[i];
		if (!is_scalar(c)) {
			*err = EILSEQ;
			return NULL;
		}
		len += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	}
	out = malloc(len + 1);
	if (!out) {
		*err = ENOMEM;
		return NULL;
	}
	for (p = out, i = 0; w[i]; i++) {
		c = (unsigned long)(uint32_t)w[i];
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xc0 | c >> 6);
			*p++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*p++ = (char)(0xe0 | c >> 12);
			*p++ = (char)(0x80 | (c >> 6 & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		} else {
			*p++ = (char)(0xf0 | c >> 18);
			*p++ = (char)(0x80 | (c >> 12 & 0x3f));
			*p++ = (char)(0x80 | (c >> 6 & 0x3f));
			*p++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*p = '\0';
	*err = 0;
	return out;
}

/* One UTF-8 sequence at *@s: its scalar value, or -1 if malformed. */
static long utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned long c, min;
	int n, i;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 1, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 3, c = p[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;	/* a NUL stops here too */
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || !is_scalar(c))
		return -1;		/* overlong, surrogate, too large */
	*s = p + n + 1;
	return (long)c;
}

/**
 * ws_utf8_to_wide() - a UTF-8 string as a wide one
 * @s: the string, NUL-terminated
 * @out: where the wide string goes, or NULL
 * @outlen: its size in WCHARs
 *
 * @out is written only when the whole string and its NUL fit.
 *
 * Return: the WCHARs needed, the NUL included; -1 if @s is not UTF-8.
 */
long ws_utf8_to_wide(const char *s, wchar_t *out, size_t outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	long c;

	while (*p) {
		if (utf8_next(&p) < 0)
			return -1;
		n++;
	}
	if (out && n + 1 <= outlen) {
		p = (const unsigned char *)s;
		for (n = 0; *p; n++) {
			c = utf8_next(&p);
			out[n] = (wchar_t)c;
		}
		out[n] = L'\0';
	}
	return (long)n + 1;
}

static int is_ascii(const WCHAR *w)
{
	for (; *w; w++)
		if ((uint32_t)*w > 0x7f)
			return 0;
	return 1;
}

static void free_wide_list(ADDRINFOW *ai)
{
	ADDRINFOW *next;

	for (; ai; ai = next) {
		next = ai->ai_next;
		free(ai);
	}
}

/* The nodes of an ADDRINFOW list, made from a getaddrinfo list. */
static int addrinfo_widen(const struct wsl_addrinfo *ai, ADDRINFOW **out)
{
	ADDRINFOW *head = NULL, **tail = &head, *w;
	size_t alen, clen;
	long n;

	for (; ai; ai = ai->ai_next) {
		alen = (ai->ai_addrlen + sizeof(WCHAR) - 1) &
		       ~(sizeof(WCHAR) - 1);
		clen = 0;
		if (ai->ai_canonname) {
			n = ws_utf8_to_wide(ai->ai_canonname, NULL, 0);
			if (n < 0) {
				free_wide_list(head);
				return WSANO_RECOVERY;
			}
			clen = (size_t)n * sizeof(WCHAR);
		}
		w = calloc(1, sizeof(*w) + alen + clen);
		if (!w) {
			free_wide_list(head);
			return WSA_NOT_ENOUGH_MEMORY;
		}
		w->ai_flags = ai->ai_flags;
		w->ai_family = ai->ai_family;
		w->ai_socktype = ai->ai_socktype;
		w->ai_protocol = ai->ai_protocol;
		w->ai_addrlen = ai->ai_addrlen;
		w->ai_addr = (struct sockaddr *)(w + 1);
		memcpy(w->ai_addr, ai->ai_addr, ai->ai_addrlen);
		if (clen) {
			w->ai_canonname = (PWSTR)((char *)w->ai_addr + alen);
			ws_utf8_to_wide(ai->ai_canonname, w->ai_canonname,
					clen / sizeof(WCHAR));
		}
		*tail = w;
		tail = &w->ai_next;
	}
	*out = head;
	return 0;
}

/*
 * GetAddrInfoW is getaddrinfo on UTF-8 names: its checks, its results and
 * its error reporting (returned and set as the thread's error, 0 on
 * success). A host name that is not ASCII with AI_DISABLE_IDN_ENCODING is
 * WSAHOST_NOT_FOUND, as on Windows (it would need IDN encoding); one that
 * holds a surrogate or a value past U+10FFFF cannot be encoded at all and
 * is WSANO_RECOVERY (EAI_FAIL); such a service name names no service,
 * WSATYPE_NOT_FOUND.
 */
LIBWS_EXPORT INT WSAAPI GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName,
				     const ADDRINFOW *pHints,
				     PADDRINFOW *ppResult)
{
	struct wsl_addrinfo hints, *res = NULL;
	char *node = NULL, *service = NULL;
	ADDRINFOW *wres = NULL;
	int r, err;

	memset(&hints, 0, sizeof(hints));
	if (pHints) {
		hints.ai_flags = pHints->ai_flags;
		hints.ai_family = pHints->ai_family;
		hints.ai_socktype = pHints->ai_socktype;
		hints.ai_protocol = pHints->ai_protocol;
	}
	if (!ws_started()) {
		r = WSANOTINITIALISED;
	} else if (!ppResult) {
		r = WSAEFAULT;
	} else if ((r = wsres_check_hints(pHints ? &hints : NULL))) {
		;
	} else if (pNodeName && !is_ascii(pNodeName) &&
		   (hints.ai_flags & AI_DISABLE_IDN_ENCODING)) {
		r = WSAHOST_NOT_FOUND;
	} else if (pNodeName && !(node = ws_wide_to_utf8(pNodeName, &err))) {
		r = err == ENOMEM ? WSA_NOT_ENOUGH_MEMORY : WSANO_RECOVERY;
	} else if (pServiceName &&
		   !(service = ws_wide_to_utf8(pServiceName, &err))) {
		r = err == ENOMEM ? WSA_NOT_ENOUGH_MEMORY : WSATYPE_NOT_FOUND;
	} else {
		r = wsres_getaddrinfo(node, service, pHints ? &hints : NULL,
				      &res);
		if (!r) {
			r = addrinfo_widen(res, &wres);
			wsres_freeaddrinfo(res);
		}
	}
	free(node);
	free(service);
	if (ppResult)
		*ppResult = wres;
	ws_set_error(r);
	return r;
}

LIBWS_EXPORT VOID WSAAPI FreeAddrInfoW(PADDRINFOW pAddrInfo)
{
	free_wide_list(pAddrInfo);
}

/*
 * GetNameInfoW is getnameinfo with the sizes counted in WCHARs, the NUL
 * included: a name that does not fit is WSAEFAULT, as for getnameinfo.
 */
LIBWS_EXPORT INT WSAAPI GetNameInfoW(const SOCKADDR *pSockaddr,
				     socklen_t SockaddrLength,
				     PWCHAR pNodeBuffer, DWORD NodeBufferSize,
				     PWCHAR pServiceBuffer,
				     DWORD ServiceBufferSize, INT Flags)
{
	char host[4 * NI_MAXHOST], serv[4 * NI_MAXSERV];
	int want_host = pNodeBuffer && NodeBufferSize;
	int want_serv = pServiceBuffer && ServiceBufferSize;
	long hn = 0, sn = 0;
	int r;

	if (!ws_started()) {
		r = WSANOTINITIALISED;
	} else {
		r = wsres_getnameinfo(pSockaddr, SockaddrLength,
				      want_host ? host : NULL,
				      want_host ? sizeof(host) : 0,
				      want_serv ? serv : NULL,
				      want_serv ? sizeof(serv) : 0, Flags);
		if (!r && want_host)
			hn = ws_utf8_to_wide(host, NULL, 0);
		if (!r && want_serv)
			sn = ws_utf8_to_wide(serv, NULL, 0);
		if (hn < 0 || sn < 0)
			r = WSANO_RECOVERY;
		else if (hn > (long)NodeBufferSize ||
			 sn > (long)ServiceBufferSize)
			r = WSAEFAULT;
	}
	if (!r && want_host)
		ws_utf8_to_wide(host, pNodeBuffer, NodeBufferSize);
	if (!r && want_serv)
		ws_utf8_to_wide(serv, pServiceBuffer, ServiceBufferSize);
	ws_set_error(r);
	return r;
}

/*
 * InetPtonW is inet_pton, but a string that is no address also sets the
 * thread's error, to WSAEINVAL (Windows does; inet_pton leaves it).
 */
LIBWS_EXPORT INT WSAAPI InetPtonW(INT Family, PCWSTR pszAddrString,
				  PVOID pAddrBuf)
{
	char text[64];
	size_t i;
	int r;

	if (!pszAddrString) {
		ws_set_error(WSAEFAULT);
		return -1;
	}
	/* Not ASCII, or longer than any address: parse "" instead. */
	for (i = 0; pszAddrString[i]; i++) {
		if ((uint32_t)pszAddrString[i] > 0x7f || i + 1 >= sizeof(text))
			break;
		text[i] = (char)pszAddrString[i];
	}
	text[pszAddrString[i] ? 0 : i] = '\0';
	r = wsaddr_pton(Family, text, pAddrBuf);
	if (r == 0)
		ws_set_error(WSAEINVAL);
	return r;
}

/* Windows' GAI_STRERROR_BUFFER_SIZE. */
#define GAI_MSG_MAX	1024

/*
 * gai_strerrorA's message, widened (the messages are ASCII) into a buffer
 * of the calling thread.
 */
LIBWS_EXPORT WCHAR *WSAAPI gai_strerrorW(int ecode)
{
	static __thread WCHAR msg[GAI_MSG_MAX + 1];
	const char *a = ws_gai_message(ecode);
	size_t i;

	for (i = 0; a[i] && i < GAI_MSG_MAX; i++)
		msg[i] = (WCHAR)(unsigned char)a[i];
	msg[i] = 0;
	return msg;
}

/*
 * InetNtopW is inet_ntop with StringBufSize counted in WCHARs: a buffer
 * that is NULL or too small is WSAEINVAL, as for inet_ntop.
 */
LIBWS_EXPORT PCWSTR WSAAPI InetNtopW(INT Family, const VOID *pAddr,
				     PWSTR pStringBuf, size_t StringBufSize)
{
	char text[INET6_ADDRSTRLEN];
	WCHAR wide[INET6_ADDRSTRLEN];
	size_t n, i;

	if (!wsaddr_ntop(Family, pAddr, text, sizeof(text)))
		return NULL;
	n = strlen(text);
	if (!pStringBuf || n + 1 > StringBufSize) {
		ws_set_error(WSAEINVAL);
		return NULL;
	}
	for (i = 0; i <= n; i++)
		wide[i] = (WCHAR)(unsigned char)text[i];
	if (wsys_copy_out(pStringBuf, wide, (n + 1) * sizeof(WCHAR)) < 0) {
		ws_set_error(WSAEFAULT);
		return NULL;
	}
	return pStringBuf;
}
