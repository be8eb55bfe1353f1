// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one translation of Linux errors into Windows Sockets error codes.
 *
 * ws_errno_to_wsa() covers every code of the specification's error tables
 * that has a Berkeley equivalent (a published list of the Winsock codes
 * with their Berkeley equivalents gives the pairs, a WSAGetLastError list
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

/*
 * Overlapped results carry Windows' NTSTATUS (the module stores them in the
 * OVERLAPPED's Internal). WSAGetOverlappedResult and a completion routine
 * report the Winsock code, as ws2_32 maps them (Wine's conformance test
 * test_WSAGetOverlappedResult records the table on Windows; every status
 * it does not list is WSAEINVAL); GetOverlappedResult and
 * GetQueuedCompletionStatus report the Win32 code of RtlNtStatusToDosError.
 */
#define ST_PENDING			0x00000103u
#define ST_UNSUCCESSFUL			0xC0000001u
#define ST_BUFFER_OVERFLOW		0x80000005u
#define ST_NOT_IMPLEMENTED		0xC0000002u
#define ST_ACCESS_VIOLATION		0xC0000005u
#define ST_INVALID_HANDLE		0xC0000008u
#define ST_INVALID_PARAMETER		0xC000000Du
#define ST_NO_MEMORY			0xC0000017u
#define ST_ACCESS_DENIED		0xC0000022u
#define ST_BUFFER_TOO_SMALL		0xC0000023u
#define ST_OBJECT_TYPE_MISMATCH		0xC0000024u
#define ST_SHARING_VIOLATION		0xC0000043u
#define ST_INSUFFICIENT_RESOURCES	0xC000009Au
#define ST_DEVICE_NOT_READY		0xC00000A3u
#define ST_PIPE_DISCONNECTED		0xC00000B0u
#define ST_IO_TIMEOUT			0xC00000B5u
#define ST_NOT_SUPPORTED		0xC00000BBu
#define ST_REMOTE_NOT_LISTENING		0xC00000BCu
#define ST_BAD_NETWORK_PATH		0xC00000BEu
#define ST_CANCELLED			0xC0000120u
#define ST_INVALID_CONNECTION		0xC0000140u
#define ST_INVALID_ADDRESS		0xC0000141u
#define ST_ADDRESS_ALREADY_EXISTS	0xC000020Au
#define ST_CONNECTION_DISCONNECTED	0xC000020Cu
#define ST_CONNECTION_RESET		0xC000020Du
#define ST_CONNECTION_REFUSED		0xC0000236u
#define ST_GRACEFUL_DISCONNECT		0xC0000237u
#define ST_CONNECTION_ACTIVE		0xC000023Bu
#define ST_NETWORK_UNREACHABLE		0xC000023Cu
#define ST_HOST_UNREACHABLE		0xC000023Du
#define ST_PROTOCOL_UNREACHABLE		0xC000023Eu
#define ST_PORT_UNREACHABLE		0xC000023Fu
#define ST_REQUEST_ABORTED		0xC0000240u
#define ST_CONNECTION_ABORTED		0xC0000241u
#define ST_HOST_DOWN			0xC0000350u

/**
 * ws_ntstatus_to_wsa() - the Winsock code of an overlapped result
 * @status: an NTSTATUS
 *
 * Return: 0 for a success status, else the WSA error code.
 */
int ws_ntstatus_to_wsa(uint32_t status)
{
	switch (status) {
	case ST_PENDING:		return WSA_IO_INCOMPLETE;
	case ST_BUFFER_OVERFLOW:	return WSAEMSGSIZE;
	case ST_NOT_IMPLEMENTED:	return WSAEOPNOTSUPP;
	case ST_ACCESS_VIOLATION:	return WSAEFAULT;
	case ST_INVALID_HANDLE:		return WSAENOTSOCK;
	case ST_NO_MEMORY:		return WSAENOBUFS;
	case ST_ACCESS_DENIED:		return WSAEACCES;
	case ST_BUFFER_TOO_SMALL:	return WSAEFAULT;
	case ST_OBJECT_TYPE_MISMATCH:	return WSAENOTSOCK;
	case ST_SHARING_VIOLATION:	return WSAEADDRINUSE;
	case ST_INSUFFICIENT_RESOURCES:	return WSAENOBUFS;
	case ST_DEVICE_NOT_READY:	return WSAEWOULDBLOCK;
	case ST_PIPE_DISCONNECTED:	return WSAESHUTDOWN;
	case ST_IO_TIMEOUT:		return WSAETIMEDOUT;
	case ST_NOT_SUPPORTED:		return WSAEOPNOTSUPP;
	case ST_REMOTE_NOT_LISTENING:	return WSAECONNREFUSED;
	case ST_BAD_NETWORK_PATH:	return WSAENETUNREACH;
	case ST_CANCELLED:		return WSA_OPERATION_ABORTED;
	case ST_INVALID_CONNECTION:	return WSAENOTCONN;
	case ST_INVALID_ADDRESS:	return WSAEADDRNOTAVAIL;
	case ST_ADDRESS_ALREADY_EXISTS:	return WSAEADDRINUSE;
	case ST_CONNECTION_DISCONNECTED:
	case ST_CONNECTION_RESET:
	case ST_PORT_UNREACHABLE:	return WSAECONNRESET;
	case ST_CONNECTION_REFUSED:	return WSAECONNREFUSED;
	case ST_GRACEFUL_DISCONNECT:	return WSAEDISCON;
	case ST_CONNECTION_ACTIVE:	return WSAEISCONN;
	case ST_NETWORK_UNREACHABLE:
	case ST_PROTOCOL_UNREACHABLE:	return WSAENETUNREACH;
	case ST_HOST_UNREACHABLE:	return WSAEHOSTUNREACH;
	case ST_REQUEST_ABORTED:	return WSAEINTR;
	case ST_CONNECTION_ABORTED:	return WSAECONNABORTED;
	case ST_HOST_DOWN:		return WSAEHOSTDOWN;
	default:
		if (!(status & 0x80000000u))
			return 0;	/* success and informational */
		return WSAEINVAL;
	}
}

/**
 * ws_ntstatus_to_win32() - RtlNtStatusToDosError for overlapped results
 * @status: an NTSTATUS
 *
 * Return: the Win32 error code (0 for STATUS_SUCCESS).
 */
int ws_ntstatus_to_win32(uint32_t status)
{
	switch (status) {
	case 0:				return 0;
	case ST_PENDING:		return ERROR_IO_PENDING;
	case ST_BUFFER_OVERFLOW:	return ERROR_MORE_DATA;
	case ST_NOT_IMPLEMENTED:	return ERROR_INVALID_FUNCTION;
	case ST_ACCESS_VIOLATION:	return ERROR_NOACCESS;
	case ST_INVALID_HANDLE:		return ERROR_INVALID_HANDLE;
	case ST_INVALID_PARAMETER:	return ERROR_INVALID_PARAMETER;
	case ST_NO_MEMORY:		return ERROR_NOT_ENOUGH_MEMORY;
	case ST_ACCESS_DENIED:		return ERROR_ACCESS_DENIED;
	case ST_BUFFER_TOO_SMALL:	return ERROR_INSUFFICIENT_BUFFER;
	case ST_SHARING_VIOLATION:	return ERROR_SHARING_VIOLATION;
	case ST_INSUFFICIENT_RESOURCES:	return ERROR_NO_SYSTEM_RESOURCES;
	case ST_DEVICE_NOT_READY:	return ERROR_NOT_READY;
	case ST_PIPE_DISCONNECTED:	return ERROR_PIPE_NOT_CONNECTED;
	case ST_IO_TIMEOUT:		return ERROR_SEM_TIMEOUT;
	case ST_NOT_SUPPORTED:		return ERROR_NOT_SUPPORTED;
	case ST_REMOTE_NOT_LISTENING:	return ERROR_REM_NOT_LIST;
	case ST_BAD_NETWORK_PATH:	return ERROR_BAD_NETPATH;
	case ST_CANCELLED:		return ERROR_OPERATION_ABORTED;
	case ST_INVALID_CONNECTION:	return ERROR_CONNECTION_INVALID;
	case ST_INVALID_ADDRESS:	return ERROR_INVALID_ADDRESS;
	case ST_ADDRESS_ALREADY_EXISTS:	return ERROR_DUP_NAME;
	case ST_CONNECTION_DISCONNECTED:
	case ST_CONNECTION_RESET:	return ERROR_NETNAME_DELETED;
	case ST_CONNECTION_REFUSED:	return ERROR_CONNECTION_REFUSED;
	case ST_GRACEFUL_DISCONNECT:	return ERROR_GRACEFUL_DISCONNECT;
	case ST_CONNECTION_ACTIVE:	return ERROR_CONNECTION_ACTIVE;
	case ST_NETWORK_UNREACHABLE:	return ERROR_NETWORK_UNREACHABLE;
	case ST_HOST_UNREACHABLE:	return ERROR_HOST_UNREACHABLE;
	case ST_PROTOCOL_UNREACHABLE:	return ERROR_PROTOCOL_UNREACHABLE;
	case ST_PORT_UNREACHABLE:	return ERROR_PORT_UNREACHABLE;
	case ST_REQUEST_ABORTED:	return ERROR_REQUEST_ABORTED;
	case ST_CONNECTION_ABORTED:	return ERROR_CONNECTION_ABORTED;
	case ST_HOST_DOWN:		return ERROR_HOST_DOWN;
	case ST_UNSUCCESSFUL:		return ERROR_GEN_FAILURE;
	default:
		return ERROR_MR_MID_NOT_FOUND;
	}
}
