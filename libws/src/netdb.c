// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The database functions of Windows Sockets: gethostname, gethostby*,
 * getservby*, getprotoby*, getaddrinfo, freeaddrinfo, getnameinfo and
 * gai_strerror. The lookups themselves are in resolve.c, which fills the
 * wsl_* mirrors of layout.h; this file checks the Winsock arguments and
 * asserts that the mirrors are the structures of winsock2.h/ws2tcpip.h.
 */
#include <stddef.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "internal.h"
#include "layout.h"

#define SAME_MEMBER(a, b, m)						\
	(offsetof(struct a, m) == offsetof(struct b, m) &&		\
	 sizeof(((struct a *)0)->m) == sizeof(((struct b *)0)->m))

_Static_assert(sizeof(struct hostent) == sizeof(struct wsl_hostent) &&
	       SAME_MEMBER(hostent, wsl_hostent, h_name) &&
	       SAME_MEMBER(hostent, wsl_hostent, h_aliases) &&
	       SAME_MEMBER(hostent, wsl_hostent, h_addrtype) &&
	       SAME_MEMBER(hostent, wsl_hostent, h_length) &&
	       SAME_MEMBER(hostent, wsl_hostent, h_addr_list),
	       "struct wsl_hostent");
_Static_assert(sizeof(struct servent) == sizeof(struct wsl_servent) &&
	       SAME_MEMBER(servent, wsl_servent, s_name) &&
	       SAME_MEMBER(servent, wsl_servent, s_aliases) &&
	       SAME_MEMBER(servent, wsl_servent, s_proto) &&
	       SAME_MEMBER(servent, wsl_servent, s_port),
	       "struct wsl_servent");
_Static_assert(sizeof(struct protoent) == sizeof(struct wsl_protoent) &&
	       SAME_MEMBER(protoent, wsl_protoent, p_name) &&
	       SAME_MEMBER(protoent, wsl_protoent, p_aliases) &&
	       SAME_MEMBER(protoent, wsl_protoent, p_proto),
	       "struct wsl_protoent");
_Static_assert(sizeof(struct addrinfo) == sizeof(struct wsl_addrinfo) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_flags) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_family) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_socktype) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_protocol) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_addrlen) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_canonname) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_addr) &&
	       SAME_MEMBER(addrinfo, wsl_addrinfo, ai_next),
	       "struct wsl_addrinfo");
_Static_assert(WSL_AF_INET == AF_INET && WSL_AF_INET6 == AF_INET6 &&
	       WSL_AF_UNSPEC == AF_UNSPEC &&
	       WSL_SOCKADDR_IN_LEN == sizeof(SOCKADDR_IN) &&
	       WSL_SOCKADDR_IN6_LEN == sizeof(SOCKADDR_IN6),
	       "WSL_AF_*");
_Static_assert(WSL_AI_PASSIVE == AI_PASSIVE &&
	       WSL_AI_CANONNAME == AI_CANONNAME &&
	       WSL_AI_NUMERICHOST == AI_NUMERICHOST &&
	       WSL_AI_NUMERICSERV == AI_NUMERICSERV &&
	       WSL_AI_DNS_ONLY == AI_DNS_ONLY && WSL_AI_ALL == AI_ALL &&
	       WSL_AI_ADDRCONFIG == AI_ADDRCONFIG &&
	       WSL_AI_V4MAPPED == AI_V4MAPPED &&
	       WSL_AI_NON_AUTHORITATIVE == AI_NON_AUTHORITATIVE &&
	       WSL_AI_SECURE == AI_SECURE &&
	       WSL_AI_RETURN_PREFERRED_NAMES == AI_RETURN_PREFERRED_NAMES &&
	       WSL_AI_FQDN == AI_FQDN && WSL_AI_FILESERVER == AI_FILESERVER &&
	       WSL_AI_DISABLE_IDN_ENCODING == AI_DISABLE_IDN_ENCODING,
	       "WSL_AI_*");
_Static_assert(WSL_NI_NOFQDN == NI_NOFQDN &&
	       WSL_NI_NUMERICHOST == NI_NUMERICHOST &&
	       WSL_NI_NAMEREQD == NI_NAMEREQD &&
	       WSL_NI_NUMERICSERV == NI_NUMERICSERV &&
	       WSL_NI_DGRAM == NI_DGRAM, "WSL_NI_*");

/*
 * gethostname: "the buffer size specified by namelen ... too small to hold
 * the complete host name" is WSAEFAULT.
 */
LIBWS_EXPORT int WSAAPI gethostname(char FAR *name, int namelen)
{
	char buf[256];
	size_t len;
	int r;

	if (!ws_started())
		return ws_fail(-WSANOTINITIALISED);
	if (!name || namelen <= 0)
		return ws_fail(-WSAEFAULT);
	r = wsys_gethostname(buf, sizeof(buf));
	if (r < 0)
		return ws_fail(r);
	buf[sizeof(buf) - 1] = '\0';
	len = strlen(buf);
	if (len + 1 > (size_t)namelen)
		return ws_fail(-WSAEFAULT);
	memcpy(name, buf, len + 1);
	return 0;
}

/* Returns the structure, or NULL with the thread's error set. */
static void *db_result(int r, void *ent)
{
	if (r < 0) {
		ws_fail(r);
		return NULL;
	}
	return ent;
}

/*
 * gethostbyname resolves to IPv4 addresses only. Two behaviours follow
 * today's Windows rather than the 1996 text: an address string resolves
 * to itself, and NULL or "" is the local host (gethostname's name).
 */
LIBWS_EXPORT struct hostent FAR *WSAAPI gethostbyname(const char FAR *name)
{
	struct wsl_hostent *h = NULL;
	int r;

	if (!ws_started())
		return db_result(-WSANOTINITIALISED, NULL);
	r = wsres_gethostbyname(name, &h);
	return db_result(r, h);
}

LIBWS_EXPORT struct hostent FAR *WSAAPI gethostbyaddr(const char FAR *addr,
						      int len, int type)
{
	struct wsl_hostent *h = NULL;
	int r;

	if (!ws_started())
		return db_result(-WSANOTINITIALISED, NULL);
	if (!addr)
		return db_result(-WSAEFAULT, NULL);
	r = wsres_gethostbyaddr(addr, len, type, &h);
	return db_result(r, h);
}

LIBWS_EXPORT struct servent FAR *WSAAPI getservbyname(const char FAR *name,
						      const char FAR *proto)
{
	struct wsl_servent *s = NULL;
	int r;

	if (!ws_started())
		return db_result(-WSANOTINITIALISED, NULL);
	if (!name)
		return db_result(-WSAEFAULT, NULL);
	r = wsres_getservbyname(name, proto, &s);
	return db_result(r, s);
}

LIBWS_EXPORT struct servent FAR *WSAAPI getservbyport(int port,
						      const char FAR *proto)
{
	struct wsl_servent *s = NULL;
	int r;

	if (!ws_started())
		return db_result(-WSANOTINITIALISED, NULL);
	r = wsres_getservbyport(port, proto, &s);
	return db_result(r, s);
}

LIBWS_EXPORT struct protoent FAR *WSAAPI getprotobyname(const char FAR *name)
{
	struct wsl_protoent *p = NULL;
	int r;

	if (!ws_started())
		return db_result(-WSANOTINITIALISED, NULL);
	if (!name)
		return db_result(-WSAEFAULT, NULL);
	r = wsres_getprotobyname(name, &p);
	return db_result(r, p);
}

LIBWS_EXPORT struct protoent FAR *WSAAPI getprotobynumber(int number)
{
	struct wsl_protoent *p = NULL;
	int r;

	if (!ws_started())
		return db_result(-WSANOTINITIALISED, NULL);
	r = wsres_getprotobynumber(number, &p);
	return db_result(r, p);
}

/*
 * getaddrinfo returns its WSA code and also sets the thread's error to it
 * (0 on success), as Windows does.
 */
LIBWS_EXPORT INT WSAAPI getaddrinfo(PCSTR pNodeName, PCSTR pServiceName,
				    const ADDRINFOA *pHints,
				    PADDRINFOA *ppResult)
{
	struct wsl_addrinfo *res = NULL;
	int r;

	if (!ws_started())
		r = WSANOTINITIALISED;
	else if (!ppResult)
		r = WSAEFAULT;
	else
		r = wsres_getaddrinfo(pNodeName, pServiceName,
				      (const struct wsl_addrinfo *)pHints,
				      &res);
	if (ppResult)
		*ppResult = (PADDRINFOA)res;
	ws_set_error(r);
	return r;
}

LIBWS_EXPORT VOID WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo)
{
	wsres_freeaddrinfo((struct wsl_addrinfo *)pAddrInfo);
}

LIBWS_EXPORT INT WSAAPI getnameinfo(const SOCKADDR *pSockaddr,
				    socklen_t SockaddrLength,
				    PCHAR pNodeBuffer, DWORD NodeBufferSize,
				    PCHAR pServiceBuffer,
				    DWORD ServiceBufferSize, INT Flags)
{
	int r;

	if (!ws_started())
		r = WSANOTINITIALISED;
	else
		r = wsres_getnameinfo(pSockaddr, SockaddrLength, pNodeBuffer,
				      NodeBufferSize, pServiceBuffer,
				      ServiceBufferSize, Flags);
	ws_set_error(r);
	return r;
}

/* The message of a getaddrinfo/getnameinfo error code (EAI_* = WSA*). */
const char *ws_gai_message(int ecode)
{
	switch (ecode) {
	case 0:
		return "Success";
	case EAI_AGAIN:
		return "This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server.";
	case EAI_BADFLAGS:
		return "An invalid argument was supplied.";
	case EAI_FAIL:
		return "A non-recoverable error occurred during a database lookup.";
	case EAI_FAMILY:
		return "An address incompatible with the requested protocol was used.";
	case EAI_MEMORY:
		return "Not enough memory resources are available to process this command.";
	case EAI_NONAME:
		return "No such host is known.";
	case EAI_SERVICE:
		return "The specified class was not found.";
	case EAI_SOCKTYPE:
		return "The support for the specified socket type does not exist in this address family.";
	case WSANO_DATA:
		return "The requested name is valid, but no data of the requested type was found.";
	case WSANOTINITIALISED:
		return "Either the application has not called WSAStartup, or WSAStartup failed.";
	case WSAEFAULT:
		return "The system detected an invalid pointer address in attempting to use a pointer argument in a call.";
	default:
		return "Unknown error.";
	}
}

LIBWS_EXPORT char *WSAAPI gai_strerrorA(int ecode)
{
	return (char *)ws_gai_message(ecode);
}
