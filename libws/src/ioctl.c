// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * WSAIoctl: the socket and protocol controls of Windows Sockets 2.
 *
 * Each code behaves as Wine's conformance tests record Windows
 * (dlls/ws2_32/tests/sock.c, named at each code), where the specification
 * is silent or says otherwise:
 *  - lpcbBytesReturned NULL is WSAEFAULT, with or without an OVERLAPPED;
 *  - a code Windows answers at once returns 0 and writes
 *    *lpcbBytesReturned even with an OVERLAPPED, which it then completes
 *    anyway, with 0 bytes (the completion routine runs at the next
 *    alertable wait with error 0 and 0 bytes);
 *  - a code Windows handles asynchronously (an unsupported one,
 *    SIO_BASE_HANDLE with an OVERLAPPED, SIO_GET_INTERFACE_LIST) returns
 *    SOCKET_ERROR with WSA_IO_PENDING when given an OVERLAPPED, and
 *    reports its result through the completion only; without one it
 *    fails or succeeds at once;
 *  - a code that fails on its arguments fails at once, with or without an
 *    OVERLAPPED, which it leaves alone.
 * Completions go through the ws module (ws_ov_complete), as every
 * overlapped operation's do.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>

#include "internal.h"
#include "layout.h"

_Static_assert(sizeof(SOCKET_ADDRESS) == sizeof(struct wsl_socket_address) &&
	       offsetof(SOCKET_ADDRESS_LIST, Address) ==
	       offsetof(struct wsl_socket_address_list, Address) &&
	       offsetof(SOCKET_ADDRESS, iSockaddrLength) ==
	       offsetof(struct wsl_socket_address, iSockaddrLength),
	       "SOCKET_ADDRESS_LIST mirror");
_Static_assert(sizeof(INTERFACE_INFO) == sizeof(struct wsl_interface_info) &&
	       offsetof(INTERFACE_INFO, iiBroadcastAddress) ==
	       offsetof(struct wsl_interface_info, iiBroadcastAddress) &&
	       sizeof(sockaddr_gen) == WSL_SOCKADDR_GEN_LEN &&
	       IFF_UP == WSL_IFF_UP && IFF_BROADCAST == WSL_IFF_BROADCAST &&
	       IFF_LOOPBACK == WSL_IFF_LOOPBACK &&
	       IFF_POINTTOPOINT == WSL_IFF_POINTTOPOINT &&
	       IFF_MULTICAST == WSL_IFF_MULTICAST, "INTERFACE_INFO mirror");

/* NTSTATUS values of completions (uapi WS_STATUS_*, Windows' numbers). */
#define STATUS_OK			0x00000000u
#define STATUS_BUFFER_TOO_SMALL		0xC0000023u
#define STATUS_NOT_SUPPORTED		0xC00000BBu

/* One WSAIoctl call. */
struct ioctl_call {
	int			fd;
	unsigned int		flags;	/* the socket's WS_ENT_* */
	void			*in;
	DWORD			inlen;
	void			*out;
	DWORD			outlen;
	LPDWORD			ret;	/* lpcbBytesReturned, not NULL */
	LPWSAOVERLAPPED		ov;
	LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
};

static int stream(const struct ioctl_call *c)
{
	return !!(c->flags & WS_ENT_STREAM);
}

static int put_ret(const struct ioctl_call *c, DWORD n)
{
	return wsys_copy_out(c->ret, &n, sizeof(n));
}

/* A failure at once; *lpcbBytesReturned set to @n unless it is -1. */
static int failed(const struct ioctl_call *c, int err, long long n)
{
	if (n >= 0 && put_ret(c, (DWORD)n) < 0)
		err = -WSAEFAULT;
	if (err == -EBADF)
		err = -WSAENOTSOCK;
	return ws_fail(err);
}

/*
 * A success at once, with @n bytes of output (-1: *lpcbBytesReturned
 * left alone); an OVERLAPPED still gets its completion, with 0 bytes.
 */
static int done(const struct ioctl_call *c, long long n)
{
	if (n >= 0 && put_ret(c, (DWORD)n) < 0)
		return ws_fail(-WSAEFAULT);
	if (c->ov)
		return ws_ov_complete(c->fd, (uintptr_t)c->ov,
				      (uintptr_t)c->routine, STATUS_OK, 0);
	ws_set_error(0);
	return 0;
}

/* An asynchronous answer: WSA_IO_PENDING, the result in the completion. */
static int pending(const struct ioctl_call *c, uint32_t status, uint64_t bytes)
{
	int r = ws_ov_complete_pending(c->fd, (uintptr_t)c->ov,
				       (uintptr_t)c->routine, status, bytes);

	if (r == 0) {
		ws_set_error(WSA_IO_PENDING);
		return SOCKET_ERROR;
	}
	return r;
}

/*
 * A code Windows does not support (Wine test_unsupported_ioctls: unknown
 * codes, FIOASYNC, SIO_FLUSH): WSAEOPNOTSUPP with *lpcbBytesReturned 0,
 * or, with an OVERLAPPED, pending and completed with STATUS_NOT_SUPPORTED.
 */
static int unsupported(const struct ioctl_call *c)
{
	if (c->ov)
		return pending(c, STATUS_NOT_SUPPORTED, 0);
	return failed(c, -WSAEOPNOTSUPP, 0);
}

/* A DWORD or BOOL input of at least four bytes. */
static int get_in_u32(const struct ioctl_call *c, u_long *val)
{
	if (!c->in || c->inlen < sizeof(*val))
		return -WSAEFAULT;
	return wsys_copy_in(val, c->in, sizeof(*val));
}

/* Wine test_fionbio. */
static int do_fionbio(const struct ioctl_call *c)
{
	u_long on;
	int r = get_in_u32(c, &on);

	if (r < 0)
		return failed(c, r, -1);
	/* The output buffer is not touched, even an unreadable one. */
	r = ws_set_nonblocking(c->fd, on != 0);
	if (r < 0)
		return failed(c, r, 0);	/* WSAEINVAL under WSAEventSelect */
	return done(c, 0);
}

/* Wine test_fionread_siocatmark: a u_long out, or WSAEFAULT untouched. */
static int do_fionread_atmark(const struct ioctl_call *c, int atmark)
{
	u_long val;
	int v, r;

	if (!c->out || c->outlen < sizeof(val))
		return failed(c, -WSAEFAULT, -1);
	r = atmark ? wsys_atmark(c->fd, &v) : wsys_nread(c->fd, &v);
	if (r < 0)
		return failed(c, r, -1);
	val = atmark ? (v ? TRUE : FALSE) : (u_long)v;
	r = wsys_copy_out(c->out, &val, sizeof(val));
	if (r < 0)
		return failed(c, r, -1);
	return done(c, sizeof(val));
}

/* Milliseconds, rounded up to Linux's whole seconds (at most 32767). */
static int keepalive_secs(ULONG ms)
{
	ULONG secs = ms / 1000 + (ms % 1000 != 0);

	return secs > 32767 ? 32767 : (int)secs;
}

/*
 * SIO_KEEPALIVE_VALS: SO_KEEPALIVE, TCP_KEEPALIVE and TCP_KEEPINTVL at
 * once (times of 0 leave the socket's). Wine test_keepalive_vals: a
 * short or NULL input is WSAEFAULT with *lpcbBytesReturned 0 (left alone
 * with an OVERLAPPED, whose Internal is STATUS_PENDING then); with an
 * OVERLAPPED a success leaves *lpcbBytesReturned alone too.
 */
static int do_keepalive_vals(const struct ioctl_call *c)
{
	struct tcp_keepalive ka;
	int on, secs, r;
	ULONG_PTR st = STATUS_PENDING;

	if (c->ov && wsys_copy_out(&c->ov->Internal, &st, sizeof(st)) < 0)
		return failed(c, -WSAEFAULT, -1);
	if (!c->in || c->inlen < sizeof(ka))
		return failed(c, -WSAEFAULT, c->ov ? -1 : 0);
	r = wsys_copy_in(&ka, c->in, sizeof(ka));
	if (r < 0)
		return failed(c, r, c->ov ? -1 : 0);
	if (!stream(c))
		return failed(c, -WSAEINVAL, c->ov ? -1 : 0);
	if (ka.keepalivetime) {
		secs = keepalive_secs(ka.keepalivetime);
		r = wsys_setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPALIVE, &secs,
				    sizeof(secs));
		if (r < 0)
			return failed(c, r, c->ov ? -1 : 0);
	}
	if (ka.keepaliveinterval) {
		secs = keepalive_secs(ka.keepaliveinterval);
		r = wsys_setsockopt(c->fd, IPPROTO_TCP, TCP_KEEPINTVL, &secs,
				    sizeof(secs));
		if (r < 0)
			return failed(c, r, c->ov ? -1 : 0);
	}
	on = ka.onoff != 0;
	r = wsys_setsockopt(c->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	if (r < 0)
		return failed(c, r, c->ov ? -1 : 0);
	return done(c, c->ov ? -1 : 0);
}

/*
 * Wine test_get_extension_func: the function's pointer and its size; an
 * unknown GUID is WSAEINVAL at once, OVERLAPPED or not.
 */
static int do_extension_function(const struct ioctl_call *c)
{
	uintptr_t fn;
	GUID guid;
	int r;

	if (!c->in || c->inlen < sizeof(guid) || !c->out ||
	    c->outlen < sizeof(fn))
		return failed(c, -WSAEFAULT, -1);
	r = wsys_copy_in(&guid, c->in, sizeof(guid));
	if (r < 0)
		return failed(c, r, -1);
	fn = ws_extension_function(&guid);
	if (!fn)
		return failed(c, -WSAEINVAL, -1);
	r = wsys_copy_out(c->out, &fn, sizeof(fn));
	if (r < 0)
		return failed(c, r, -1);
	return done(c, sizeof(fn));
}

/*
 * Wine test_base_handle: the socket itself (no layered provider here);
 * with an OVERLAPPED, pending and completed with STATUS_NOT_SUPPORTED,
 * nothing written.
 */
static int do_base_handle(const struct ioctl_call *c, SOCKET s)
{
	int r;

	if (c->ov)
		return pending(c, STATUS_NOT_SUPPORTED, 0);
	if (!c->out || c->outlen < sizeof(s))
		return failed(c, -WSAEFAULT, -1);
	r = wsys_copy_out(c->out, &s, sizeof(s));
	if (r < 0)
		return failed(c, r, -1);
	return done(c, sizeof(s));
}

static int addr_size(const struct ioctl_call *c)
{
	return c->flags & WS_ENT_INET6 ? (int)sizeof(SOCKADDR_IN6) :
					 (int)sizeof(SOCKADDR_IN);
}

static int addr_is_any(const SOCKADDR_STORAGE *ss)
{
	static const IN6_ADDR any6;

	if (ss->ss_family == AF_INET)
		return ((const SOCKADDR_IN *)ss)->sin_addr.s_addr == INADDR_ANY;
	return !memcmp(&((const SOCKADDR_IN6 *)ss)->sin6_addr, &any6,
		       sizeof(any6));
}

/*
 * SIO_ROUTING_INTERFACE_QUERY: the local address toward the destination
 * given, by the caller's routes. Wine test_sioRoutingInterfaceQuery: a
 * short or NULL input and the wildcard are WSAEINVAL, another family
 * WSAEAFNOSUPPORT, a NULL output WSAEFAULT (*lpcbBytesReturned alone), a
 * short one WSAEFAULT with *lpcbBytesReturned the size needed.
 */
static int do_routing_query(const struct ioctl_call *c)
{
	SOCKADDR_STORAGE dest, src;
	int size = addr_size(c), r;

	if (!c->in || (int)c->inlen < size)
		return failed(c, -WSAEINVAL, -1);
	memset(&dest, 0, sizeof(dest));
	r = wsys_copy_in(&dest, c->in, size);
	if (r < 0)
		return failed(c, r, -1);
	if (dest.ss_family != (c->flags & WS_ENT_INET6 ? AF_INET6 : AF_INET))
		return failed(c, -WSAEAFNOSUPPORT, -1);
	if (addr_is_any(&dest))
		return failed(c, -WSAEINVAL, -1);
	if (!c->out)
		return failed(c, -WSAEFAULT, -1);
	if ((int)c->outlen < size)
		return failed(c, -WSAEFAULT, size);
	r = wsnet_route_source(&dest, size, &src, sizeof(src));
	if (r < 0)
		return failed(c, r, -1);
	r = wsys_copy_out(c->out, &src, size);
	if (r < 0)
		return failed(c, r, -1);
	return done(c, size);
}

/*
 * SIO_ADDRESS_LIST_QUERY: the socket family's addresses of the
 * interfaces that are up, loopback ones aside. Wine
 * test_address_list_query: no buffer, or a room of 0 or shorter than the
 * list, is WSAEFAULT with *lpcbBytesReturned the size needed and the
 * buffer untouched; a room too short for the list's count is WSAEINVAL
 * with *lpcbBytesReturned 0; OVERLAPPED or not.
 */
static int do_address_list(const struct ioctl_call *c)
{
	void *list = NULL;
	ssize_t size;
	int r;

	size = wsnet_address_list(!!(c->flags & WS_ENT_INET6),
				  (uintptr_t)c->out, &list);
	if (size < 0)
		return failed(c, (int)size, -1);
	if (!c->out || !c->outlen)
		r = -WSAEFAULT;
	else if (c->outlen < offsetof(SOCKET_ADDRESS_LIST, Address))
		r = -WSAEINVAL;
	else if (c->outlen < (size_t)size)
		r = -WSAEFAULT;
	else
		r = wsys_copy_out(c->out, list, size);
	free(list);
	if (r == -WSAEINVAL)
		return failed(c, r, 0);
	if (r < 0)
		return failed(c, r, size);
	return done(c, size);
}

/*
 * SIO_GET_INTERFACE_LIST: an INTERFACE_INFO per IPv4 address. Wine
 * test_get_interface_list: too short a room is WSAEFAULT with
 * *lpcbBytesReturned 0; with an OVERLAPPED Windows always answers later:
 * pending, completed with the size (or STATUS_BUFFER_TOO_SMALL and 0),
 * *lpcbBytesReturned left alone.
 */
static int do_interface_list(const struct ioctl_call *c)
{
	void *info = NULL;
	ssize_t size;
	int r;

	size = wsnet_interface_list(&info);
	if (size < 0)
		return failed(c, (int)size, -1);
	if (!c->out || c->outlen < (size_t)size)
		r = -WSAEFAULT;
	else
		r = wsys_copy_out(c->out, info, size);
	free(info);
	if (c->ov)
		return r < 0 ? pending(c, STATUS_BUFFER_TOO_SMALL, 0) :
			       pending(c, STATUS_OK, (uint64_t)size);
	if (r < 0)
		return failed(c, r, 0);
	return done(c, size);
}

/* SIO_GET_BROADCAST_ADDRESS: 255.255.255.255, for IPv4 datagrams. */
static int do_broadcast_address(const struct ioctl_call *c)
{
	SOCKADDR_IN sin;
	int r;

	if ((c->flags & WS_ENT_INET6) || stream(c))
		return failed(c, -WSAEINVAL, 0);
	if (!c->out || c->outlen < sizeof(sin))
		return failed(c, -WSAEFAULT, -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = INADDR_BROADCAST;
	r = wsys_copy_out(c->out, &sin, sizeof(sin));
	if (r < 0)
		return failed(c, r, -1);
	return done(c, sizeof(sin));
}

/*
 * SIO_UDP_CONNRESET: whether an ICMP error on a connected UDP socket fails
 * the next recv with WSAECONNRESET (TRUE, Windows' default).
 */
static int do_udp_connreset(const struct ioctl_call *c)
{
	u_long on;
	int val, r = get_in_u32(c, &on);

	if (r < 0)
		return failed(c, r, 0);
	if (stream(c))
		return failed(c, -WSAEINVAL, 0);
	val = on != 0;
	r = wsys_setsockopt(c->fd, WSL_SOL_WS, WSL_WSO_UDP_CONNRESET, &val,
			    sizeof(val));
	if (r < 0)
		return failed(c, r, 0);
	return done(c, 0);
}

/*
 * SIO_IDEAL_SEND_BACKLOG_QUERY: the module's estimate for a connected TCP
 * socket. Wine test_backlog_query: WSAENOTCONN unconnected, WSAEOPNOTSUPP
 * (an unsupported code) on UDP.
 */
static int do_send_backlog(const struct ioctl_call *c)
{
	ULONG isb;
	int len = sizeof(isb), r;

	if (!stream(c))
		return unsupported(c);
	if (!c->out || c->outlen < sizeof(isb))
		return failed(c, -WSAEFAULT, -1);
	r = wsys_getsockopt(c->fd, WSL_SOL_WS, WSL_WSO_IDEAL_SEND_BACKLOG,
			    &isb, &len);
	if (r < 0)
		return failed(c, r, -1);
	r = wsys_copy_out(c->out, &isb, sizeof(isb));
	if (r < 0)
		return failed(c, r, -1);
	return done(c, sizeof(isb));
}

/*
 * SIO_MULTIPOINT_LOOPBACK and SIO_MULTICAST_SCOPE on an IP datagram
 * socket: IP_MULTICAST_LOOP and IP_MULTICAST_TTL (or their IPv6
 * equivalents), which is what they mean for IP multicast.
 */
static int do_multicast(const struct ioctl_call *c, int scope)
{
	int inet6 = !!(c->flags & WS_ENT_INET6), level, name, val, r;
	u_long in;

	r = get_in_u32(c, &in);
	if (r < 0)
		return failed(c, r, 0);
	if (stream(c))
		return failed(c, -WSAEINVAL, 0);
	level = inet6 ? IPPROTO_IPV6 : IPPROTO_IP;
	if (scope)
		name = inet6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL;
	else
		name = inet6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP;
	val = scope ? (int)in : in != 0;
	r = wsys_setsockopt(c->fd, level, name, &val, sizeof(val));
	if (r < 0)
		return failed(c, r, 0);
	return done(c, 0);
}

LIBWS_EXPORT int WSAAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode,
				 LPVOID lpvInBuffer, DWORD cbInBuffer,
				 LPVOID lpvOutBuffer, DWORD cbOutBuffer,
				 LPDWORD lpcbBytesReturned,
				 LPWSAOVERLAPPED lpOverlapped,
				 LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
	struct ioctl_call c = {
		.in = lpvInBuffer, .inlen = cbInBuffer,
		.out = lpvOutBuffer, .outlen = cbOutBuffer,
		.ret = lpcbBytesReturned, .ov = lpOverlapped,
		.routine = lpCompletionRoutine,
	};

	c.fd = ws_sock_fd((uintptr_t)s, &c.flags);
	if (c.fd < 0)
		return ws_fail(c.fd);
	/* Every code, OVERLAPPED or not (Wine's ioctl tests). */
	if (!lpcbBytesReturned)
		return ws_fail(-WSAEFAULT);

	switch (dwIoControlCode) {
	case (DWORD)FIONBIO:
		return do_fionbio(&c);
	case (DWORD)FIONREAD:
		return do_fionread_atmark(&c, 0);
	case (DWORD)SIOCATMARK:
		return do_fionread_atmark(&c, 1);
	case SIO_KEEPALIVE_VALS:
		return do_keepalive_vals(&c);
	case SIO_GET_EXTENSION_FUNCTION_POINTER:
		return do_extension_function(&c);
	case SIO_BASE_HANDLE:
		return do_base_handle(&c, s);
	case SIO_ROUTING_INTERFACE_QUERY:
		return do_routing_query(&c);
	case SIO_ADDRESS_LIST_QUERY:
		return do_address_list(&c);
	case SIO_GET_INTERFACE_LIST:
		return do_interface_list(&c);
	case SIO_GET_BROADCAST_ADDRESS:
		return do_broadcast_address(&c);
	case SIO_UDP_CONNRESET:
		return do_udp_connreset(&c);
	case SIO_IDEAL_SEND_BACKLOG_QUERY:
		return do_send_backlog(&c);
	case SIO_MULTIPOINT_LOOPBACK:
		return do_multicast(&c, 0);
	case SIO_MULTICAST_SCOPE:
		return do_multicast(&c, 1);
	case SIO_ENABLE_CIRCULAR_QUEUEING:
		/*
		 * Wine test_circular_queueing: accepted on UDP. Linux keeps
		 * the oldest datagrams when the queue is full (see README).
		 */
		if (stream(&c))
			return failed(&c, -WSAEINVAL, 0);
		return done(&c, 0);
	case SIO_ASSOCIATE_HANDLE:
	case SIO_TRANSLATE_HANDLE:
	case SIO_GET_QOS:
	case SIO_SET_QOS:
	case SIO_GET_GROUP_QOS:
	case SIO_SET_GROUP_QOS:
		/* The specification: no companion interface, no QOS here. */
		return failed(&c, -WSAENOPROTOOPT, 0);
	case SIO_ADDRESS_LIST_CHANGE:
	case SIO_ROUTING_INTERFACE_CHANGE:
		/*
		 * Wine test_sioAddressListChange: a nonblocking socket without
		 * an OVERLAPPED would block. Waiting for a change is not done.
		 */
		if (!c.ov && (c.flags & WS_ENT_NONBLOCK))
			return failed(&c, -WSAEWOULDBLOCK, -1);
		return unsupported(&c);
	default:
		return unsupported(&c);
	}
}
