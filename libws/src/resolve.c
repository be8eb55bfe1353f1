// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Name resolution: glibc's resolver (NSS: /etc/hosts, DNS, /etc/services,
 * /etc/protocols) with its results converted to the Winsock layouts of
 * layout.h and its errors to Winsock codes. This is the only place where
 * glibc's hostent, servent, protoent and addrinfo meet Winsock's.
 *
 * gethostby*, getservby* and getprotoby* results are copied into the
 * calling thread's buffer for that kind of structure (tls.c), so each call
 * overwrites the previous result of the same kind in the same thread, as on
 * Windows. getaddrinfo results are heap lists freed by wsres_freeaddrinfo.
 *
 * The gethostby*, getservby*, getprotoby* helpers return 0 or -WSAxxx/
 * -errno like the rest of libws; wsres_getaddrinfo and wsres_getnameinfo
 * return 0 or a positive WSA code, which is what getaddrinfo returns.
 */
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "internal.h"
#include "layout.h"

#define LOOKUP_BUF_START	1024
#define LOOKUP_BUF_MAX		(1 << 20)

/* Space for a NULL-terminated string vector and its strings. */
static size_t strv_size(char **v, size_t *count)
{
	size_t n = 0, bytes = 0;

	for (; v && v[n]; n++)
		bytes += strlen(v[n]) + 1;
	*count = n;
	return (n + 1) * sizeof(char *) + bytes;
}

/* Copies vector @v into @vec, its strings at *@str. */
static void strv_copy(char **v, char **vec, char **str)
{
	size_t i, len;

	for (i = 0; v && v[i]; i++) {
		len = strlen(v[i]) + 1;
		memcpy(*str, v[i], len);
		vec[i] = *str;
		*str += len;
	}
	vec[i] = NULL;
}

static char *str_copy(const char *s, char **str)
{
	char *p = *str;
	size_t len = strlen(s) + 1;

	memcpy(p, s, len);
	*str += len;
	return p;
}

static int wsfamily_of(int af)
{
	return af == AF_INET6 ? WSL_AF_INET6 : WSL_AF_INET;
}

static int hostent_out(const struct hostent *h, struct wsl_hostent **out)
{
	size_t nal, nad = 0, size, i, alen = (size_t)h->h_length;
	struct wsl_hostent *wh;
	char **vec, *str;

	while (h->h_addr_list && h->h_addr_list[nad])
		nad++;
	size = sizeof(*wh) + strv_size(h->h_aliases, &nal) +
	       (nad + 1) * sizeof(char *) + nad * alen + strlen(h->h_name) + 1;
	wh = ws_tls_buffer(WS_TLS_HOSTENT, size);
	if (!wh)
		return -ENOMEM;

	vec = (char **)(wh + 1);
	wh->h_aliases = vec;
	wh->h_addr_list = vec + nal + 1;
	str = (char *)(wh->h_addr_list + nad + 1);
	for (i = 0; i < nad; i++) {
		memcpy(str, h->h_addr_list[i], alen);
		wh->h_addr_list[i] = str;
		str += alen;
	}
	wh->h_addr_list[nad] = NULL;
	strv_copy(h->h_aliases, wh->h_aliases, &str);
	wh->h_name = str_copy(h->h_name, &str);
	wh->h_addrtype = (short)wsfamily_of(h->h_addrtype);
	wh->h_length = (short)h->h_length;
	*out = wh;
	return 0;
}

/* gethostbyname2_r (name) or gethostbyaddr_r (addr), grown as needed. */
static int lookup_host(const char *name, const void *addr, socklen_t alen,
		       int af, struct wsl_hostent **out)
{
	size_t tlen = LOOKUP_BUF_START;
	struct hostent he, *res = NULL;
	char *tmp = NULL, *bigger;
	int r, herr = 0, ret;

	for (;;) {
		bigger = realloc(tmp, tlen);
		if (!bigger) {
			free(tmp);
			return -ENOMEM;
		}
		tmp = bigger;
		if (name)
			r = gethostbyname2_r(name, af, &he, tmp, tlen, &res,
					     &herr);
		else
			r = gethostbyaddr_r(addr, alen, af, &he, tmp, tlen,
					    &res, &herr);
		if (r != ERANGE || tlen >= LOOKUP_BUF_MAX)
			break;
		tlen *= 2;
	}
	if (!res) {
		ret = ws_herrno_to_wsa(herr, r);
		ret = -(ret ? ret : WSAHOST_NOT_FOUND);
	} else {
		ret = hostent_out(res, out);
	}
	free(tmp);
	return ret;
}

/**
 * wsres_gethostbyname() - IPv4 addresses of a host
 * @name: host name or address text; NULL or "" for the local host
 * @out: the result, in the thread's hostent buffer
 *
 * Return: 0 or a negative WSA/errno code.
 */
int wsres_gethostbyname(const char *name, struct wsl_hostent **out)
{
	char local[256];
	int r;

	if (!name || !*name) {
		r = wsys_gethostname(local, sizeof(local));
		if (r)
			return r;
		local[sizeof(local) - 1] = '\0';
		name = local;
	}
	return lookup_host(name, NULL, 0, AF_INET, out);
}

/**
 * wsres_gethostbyaddr() - the host of an address
 * @addr: the address, network order
 * @len: its length
 * @wsfamily: Winsock family of @addr (AF_INET 2 or AF_INET6 23)
 * @out: the result, in the thread's hostent buffer
 *
 * Return: 0 or a negative WSA/errno code.
 */
int wsres_gethostbyaddr(const void *addr, int len, int wsfamily,
			struct wsl_hostent **out)
{
	if (wsfamily == WSL_AF_INET) {
		if (len < 4)
			return -WSAEFAULT;
		return lookup_host(NULL, addr, 4, AF_INET, out);
	}
	if (wsfamily == WSL_AF_INET6) {
		if (len < 16)
			return -WSAEFAULT;
		return lookup_host(NULL, addr, 16, AF_INET6, out);
	}
	return -WSAEAFNOSUPPORT;
}

static int servent_out(const struct servent *se, struct wsl_servent **out)
{
	struct wsl_servent *ws;
	size_t nal, size;
	char *str;

	size = sizeof(*ws) + strv_size(se->s_aliases, &nal) +
	       strlen(se->s_name) + 1 + strlen(se->s_proto) + 1;
	ws = ws_tls_buffer(WS_TLS_SERVENT, size);
	if (!ws)
		return -ENOMEM;
	ws->s_aliases = (char **)(ws + 1);
	str = (char *)(ws->s_aliases + nal + 1);
	strv_copy(se->s_aliases, ws->s_aliases, &str);
	ws->s_name = str_copy(se->s_name, &str);
	ws->s_proto = str_copy(se->s_proto, &str);
	ws->s_port = (short)(unsigned short)se->s_port;
	*out = ws;
	return 0;
}

static int lookup_serv(const char *name, int port, const char *proto,
		       struct wsl_servent **out)
{
	size_t tlen = LOOKUP_BUF_START;
	struct servent se, *res = NULL;
	char *tmp = NULL, *bigger;
	int r, ret;

	for (;;) {
		bigger = realloc(tmp, tlen);
		if (!bigger) {
			free(tmp);
			return -ENOMEM;
		}
		tmp = bigger;
		if (name)
			r = getservbyname_r(name, proto, &se, tmp, tlen, &res);
		else
			r = getservbyport_r(port, proto, &se, tmp, tlen, &res);
		if (r != ERANGE || tlen >= LOOKUP_BUF_MAX)
			break;
		tlen *= 2;
	}
	/* Windows reports an unknown service as WSANO_DATA. */
	ret = res ? servent_out(res, out) :
	      (r && r != ENOENT) ? -r : -WSANO_DATA;
	free(tmp);
	return ret;
}

int wsres_getservbyname(const char *name, const char *proto,
			struct wsl_servent **out)
{
	return lookup_serv(name, 0, proto, out);
}

int wsres_getservbyport(int port, const char *proto,
			struct wsl_servent **out)
{
	return lookup_serv(NULL, port, proto, out);
}

static int protoent_out(const struct protoent *pe, struct wsl_protoent **out)
{
	struct wsl_protoent *wp;
	size_t nal, size;
	char *str;

	size = sizeof(*wp) + strv_size(pe->p_aliases, &nal) +
	       strlen(pe->p_name) + 1;
	wp = ws_tls_buffer(WS_TLS_PROTOENT, size);
	if (!wp)
		return -ENOMEM;
	wp->p_aliases = (char **)(wp + 1);
	str = (char *)(wp->p_aliases + nal + 1);
	strv_copy(pe->p_aliases, wp->p_aliases, &str);
	wp->p_name = str_copy(pe->p_name, &str);
	wp->p_proto = (short)pe->p_proto;
	*out = wp;
	return 0;
}

static int lookup_proto(const char *name, int number,
			struct wsl_protoent **out)
{
	size_t tlen = LOOKUP_BUF_START;
	struct protoent pe, *res = NULL;
	char *tmp = NULL, *bigger;
	int r, ret;

	for (;;) {
		bigger = realloc(tmp, tlen);
		if (!bigger) {
			free(tmp);
			return -ENOMEM;
		}
		tmp = bigger;
		if (name)
			r = getprotobyname_r(name, &pe, tmp, tlen, &res);
		else
			r = getprotobynumber_r(number, &pe, tmp, tlen, &res);
		if (r != ERANGE || tlen >= LOOKUP_BUF_MAX)
			break;
		tlen *= 2;
	}
	ret = res ? protoent_out(res, out) :
	      (r && r != ENOENT) ? -r : -WSANO_DATA;
	free(tmp);
	return ret;
}

/*
 * Windows matches protocol names without regard to case ("TCP", "IPV6");
 * /etc/protocols has lower-case official names and mixed-case aliases.
 */
int wsres_getprotobyname(const char *name, struct wsl_protoent **out)
{
	char lower[64];
	size_t i;
	int r;

	r = lookup_proto(name, 0, out);
	if (r != -WSANO_DATA || strlen(name) >= sizeof(lower))
		return r;
	for (i = 0; name[i]; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	lower[i] = '\0';
	if (!strcmp(lower, name))
		return r;
	return lookup_proto(lower, 0, out);
}

int wsres_getprotobynumber(int number, struct wsl_protoent **out)
{
	return lookup_proto(NULL, number, out);
}

#define WSL_AI_KNOWN	(WSL_AI_PASSIVE | WSL_AI_CANONNAME | \
			 WSL_AI_NUMERICHOST | WSL_AI_NUMERICSERV | \
			 WSL_AI_DNS_ONLY | WSL_AI_ALL | WSL_AI_ADDRCONFIG | \
			 WSL_AI_V4MAPPED | WSL_AI_NON_AUTHORITATIVE | \
			 WSL_AI_SECURE | WSL_AI_RETURN_PREFERRED_NAMES | \
			 WSL_AI_FQDN | WSL_AI_FILESERVER | \
			 WSL_AI_DISABLE_IDN_ENCODING)

static int ai_flags_to_glibc(int f)
{
	return (f & WSL_AI_PASSIVE ? AI_PASSIVE : 0) |
	       (f & WSL_AI_CANONNAME ? AI_CANONNAME : 0) |
	       (f & WSL_AI_NUMERICHOST ? AI_NUMERICHOST : 0) |
	       (f & WSL_AI_NUMERICSERV ? AI_NUMERICSERV : 0) |
	       (f & WSL_AI_ALL ? AI_ALL : 0) |
	       (f & WSL_AI_ADDRCONFIG ? AI_ADDRCONFIG : 0) |
	       (f & WSL_AI_V4MAPPED ? AI_V4MAPPED : 0);
}

/* Is @ai's address already in @list? (glibc lists one per socket type.) */
static int ai_seen(const struct wsl_addrinfo *list, const struct addrinfo *ai)
{
	for (; list; list = list->ai_next) {
		if (list->ai_addrlen == ai->ai_addrlen &&
		    !memcmp((char *)list->ai_addr + 2,
			    (char *)ai->ai_addr + 2, ai->ai_addrlen - 2))
			return 1;
	}
	return 0;
}

/**
 * wsres_check_hints() - the checks of getaddrinfo's hints
 * @hints: Winsock hints, or NULL
 *
 * An unknown flag is WSAEINVAL, a family other than AF_UNSPEC, AF_INET
 * and AF_INET6 WSAEAFNOSUPPORT, an unknown socket type WSAESOCKTNOSUPPORT.
 *
 * Return: 0 or a positive WSA code.
 */
int wsres_check_hints(const struct wsl_addrinfo *hints)
{
	if (!hints)
		return 0;
	if (hints->ai_flags & ~WSL_AI_KNOWN)
		return WSAEINVAL;
	if (hints->ai_family != WSL_AF_UNSPEC &&
	    hints->ai_family != WSL_AF_INET &&
	    hints->ai_family != WSL_AF_INET6)
		return WSAEAFNOSUPPORT;
	if (hints->ai_socktype < 0 || hints->ai_socktype > 5)
		return WSAESOCKTNOSUPPORT;
	return 0;
}

/**
 * wsres_getaddrinfo() - getaddrinfo with Windows semantics
 * @node: host name or address text, NULL for the wildcard/loopback address,
 *        "" for the local host
 * @service: service name or port number text, or NULL
 * @hints: Winsock hints (Windows AI_* flags, family 0/2/23), or NULL
 * @res: the list, to be freed with wsres_freeaddrinfo()
 *
 * As on Windows, one entry per address (not one per socket type), each
 * with the socket type and protocol given in @hints (0 without hints).
 * The Windows-only flags AI_DNS_ONLY, AI_NON_AUTHORITATIVE, AI_SECURE,
 * AI_RETURN_PREFERRED_NAMES, AI_FQDN, AI_FILESERVER and
 * AI_DISABLE_IDN_ENCODING are accepted and have no effect.
 *
 * Return: 0 or a positive WSA code.
 */
int wsres_getaddrinfo(const char *node, const char *service,
		      const struct wsl_addrinfo *hints,
		      struct wsl_addrinfo **res)
{
	struct wsl_addrinfo *head = NULL, **tail = &head, *w;
	struct addrinfo gh, *gres = NULL, *ai;
	int flags = 0, family = 0, socktype = 0, protocol = 0, r;
	char local[256];

	*res = NULL;
	if (hints) {
		flags = hints->ai_flags;
		family = hints->ai_family;
		socktype = hints->ai_socktype;
		protocol = hints->ai_protocol;
	}
	r = wsres_check_hints(hints);
	if (r)
		return r;
	if (!node && !service)
		return WSAHOST_NOT_FOUND;
	/* A bracketed IPv6 literal, "[beef::cafe]" (Wine test_getaddrinfo). */
	if (node && node[0] == '[') {
		size_t len = strlen(node);
		struct in6_addr a6;

		if (len >= 2 && node[len - 1] == ']' &&
		    len - 2 < sizeof(local)) {
			memcpy(local, node + 1, len - 2);
			local[len - 2] = '\0';
			if (inet_pton(AF_INET6, local, &a6) == 1)
				node = local;
		}
	}
	if (node && !*node) {
		r = wsys_gethostname(local, sizeof(local));
		if (r)
			return ws_code_to_wsa(r);
		local[sizeof(local) - 1] = '\0';
		node = local;
	}

	memset(&gh, 0, sizeof(gh));
	gh.ai_flags = ai_flags_to_glibc(flags);
	gh.ai_family = family == WSL_AF_INET ? AF_INET :
		       family == WSL_AF_INET6 ? AF_INET6 : AF_UNSPEC;
	gh.ai_socktype = (socktype == SOCK_STREAM || socktype == SOCK_DGRAM) ?
			 socktype : 0;
	r = getaddrinfo(node, service, &gh, &gres);
	if (r)
		return ws_eai_to_wsa(r, errno);

	for (ai = gres; ai; ai = ai->ai_next) {
		size_t clen = 0;

		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    ai_seen(head, ai))
			continue;
		if (ai == gres && ai->ai_canonname)
			clen = strlen(ai->ai_canonname) + 1;
		w = calloc(1, sizeof(*w) + ai->ai_addrlen + clen);
		if (!w) {
			wsres_freeaddrinfo(head);
			freeaddrinfo(gres);
			return WSA_NOT_ENOUGH_MEMORY;
		}
		w->ai_flags = flags;
		w->ai_family = wsfamily_of(ai->ai_family);
		w->ai_socktype = socktype;
		w->ai_protocol = protocol;
		w->ai_addrlen = ai->ai_addrlen;
		w->ai_addr = w + 1;
		memcpy(w->ai_addr, ai->ai_addr, ai->ai_addrlen);
		*(unsigned short *)w->ai_addr = (unsigned short)w->ai_family;
		if (clen) {
			w->ai_canonname = (char *)w->ai_addr + ai->ai_addrlen;
			memcpy(w->ai_canonname, ai->ai_canonname, clen);
		}
		*tail = w;
		tail = &w->ai_next;
	}
	freeaddrinfo(gres);
	if (!head)
		return WSANO_DATA;
	*res = head;
	return 0;
}

void wsres_freeaddrinfo(struct wsl_addrinfo *ai)
{
	struct wsl_addrinfo *next;

	for (; ai; ai = next) {
		next = ai->ai_next;
		free(ai);
	}
}

/**
 * wsres_getnameinfo() - getnameinfo with Windows semantics
 * @sa: Winsock sockaddr (family 2 or 23)
 * @salen: its length
 * @host: host buffer or NULL
 * @hostlen: its size
 * @serv: service buffer or NULL
 * @servlen: its size
 * @flags: Windows NI_* flags
 *
 * Return: 0 or a positive WSA code.
 */
int wsres_getnameinfo(const void *sa, int salen, char *host,
		      size_t hostlen, char *serv, size_t servlen, int flags)
{
	struct sockaddr_storage ss;
	unsigned short wsfamily;
	socklen_t len;
	int gflags, r;

	if (!sa || salen < (int)sizeof(wsfamily))
		return WSAEFAULT;
	memcpy(&wsfamily, sa, sizeof(wsfamily));
	memset(&ss, 0, sizeof(ss));
	if (wsfamily == WSL_AF_INET) {
		if (salen < WSL_SOCKADDR_IN_LEN)
			return WSAEFAULT;
		len = sizeof(struct sockaddr_in);
		memcpy(&ss, sa, len);
		ss.ss_family = AF_INET;
	} else if (wsfamily == WSL_AF_INET6) {
		if (salen < WSL_SOCKADDR_IN6_LEN)
			return WSAEFAULT;
		len = sizeof(struct sockaddr_in6);
		memcpy(&ss, sa, len);
		ss.ss_family = AF_INET6;
	} else {
		return WSAEAFNOSUPPORT;
	}
	if (flags & ~(WSL_NI_NOFQDN | WSL_NI_NUMERICHOST | WSL_NI_NAMEREQD |
		      WSL_NI_NUMERICSERV | WSL_NI_DGRAM))
		return WSAEINVAL;
	gflags = (flags & WSL_NI_NOFQDN ? NI_NOFQDN : 0) |
		 (flags & WSL_NI_NUMERICHOST ? NI_NUMERICHOST : 0) |
		 (flags & WSL_NI_NAMEREQD ? NI_NAMEREQD : 0) |
		 (flags & WSL_NI_NUMERICSERV ? NI_NUMERICSERV : 0) |
		 (flags & WSL_NI_DGRAM ? NI_DGRAM : 0);
	r = getnameinfo((struct sockaddr *)&ss, len, host,
			host ? (socklen_t)hostlen : 0, serv,
			serv ? (socklen_t)servlen : 0, gflags);
	return ws_eai_to_wsa(r, errno);
}
