// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one translation of Linux errors into Windows Sockets error codes.
 *
 * ws_errno_to_wsa() covers every code of the specification's error tables
 * that has a Berkeley equivalent (../shared/spec 004 lists the pairs, 001
 * the rest of the 100xx range). The ws module returns the errno that
 * corresponds to the Winsock code where Winsock differs from Berkeley
 * (uapi/linux/ws.h), so the mapping is one to one; the few many-to-one
 * entries fold Linux-only errnos into their closest Winsock meaning.
 *
 * The Winsock codes without a Berkeley equivalent come from libws itself:
 * WSANOTINITIALISED, WSAVERNOTSUPPORTED and WSASYSNOTREADY from the
 * startup state, WSAHOST_NOT_FOUND, WSATRY_AGAIN, WSANO_RECOVERY,
 * WSANO_DATA and WSATYPE_NOT_FOUND from the resolver (ws_eai_to_wsa(),
 * ws_herrno_to_wsa()). An errno that no Winsock code describes becomes
 * WSASYSCALLFAILURE ("a system call that should never fail failed").
 */
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "internal.h"

/**
 * ws_errno_to_wsa() - the Winsock error code for a Linux errno
 * @err: a positive errno value, or 0
 *
 * Return: the WSA error code, 0 for 0.
 */
int ws_errno_to_wsa(int err)
{
	switch (err) {
	case 0:			return 0;
	case EINTR:		return WSAEINTR;
	case EBADF:		return WSAEBADF;
	case EPERM:		/* fall through: denied by policy */
	case EACCES:		return WSAEACCES;
	case EFAULT:		return WSAEFAULT;
	case EINVAL:		return WSAEINVAL;
	case ENFILE:		/* fall through: system-wide limit */
	case EMFILE:		return WSAEMFILE;
	case EWOULDBLOCK:	return WSAEWOULDBLOCK;	/* == EAGAIN */
	case EINPROGRESS:	return WSAEINPROGRESS;
	case EALREADY:		return WSAEALREADY;
	case ENOTSOCK:		return WSAENOTSOCK;
	case EDESTADDRREQ:	return WSAEDESTADDRREQ;
	case EMSGSIZE:		return WSAEMSGSIZE;
	case EPROTOTYPE:	return WSAEPROTOTYPE;
	case ENOPROTOOPT:	return WSAENOPROTOOPT;
	case EPROTONOSUPPORT:	return WSAEPROTONOSUPPORT;
	case ESOCKTNOSUPPORT:	return WSAESOCKTNOSUPPORT;
	case EOPNOTSUPP:	return WSAEOPNOTSUPP;	/* == ENOTSUP */
	/* Every ioctl libws makes on a SOCKET is a ws one: the descriptor
	 * is not (any longer) a ws socket. */
	case ENOTTY:		return WSAENOTSOCK;
	case EPFNOSUPPORT:	return WSAEPFNOSUPPORT;
	case EAFNOSUPPORT:	return WSAEAFNOSUPPORT;
	case EADDRINUSE:	return WSAEADDRINUSE;
	case EADDRNOTAVAIL:	return WSAEADDRNOTAVAIL;
	case ENETDOWN:		return WSAENETDOWN;
	case ENETUNREACH:	return WSAENETUNREACH;
	case ENETRESET:		return WSAENETRESET;
	case ECONNABORTED:	return WSAECONNABORTED;
	case EPIPE:		/* fall through: the connection is gone */
	case ECONNRESET:	return WSAECONNRESET;
	case ENOMEM:		/* fall through: no memory for buffers */
	case ENOBUFS:		return WSAENOBUFS;
	case EISCONN:		return WSAEISCONN;
	case ENOTCONN:		return WSAENOTCONN;
	case ESHUTDOWN:		return WSAESHUTDOWN;
	case ETOOMANYREFS:	return WSAETOOMANYREFS;
	case ETIMEDOUT:		return WSAETIMEDOUT;
	case ECONNREFUSED:	return WSAECONNREFUSED;
	case ELOOP:		return WSAELOOP;
	case ENAMETOOLONG:	return WSAENAMETOOLONG;
	case EHOSTDOWN:		return WSAEHOSTDOWN;
	case EHOSTUNREACH:	return WSAEHOSTUNREACH;
	case ENOTEMPTY:		return WSAENOTEMPTY;
	case EUSERS:		return WSAEUSERS;
	case EDQUOT:		return WSAEDQUOT;
	case ESTALE:		return WSAESTALE;
	case EREMOTE:		return WSAEREMOTE;
	/*
	 * Linux reports ICMP "host isolated" as ENONET ("machine is not on
	 * the network"): for the caller the host cannot be reached, which
	 * is WSAEHOSTUNREACH ("a socket operation was attempted to an
	 * unreachable host").
	 */
	case ENONET:		return WSAEHOSTUNREACH;
	/*
	 * EPROTO is Linux's report of an ICMP parameter problem, a peer or
	 * router refusing the packets: the spec's WSAECONNABORTED is the
	 * connection "aborted by the software in your host machine,
	 * possibly due to a data transmission timeout or protocol error".
	 */
	case EPROTO:		return WSAECONNABORTED;
	/* An operation cancelled: Winsock has its own code for that. */
	case ECANCELED:		return WSAECANCELLED;
	default:		return WSASYSCALLFAILURE;
	}
}

/**
 * ws_so_error_to_wsa() - the Winsock code for a SO_ERROR value
 * @val: what the module reported
 *
 * A Linux errno is translated; any other value (one an application stored
 * with setsockopt, as Windows allows) is returned unchanged.
 *
 * Return: the value to give the application.
 */
int ws_so_error_to_wsa(int val)
{
	if (val > 0 && val < WSABASEERR && strerrorname_np(val))
		return ws_errno_to_wsa(val);
	return val;
}

/**
 * ws_eai_to_wsa() - the Winsock error code for a getaddrinfo() result
 * @eai: glibc's EAI_* return value (0 for success)
 * @err: errno at the time, used for EAI_SYSTEM
 *
 * Windows' EAI_* constants are these WSA codes (ws2tcpip.h).
 *
 * Return: the WSA error code, 0 for 0.
 */
int ws_eai_to_wsa(int eai, int err)
{
	switch (eai) {
	case 0:			return 0;
	case EAI_BADFLAGS:	return WSAEINVAL;
	case EAI_NONAME:	return WSAHOST_NOT_FOUND;
	case EAI_AGAIN:		return WSATRY_AGAIN;
	case EAI_FAIL:		return WSANO_RECOVERY;
	case EAI_NODATA:	/* fall through: name without addresses */
	case EAI_ADDRFAMILY:	return WSANO_DATA;
	case EAI_FAMILY:	return WSAEAFNOSUPPORT;
	case EAI_SOCKTYPE:	return WSAESOCKTNOSUPPORT;
	case EAI_SERVICE:	return WSATYPE_NOT_FOUND;
	case EAI_MEMORY:	return WSA_NOT_ENOUGH_MEMORY;
	case EAI_OVERFLOW:	return WSAEFAULT;
	case EAI_INTR:		return WSAEINTR;
	case EAI_SYSTEM:
		return err ? ws_errno_to_wsa(err) : WSANO_RECOVERY;
	default:		return WSANO_RECOVERY;
	}
}

/**
 * ws_herrno_to_wsa() - the Winsock error code for a gethostby*() h_errno
 * @herr: glibc's h_errno value
 * @err: errno at the time, used for NETDB_INTERNAL
 *
 * Return: the WSA error code, 0 for NETDB_SUCCESS.
 */
int ws_herrno_to_wsa(int herr, int err)
{
	switch (herr) {
	case NETDB_SUCCESS:	return 0;
	case HOST_NOT_FOUND:	return WSAHOST_NOT_FOUND;
	case TRY_AGAIN:		return WSATRY_AGAIN;
	case NO_RECOVERY:	return WSANO_RECOVERY;
	case NO_DATA:		return WSANO_DATA;	/* == NO_ADDRESS */
	case NETDB_INTERNAL:
		return err ? ws_errno_to_wsa(err) : WSANO_RECOVERY;
	default:		return WSANO_RECOVERY;
	}
}

/**
 * ws_code_to_wsa() - the Winsock error code for an internal failure
 * @neg: -errno, or -WSAxxx for a condition libws detected itself
 *
 * Return: the WSA error code.
 */
int ws_code_to_wsa(int neg)
{
	int code = -neg;

	if (code >= WSABASEERR)
		return code;
	return ws_errno_to_wsa(code);
}

/**
 * ws_select_reply() - the lParam of a WSAAsyncSelect message
 * @lparam: the kernel's: the FD_* event in the low 16 bits, the positive
 *          errno (0: none) in the next 16 (struct ws_msg)
 *
 * Return: WSAMAKESELECTREPLY(event, WSA code): the event in the low word,
 * the Winsock error code in the high word.
 */
uint32_t ws_select_reply(uint64_t lparam)
{
	uint32_t event = (uint32_t)(lparam & 0xffff);
	int err = (int)((lparam >> 16) & 0xffff);

	return event | (uint32_t)ws_errno_to_wsa(err) << 16;
}
