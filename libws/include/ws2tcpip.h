/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ws2tcpip.h for libws: protocol-independent name resolution (getaddrinfo,
 * getnameinfo), inet_pton/inet_ntop and the IPv6 helpers, with Windows
 * values for every constant (AI_*, NI_*, EAI_* are Windows', and the EAI_*
 * codes are WSA error codes). It includes ws2ipdef.h (the IP-level option
 * names and structures), as Windows' does. See winsock2.h for how the
 * names that glibc also uses are kept apart.
 */
#ifndef _WS2TCPIP_H_
#define _WS2TCPIP_H_

#include <winsock2.h>
#include <ws2ipdef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Windows' socklen_t is an int. glibc's is unsigned: if a glibc header
 * defined it before this one, Windows' is declared under another name and
 * socklen_t is a macro for it in this file.
 */
#ifdef __socklen_t_defined
#define socklen_t	ws_socklen_t
#else
#define __socklen_t_defined
#endif
typedef int		socklen_t;

#define INET_ADDRSTRLEN		22
#define INET6_ADDRSTRLEN	65

#define IN6ADDR_ANY_INIT	{ { { 0 } } }
#define IN6ADDR_LOOPBACK_INIT	{ { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } }

WINSOCK_API_LINKAGE const struct in6_addr in6addr_any
	__WS_SYMBOL(ws_in6addr_any);
WINSOCK_API_LINKAGE const struct in6_addr in6addr_loopback
	__WS_SYMBOL(ws_in6addr_loopback);

static inline BOOL IN6_ADDR_EQUAL(const struct in6_addr *a,
				  const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static inline BOOL IN6_IS_ADDR_UNSPECIFIED(const struct in6_addr *a)
{
	return IN6_ADDR_EQUAL(a, &in6addr_any);
}

static inline BOOL IN6_IS_ADDR_LOOPBACK(const struct in6_addr *a)
{
	return IN6_ADDR_EQUAL(a, &in6addr_loopback);
}

static inline BOOL IN6_IS_ADDR_MULTICAST(const struct in6_addr *a)
{
	return a->s6_bytes[0] == 0xff;
}

static inline BOOL IN6_IS_ADDR_LINKLOCAL(const struct in6_addr *a)
{
	return a->s6_bytes[0] == 0xfe && (a->s6_bytes[1] & 0xc0) == 0x80;
}

static inline BOOL IN6_IS_ADDR_SITELOCAL(const struct in6_addr *a)
{
	return a->s6_bytes[0] == 0xfe && (a->s6_bytes[1] & 0xc0) == 0xc0;
}

static inline BOOL IN6_IS_ADDR_V4MAPPED(const struct in6_addr *a)
{
	return a->s6_words[0] == 0 && a->s6_words[1] == 0 &&
	       a->s6_words[2] == 0 && a->s6_words[3] == 0 &&
	       a->s6_words[4] == 0 && a->s6_words[5] == 0xffff;
}

static inline BOOL IN6_IS_ADDR_V4COMPAT(const struct in6_addr *a)
{
	return a->s6_words[0] == 0 && a->s6_words[1] == 0 &&
	       a->s6_words[2] == 0 && a->s6_words[3] == 0 &&
	       a->s6_words[4] == 0 && a->s6_words[5] == 0 &&
	       !(a->s6_words[6] == 0 && a->s6_bytes[14] == 0 &&
		 (a->s6_bytes[15] == 0 || a->s6_bytes[15] == 1));
}

/* getaddrinfo. Note the member order: ai_canonname comes before ai_addr. */
typedef struct addrinfo {
	int			ai_flags;
	int			ai_family;
	int			ai_socktype;
	int			ai_protocol;
	size_t			ai_addrlen;
	char			*ai_canonname;
	struct sockaddr		*ai_addr;
	struct addrinfo		*ai_next;
} ADDRINFOA, *PADDRINFOA;
typedef ADDRINFOA		ADDRINFO, FAR *LPADDRINFO;

/* GetAddrInfoW's list: as ADDRINFOA, with a wide canonical name. */
typedef struct addrinfoW {
	int			ai_flags;
	int			ai_family;
	int			ai_socktype;
	int			ai_protocol;
	size_t			ai_addrlen;
	PWSTR			ai_canonname;
	struct sockaddr		*ai_addr;
	struct addrinfoW	*ai_next;
} ADDRINFOW, *PADDRINFOW;

#ifdef UNICODE
typedef ADDRINFOW		ADDRINFOT, *PADDRINFOT;
#else
typedef ADDRINFOA		ADDRINFOT, *PADDRINFOT;
#endif

#define AI_PASSIVE			0x00000001
#define AI_CANONNAME			0x00000002
#define AI_NUMERICHOST			0x00000004
#define AI_NUMERICSERV			0x00000008
#define AI_DNS_ONLY			0x00000010
#define AI_ALL				0x00000100
#define AI_ADDRCONFIG			0x00000400
#define AI_V4MAPPED			0x00000800
#define AI_NON_AUTHORITATIVE		0x00004000
#define AI_SECURE			0x00008000
#define AI_RETURN_PREFERRED_NAMES	0x00010000
#define AI_FQDN				0x00020000
#define AI_FILESERVER			0x00040000
#define AI_DISABLE_IDN_ENCODING		0x00080000

#define EAI_AGAIN		WSATRY_AGAIN
#define EAI_BADFLAGS		WSAEINVAL
#define EAI_FAIL		WSANO_RECOVERY
#define EAI_FAMILY		WSAEAFNOSUPPORT
#define EAI_MEMORY		WSA_NOT_ENOUGH_MEMORY
#define EAI_NOSECURENAME	WSA_SECURE_HOST_NOT_FOUND
#define EAI_NONAME		WSAHOST_NOT_FOUND
#define EAI_SERVICE		WSATYPE_NOT_FOUND
#define EAI_SOCKTYPE		WSAESOCKTNOSUPPORT
#define EAI_IPSECPOLICY		WSA_IPSEC_NAME_POLICY_ERROR
#define EAI_NODATA		EAI_NONAME
#define WSA_SECURE_HOST_NOT_FOUND	11032L
#define WSA_IPSEC_NAME_POLICY_ERROR	11033L

#define NI_MAXHOST		1025
#define NI_MAXSERV		32
#define NI_NOFQDN		0x01
#define NI_NUMERICHOST		0x02
#define NI_NAMEREQD		0x04
#define NI_NUMERICSERV		0x08
#define NI_DGRAM		0x10

WINSOCK_API_LINKAGE INT WSAAPI getaddrinfo(PCSTR pNodeName,
					   PCSTR pServiceName,
					   const ADDRINFOA *pHints,
					   PADDRINFOA *ppResult)
	__WS_SYMBOL(ws_getaddrinfo);
WINSOCK_API_LINKAGE VOID WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo)
	__WS_SYMBOL(ws_freeaddrinfo);
WINSOCK_API_LINKAGE INT WSAAPI getnameinfo(const SOCKADDR *pSockaddr,
					   socklen_t SockaddrLength,
					   PCHAR pNodeBuffer,
					   DWORD NodeBufferSize,
					   PCHAR pServiceBuffer,
					   DWORD ServiceBufferSize, INT Flags)
	__WS_SYMBOL(ws_getnameinfo);
WINSOCK_API_LINKAGE char *WSAAPI gai_strerrorA(int ecode);
/*
 * The message in a buffer of the calling thread, overwritten by its next
 * call (Windows' header uses one static buffer for every thread).
 */
WINSOCK_API_LINKAGE WCHAR *WSAAPI gai_strerrorW(int ecode);
#ifdef UNICODE
#define gai_strerror	gai_strerrorW
#else
#define gai_strerror	gai_strerrorA
#endif

/*
 * The wide (UTF-32 WCHAR) forms; the A names are the Berkeley functions,
 * and the generic names follow UNICODE, as in Windows' header. A list
 * from GetAddrInfoW is freed with FreeAddrInfoW, never freeaddrinfo.
 */
#define GetAddrInfoA	getaddrinfo
#define FreeAddrInfoA	freeaddrinfo
#define GetNameInfoA	getnameinfo
WINSOCK_API_LINKAGE INT WSAAPI GetAddrInfoW(PCWSTR pNodeName,
					    PCWSTR pServiceName,
					    const ADDRINFOW *pHints,
					    PADDRINFOW *ppResult);
WINSOCK_API_LINKAGE VOID WSAAPI FreeAddrInfoW(PADDRINFOW pAddrInfo);
WINSOCK_API_LINKAGE INT WSAAPI GetNameInfoW(const SOCKADDR *pSockaddr,
					    socklen_t SockaddrLength,
					    PWCHAR pNodeBuffer,
					    DWORD NodeBufferSize,
					    PWCHAR pServiceBuffer,
					    DWORD ServiceBufferSize, INT Flags);
#ifdef UNICODE
#define GetAddrInfo	GetAddrInfoW
#define FreeAddrInfo	FreeAddrInfoW
#define GetNameInfo	GetNameInfoW
#else
#define GetAddrInfo	GetAddrInfoA
#define FreeAddrInfo	FreeAddrInfoA
#define GetNameInfo	GetNameInfoA
#endif

WINSOCK_API_LINKAGE INT WSAAPI inet_pton(INT Family, PCSTR pszAddrString,
					 PVOID pAddrBuf)
	__WS_SYMBOL(ws_inet_pton);
WINSOCK_API_LINKAGE PCSTR WSAAPI inet_ntop(INT Family, const VOID *pAddr,
					   PSTR pStringBuf,
					   size_t StringBufSize)
	__WS_SYMBOL(ws_inet_ntop);
#define InetPtonA	inet_pton
#define InetNtopA	inet_ntop
WINSOCK_API_LINKAGE INT WSAAPI InetPtonW(INT Family, PCWSTR pszAddrString,
					 PVOID pAddrBuf);
WINSOCK_API_LINKAGE PCWSTR WSAAPI InetNtopW(INT Family, const VOID *pAddr,
					    PWSTR pStringBuf,
					    size_t StringBufSize);
#ifdef UNICODE
#define InetPton	InetPtonW
#define InetNtop	InetNtopW
#else
#define InetPton	InetPtonA
#define InetNtop	InetNtopA
#endif

/* The wrappers of the ideal send backlog codes that Windows' header has. */
static inline int idealsendbacklogquery(SOCKET s, ULONG *pISB)
{
	DWORD bytes;

	return WSAIoctl(s, SIO_IDEAL_SEND_BACKLOG_QUERY, NULL, 0, pISB,
			sizeof(*pISB), &bytes, NULL, NULL);
}

static inline int idealsendbacklognotify(SOCKET s,
		LPWSAOVERLAPPED lpOverlapped,
		LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	DWORD bytes;

	return WSAIoctl(s, SIO_IDEAL_SEND_BACKLOG_CHANGE, NULL, 0, NULL, 0,
			&bytes, lpOverlapped, lpCompletionRoutine);
}

#ifdef __cplusplus
}
#endif

#endif /* _WS2TCPIP_H_ */
