// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The socket functions of Windows Sockets over the ws family.
 *
 * Each function checks, in this order: WSAStartup done (else
 * WSANOTINITIALISED), the SOCKET is a ws socket of this process (else
 * WSAENOTSOCK, without a system call), the caller's pointers and lengths
 * (else WSAEFAULT, before the socket call, so that nothing is consumed),
 * then makes one system call and converts its error once.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include <winsock2.h>

#include "internal.h"

/* ioctlsocket commands also accepted under their Linux numbers, in case a
 * Linux header redefined FIONBIO & co. after winsock2.h. */
#define LINUX_FIONREAD		0x541b
#define LINUX_FIONBIO		0x5421
#define LINUX_SIOCATMARK	0x8905

#define SEND_FLAGS		(MSG_OOB | MSG_DONTROUTE)
#define RECV_FLAGS		(MSG_OOB | MSG_PEEK | MSG_WAITALL)

/**
 * sock_fd() - the descriptor of a SOCKET
 * @s: the SOCKET
 * @flags: its table entry (WS_ENT_*), may be NULL
 *
 * Return: the descriptor, -WSANOTINITIALISED or -WSAENOTSOCK.
 */
static int sock_fd(SOCKET s, unsigned int *flags)
{
	unsigned int f;

	if (!ws_started())
		return -WSANOTINITIALISED;
	if (s > INT_MAX)
		return -WSAENOTSOCK;
	f = ws_table_get((int)s);
	if (!f)
		return -WSAENOTSOCK;
	if (flags)
		*flags = f;
	return (int)s;
}

int ws_sock_fd(uintptr_t s, unsigned int *flags)
{
	return sock_fd((SOCKET)s, flags);
}

/* Size of the socket addresses of a socket's family. */
static int sockaddr_size(unsigned int flags)
{
	return flags & WS_ENT_INET6 ? (int)sizeof(SOCKADDR_IN6) :
				      (int)sizeof(SOCKADDR_IN);
}

static ADDRESS_FAMILY sock_af(unsigned int flags)
{
	return flags & WS_ENT_INET6 ? AF_INET6 : AF_INET;
}

/* Reads an int the caller points to (a length argument). */
static int get_int(const int *p, int *val)
{
	if (!p)
		return -WSAEFAULT;
	return wsys_copy_in(val, p, sizeof(*val));
}

/*
 * A call that may block (accept, connect, send, recv) on a blocking socket
 * is counted in the table while it runs (ws_table_enter), so that
 * closesocket and WSACleanup know this process has a call to cancel.
 * Return: 1 (counted: call_end() after the call), 0 (a nonblocking socket:
 * nothing to count), -WSAENOTSOCK (closed meanwhile).
 */
static int call_begin(int fd, unsigned int flags, uint64_t *token)
{
	int r;

	if (flags & WS_ENT_NONBLOCK)
		return 0;
	r = ws_table_enter(fd, token);
	return r < 0 ? r : 1;
}

static void call_end(int fd, int counted)
{
	if (counted > 0)
		ws_table_leave(fd);
}

static SOCKET fail_socket(int neg)
{
	ws_fail(neg);
	return INVALID_SOCKET;
}

static int result(int r)
{
	return r < 0 ? ws_fail(r) : r;
}

static SOCKET create_socket(int af, int type, int protocol, int cloexec)
{
	unsigned int ent;
	int family, fd, r;

	if (!ws_started())
		return fail_socket(-WSANOTINITIALISED);
	/* The kernel gets af and protocol packed (WS_PROTOCOL) and type with
	 * room for Linux flags: refuse what would not survive the packing. */
	if (af < 0 || af > 0xff)
		return fail_socket(-WSAEAFNOSUPPORT);
	if (type & ~0xf)
		return fail_socket(-WSAESOCKTNOSUPPORT);
	if (protocol < 0 || protocol > 0xffff)
		return fail_socket(-WSAEPROTONOSUPPORT);
	/* Type 0: the type of the protocol, as Windows' catalog lookup
	 * finds it (Wine test_WSASocket): TCP and 0 stream, UDP datagram. */
	if (type == 0 && (protocol == 0 || protocol == IPPROTO_TCP))
		type = SOCK_STREAM;
	else if (type == 0 && protocol == IPPROTO_UDP)
		type = SOCK_DGRAM;
	family = ws_family();
	if (family < 0)
		return fail_socket(family);

	fd = wsys_socket(family, type, af, protocol, 0, cloexec);
	if (fd < 0)
		return fail_socket(fd);
	ent = (af == AF_INET6 ? WS_ENT_INET6 : 0) |
	      (type == SOCK_STREAM ? WS_ENT_STREAM : 0) |
	      (cloexec ? WS_ENT_CLOEXEC : 0);
	r = ws_table_add(fd, ent);
	if (r < 0) {
		wsys_close(fd);
		return fail_socket(r);
	}
	return (SOCKET)fd;
}

LIBWS_EXPORT SOCKET WSAAPI socket(int af, int type, int protocol)
{
	return create_socket(af, type, protocol, 0);
}

/*
 * WSASocket creates plain sockets for now: overlapped and multipoint
 * sockets, socket groups and sockets described by a WSAPROTOCOL_INFO (which
 * needs the protocol catalog) come with later issues and fail with
 * WSAEINVAL until then. WSA_FLAG_NO_HANDLE_INHERIT gives a close-on-exec
 * descriptor; WSA_FLAG_ACCESS_SYSTEM_SECURITY has no meaning without
 * Windows security descriptors and is ignored.
 */
static SOCKET wsasocket(int af, int type, int protocol, const void *info,
			GROUP g, DWORD dwFlags)
{
	const DWORD known = WSA_FLAG_OVERLAPPED | WSA_FLAG_MULTIPOINT_C_ROOT |
			    WSA_FLAG_MULTIPOINT_C_LEAF |
			    WSA_FLAG_MULTIPOINT_D_ROOT |
			    WSA_FLAG_MULTIPOINT_D_LEAF |
			    WSA_FLAG_ACCESS_SYSTEM_SECURITY |
			    WSA_FLAG_NO_HANDLE_INHERIT;
	const DWORD later = WSA_FLAG_OVERLAPPED | WSA_FLAG_MULTIPOINT_C_ROOT |
			    WSA_FLAG_MULTIPOINT_C_LEAF |
			    WSA_FLAG_MULTIPOINT_D_ROOT |
			    WSA_FLAG_MULTIPOINT_D_LEAF;

	if (!ws_started())
		return fail_socket(-WSANOTINITIALISED);
	if (info || g || (dwFlags & ~known) || (dwFlags & later))
		return fail_socket(-WSAEINVAL);
	return create_socket(af, type, protocol,
			     !!(dwFlags & WSA_FLAG_NO_HANDLE_INHERIT));
}

LIBWS_EXPORT SOCKET WSAAPI WSASocketA(int af, int type, int protocol,
				      LPWSAPROTOCOL_INFOA lpProtocolInfo,
				      GROUP g, DWORD dwFlags)
{
	return wsasocket(af, type, protocol, lpProtocolInfo, g, dwFlags);
}

LIBWS_EXPORT SOCKET WSAAPI WSASocketW(int af, int type, int protocol,
				      LPWSAPROTOCOL_INFOW lpProtocolInfo,
				      GROUP g, DWORD dwFlags)
{
	return wsasocket(af, type, protocol, lpProtocolInfo, g, dwFlags);
}

/*
 * closesocket first makes sure the descriptor is still the socket libws
 * created (a program may have closed it with close(2), and the number may
 * have been reused by a file or a socket libws did not make: WSAENOTSOCK,
 * "further references to s will fail with the error WSAENOTSOCK", and the
 * descriptor is left alone). It asks the module whether closing would have
 * to block a nonblocking socket that lingers (WSAEWOULDBLOCK, socket kept
 * open; ENOTTY here means it is no ws socket at all), then forgets the
 * descriptor, cancels the calls other threads of this process are blocked
 * in on it ("any pending blocking ... calls issued by any thread in this
 * process are canceled": they fail with WSAEINTR; ws_table_cancel()) and
 * closes it; a blocking lingering close blocks in close(2). Other
 * processes sharing the socket (fork) keep using it.
 */
LIBWS_EXPORT int WSAAPI closesocket(SOCKET s)
{
	int fd = sock_fd(s, NULL), r;

	if (fd < 0)
		return ws_fail(fd);
	r = ws_table_verify(fd);
	if (r == 0) {
		r = wsys_closecheck(fd);
		if (r == -EWOULDBLOCK)
			return ws_fail(r);
		if (r == -ENOTTY || r == -EBADF)
			r = -WSAENOTSOCK;
	}
	if (r < 0) {
		/* Not (any longer) libws's socket: forget it, close nothing. */
		ws_table_remove(fd);
		return ws_fail(-WSAENOTSOCK);
	}
	if (ws_table_remove(fd))
		ws_table_cancel(fd);
	return result(wsys_close(fd));
}

/* A sockaddr argument: present, long enough for the socket's family. */
static int check_name(const struct sockaddr *name, int namelen,
		      unsigned int flags)
{
	if (!name || namelen < sockaddr_size(flags))
		return -WSAEFAULT;
	return 0;
}

LIBWS_EXPORT int WSAAPI bind(SOCKET s, const struct sockaddr FAR *name,
			     int namelen)
{
	ADDRESS_FAMILY family;
	unsigned int flags;
	int fd = sock_fd(s, &flags), r;

	if (fd < 0)
		return ws_fail(fd);
	r = check_name(name, namelen, flags);
	if (r < 0)
		return ws_fail(r);
	r = wsys_copy_in(&family, &name->sa_family, sizeof(family));
	if (r < 0)
		return ws_fail(r);
	/* A family that is not an IP one is WSAEAFNOSUPPORT (Wine test_bind);
	 * the other IP family is "the first two bytes ... does not match the
	 * address family associated with the socket": WSAEFAULT. */
	if (family != AF_INET && family != AF_INET6)
		return ws_fail(-WSAEAFNOSUPPORT);
	if (family != sock_af(flags))
		return ws_fail(-WSAEFAULT);
	return result(wsys_bind(fd, name, namelen));
}

LIBWS_EXPORT int WSAAPI listen(SOCKET s, int backlog)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	if (backlog < 0) {
		/* SOMAXCONN_HINT(n): n, kept within 200..65535. */
		backlog = backlog == INT_MIN ? 65535 : -backlog;
		if (backlog < 200)
			backlog = 200;
		if (backlog > 65535)
			backlog = 65535;
	}
	return result(wsys_listen(fd, backlog));
}

LIBWS_EXPORT SOCKET WSAAPI accept(SOCKET s, struct sockaddr FAR *addr,
				  int FAR *addrlen)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), nfd, r, len, async, counted;
	uint64_t id, token;

	if (fd < 0)
		return fail_socket(fd);
	/* "If addr and/or addrlen are equal to NULL, then no information
	 * about the remote address ... is returned." */
	if (addr && addrlen) {
		r = get_int(addrlen, &len);
		if (r < 0 || len < sockaddr_size(flags))
			return fail_socket(-WSAEFAULT);
	} else {
		addr = NULL;
		addrlen = NULL;
	}

	/*
	 * The accepted socket has the listening socket's properties,
	 * including its WSAAsyncSelect: its messages may be posted during
	 * accept(2), so its id is registered before anyone can look it up
	 * (ws_ids_lock, see internal.h). Such a listener is nonblocking (the
	 * module refuses blocking mode while it is selected), so the lock is
	 * not held across a wait.
	 */
	async = (flags & WS_ENT_ASYNC) && (flags & WS_ENT_NONBLOCK);
	counted = call_begin(fd, flags, &token);
	if (counted < 0)
		return fail_socket(counted);
	if (async)
		ws_ids_lock();
	nfd = wsys_accept(fd, addr, addrlen, !!(flags & WS_ENT_NONBLOCK),
			  !!(flags & WS_ENT_CLOEXEC));
	call_end(fd, counted);
	r = nfd < 0 ? nfd :
	    ws_table_add(nfd, flags & (WS_ENT_INET6 | WS_ENT_STREAM |
				       WS_ENT_NONBLOCK | WS_ENT_CLOEXEC));
	if (r == 0 && async && wsys_get_id(nfd, &id) == 0)
		r = ws_table_set_id_locked(nfd, id);
	if (async)
		ws_ids_unlock();
	if (nfd >= 0 && r < 0) {
		ws_table_remove(nfd);
		wsys_close(nfd);
	}
	if (r < 0)
		return fail_socket(r);
	return (SOCKET)nfd;
}

/* Errors of a connection attempt (not of the arguments). */
static int connect_failure(int r)
{
	switch (r) {
	case -ECONNREFUSED:
	case -ETIMEDOUT:
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -ENETDOWN:
	case -EHOSTDOWN:
	case -ECONNRESET:
	case -ECONNABORTED:
		return 1;
	default:
		return 0;
	}
}

LIBWS_EXPORT int WSAAPI connect(SOCKET s, const struct sockaddr FAR *name,
				int namelen)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), r, counted;
	uint64_t token;

	if (fd < 0)
		return ws_fail(fd);
	r = check_name(name, namelen, flags);
	if (r < 0)
		return ws_fail(r);
	counted = call_begin(fd, flags, &token);
	if (counted < 0)
		return ws_fail(counted);
	ws_table_clear_bits(fd, WS_ENT_CONNECTING | WS_ENT_CONNFAILED);
	r = wsys_connect(fd, name, namelen);
	call_end(fd, counted);
	/* Remember a nonblocking connect under way, and a failed attempt:
	 * select reports the first in writefds (success) or exceptfds
	 * (failure), the second in exceptfds (Wine test_select). */
	if (r == -EWOULDBLOCK || r == -EALREADY)
		ws_table_set_bits(fd, WS_ENT_CONNECTING);
	else if ((flags & WS_ENT_STREAM) && connect_failure(r))
		ws_table_set_bits(fd, WS_ENT_CONNFAILED);
	return result(r);
}

LIBWS_EXPORT int WSAAPI send(SOCKET s, const char FAR *buf, int len, int flags)
{
	return sendto(s, buf, len, flags, NULL, 0);
}

LIBWS_EXPORT int WSAAPI sendto(SOCKET s, const char FAR *buf, int len,
			       int flags, const struct sockaddr FAR *to,
			       int tolen)
{
	unsigned int ent;
	int fd = sock_fd(s, &ent), r, counted;
	uint64_t token;

	if (fd < 0)
		return ws_fail(fd);
	if (len < 0 || (!buf && len))
		return ws_fail(-WSAEFAULT);
	if (flags & ~SEND_FLAGS)
		return ws_fail(-WSAEINVAL);
	/* "On a connection-oriented socket, the to and tolen parameters are
	 * ignored"; on a datagram socket, no address means the connected one. */
	if (ent & WS_ENT_STREAM) {
		to = NULL;
	} else if (to) {
		r = check_name(to, tolen, ent);
		if (r < 0)
			return ws_fail(r);
	}
	counted = call_begin(fd, ent, &token);
	if (counted < 0)
		return ws_fail(counted);
	r = (int)wsys_send(fd, buf, (size_t)len, flags, to, tolen);
	call_end(fd, counted);
	return result(r);
}

LIBWS_EXPORT int WSAAPI recv(SOCKET s, char FAR *buf, int len, int flags)
{
	return recvfrom(s, buf, len, flags, NULL, NULL);
}

LIBWS_EXPORT int WSAAPI recvfrom(SOCKET s, char FAR *buf, int buflen,
				 int flags, struct sockaddr FAR *from,
				 int FAR *fromlen)
{
	unsigned int ent;
	int fd = sock_fd(s, &ent), len, r, counted;
	uint64_t token;

	if (fd < 0)
		return ws_fail(fd);
	if (buflen < 0)
		return ws_fail(-WSAEINVAL);
	if (!buf && buflen)
		return ws_fail(-WSAEFAULT);
	if (flags & ~RECV_FLAGS)
		return ws_fail(-WSAEINVAL);
	/* "The from and fromlen parameters are ignored for
	 * connection-oriented sockets." */
	if ((ent & WS_ENT_STREAM) || !from) {
		from = NULL;
		fromlen = NULL;
	} else if (get_int(fromlen, &len) < 0 || len < sockaddr_size(ent)) {
		return ws_fail(-WSAEFAULT);
	}
	counted = call_begin(fd, ent, &token);
	if (counted < 0)
		return ws_fail(counted);
	r = (int)wsys_recv(fd, buf, (size_t)buflen, flags, from, fromlen);
	call_end(fd, counted);
	return result(r);
}

LIBWS_EXPORT int WSAAPI shutdown(SOCKET s, int how)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	return result(wsys_shutdown(fd, how));
}

LIBWS_EXPORT int WSAAPI ioctlsocket(SOCKET s, long cmd, u_long FAR *argp)
{
	int fd = sock_fd(s, NULL), val, r;
	u_long arg;

	if (fd < 0)
		return ws_fail(fd);
	if (!argp)
		return ws_fail(-WSAEFAULT);
	switch ((uint32_t)cmd) {
	case (uint32_t)FIONBIO:
	case LINUX_FIONBIO:
		r = wsys_copy_in(&arg, argp, sizeof(arg));
		if (r < 0)
			return ws_fail(r);
		r = wsys_set_nonblock(fd, arg != 0);
		if (r < 0)
			return ws_fail(r);
		if (arg)
			ws_table_set_bits(fd, WS_ENT_NONBLOCK);
		else
			ws_table_clear_bits(fd, WS_ENT_NONBLOCK);
		return 0;
	case (uint32_t)FIONREAD:
	case LINUX_FIONREAD:
		r = wsys_nread(fd, &val);
		if (r < 0)
			return ws_fail(r);
		arg = (u_long)val;
		break;
	case (uint32_t)SIOCATMARK:
	case LINUX_SIOCATMARK:
		/* The module answers with Winsock's sense: TRUE when no
		 * out-of-band data is waiting. */
		r = wsys_atmark(fd, &val);
		if (r < 0)
			return ws_fail(r);
		arg = val ? TRUE : FALSE;
		break;
	default:
		return ws_fail(-WSAEINVAL);
	}
	return result(wsys_copy_out(argp, &arg, sizeof(arg)));
}

/*
 * getsockopt and setsockopt pass the caller's optlen to the module, which
 * checks it: too short for the option's value is EFAULT (WSAEFAULT), an
 * unknown level EINVAL (WSAEINVAL), an unknown name ENOPROTOOPT.
 */
LIBWS_EXPORT int WSAAPI getsockopt(SOCKET s, int level, int optname,
				   char FAR *optval, int FAR *optlen)
{
	int fd = sock_fd(s, NULL), r, err, len;

	if (fd < 0)
		return ws_fail(fd);
	if (!optval || get_int(optlen, &len) < 0 || len < 0)
		return ws_fail(-WSAEFAULT);
	r = wsys_getsockopt(fd, level, optname, optval, optlen);
	if (r < 0)
		return ws_fail(r);
	/* The module reports the socket's pending errno: give its WSA code
	 * (a value that is no errno, set by the application, stays). */
	if (level == SOL_SOCKET && optname == SO_ERROR) {
		memcpy(&err, optval, sizeof(err));
		err = ws_so_error_to_wsa(err);
		memcpy(optval, &err, sizeof(err));
	}
	return 0;
}

LIBWS_EXPORT int WSAAPI setsockopt(SOCKET s, int level, int optname,
				   const char FAR *optval, int optlen)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	if (!optval || optlen < 0)
		return ws_fail(-WSAEFAULT);
	return result(wsys_setsockopt(fd, level, optname, optval, optlen));
}

static int get_name(SOCKET s, struct sockaddr *name, int *namelen, int peer)
{
	unsigned int flags;
	int fd = sock_fd(s, &flags), len;

	if (fd < 0)
		return ws_fail(fd);
	if (!name || get_int(namelen, &len) < 0 ||
	    len < sockaddr_size(flags))
		return ws_fail(-WSAEFAULT);
	if (peer)
		return result(wsys_getpeername(fd, name, namelen));
	return result(wsys_getsockname(fd, name, namelen));
}

LIBWS_EXPORT int WSAAPI getsockname(SOCKET s, struct sockaddr FAR *name,
				    int FAR *namelen)
{
	return get_name(s, name, namelen, 0);
}

LIBWS_EXPORT int WSAAPI getpeername(SOCKET s, struct sockaddr FAR *name,
				    int FAR *namelen)
{
	return get_name(s, name, namelen, 1);
}

/* Byte order. TCP/IP's network order is big-endian; so is every socket's. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define to_net32(v)	((uint32_t)(v))
#define to_net16(v)	((uint16_t)(v))
#else
#define to_net32(v)	__builtin_bswap32((uint32_t)(v))
#define to_net16(v)	__builtin_bswap16((uint16_t)(v))
#endif

LIBWS_EXPORT u_long WSAAPI htonl(u_long hostlong)
{
	return to_net32(hostlong);
}

LIBWS_EXPORT u_short WSAAPI htons(u_short hostshort)
{
	return to_net16(hostshort);
}

LIBWS_EXPORT u_long WSAAPI ntohl(u_long netlong)
{
	return to_net32(netlong);
}

LIBWS_EXPORT u_short WSAAPI ntohs(u_short netshort)
{
	return to_net16(netshort);
}

/* The WSA variants check the socket ("the network byte order associated
 * with socket s"), then store through the caller's pointer. */
static int order_store(SOCKET s, void *out, const void *val, size_t size)
{
	int fd = sock_fd(s, NULL);

	if (fd < 0)
		return ws_fail(fd);
	if (!out)
		return ws_fail(-WSAEFAULT);
	return result(wsys_copy_out(out, val, size));
}

LIBWS_EXPORT int WSAAPI WSAHtonl(SOCKET s, u_long hostlong,
				 u_long FAR *lpnetlong)
{
	u_long v = to_net32(hostlong);

	return order_store(s, lpnetlong, &v, sizeof(v));
}

LIBWS_EXPORT int WSAAPI WSAHtons(SOCKET s, u_short hostshort,
				 u_short FAR *lpnetshort)
{
	u_short v = to_net16(hostshort);

	return order_store(s, lpnetshort, &v, sizeof(v));
}

LIBWS_EXPORT int WSAAPI WSANtohl(SOCKET s, u_long netlong,
				 u_long FAR *lphostlong)
{
	u_long v = to_net32(netlong);

	return order_store(s, lphostlong, &v, sizeof(v));
}

LIBWS_EXPORT int WSAAPI WSANtohs(SOCKET s, u_short netshort,
				 u_short FAR *lphostshort)
{
	u_short v = to_net16(netshort);

	return order_store(s, lphostshort, &v, sizeof(v));
}
