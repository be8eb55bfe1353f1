// SPDX-License-Identifier: GPL-2.0
/*
 * ws: Winsock socket options.
 *
 * setsockopt/getsockopt on a ws socket take Winsock's levels, option names
 * and value layouts (uapi/linux/ws.h) and apply them to the TCP or UDP sock.
 * Values Windows reports back exactly as they were set (buffer sizes,
 * timeouts in milliseconds) are remembered in the ws socket; everything
 * else is read back from the sock, so there is one source of truth.
 *
 * Locking: SO_REUSEADDR and SO_EXCLUSIVEADDRUSE change under the address
 * table's mutex, which bind holds (bindtable.c). Fields of the sock are
 * changed through the socket layer's own setsockopt or under the socket
 * lock, and read with READ_ONCE; the values ws remembers are written with
 * WRITE_ONCE.
 */
#include <linux/tcp.h>
#include <net/tcp.h>

#include "ws.h"

/* What Windows reports for SO_MAX_MSG_SIZE. */
#define WS_UDP4_MAX_MSG		65507	/* 65535 - IPv4 header - UDP header */
#define WS_UDP6_MAX_MSG		65527	/* 65535 - UDP header */
#define WS_STREAM_MAX_MSG	0xffffffffu

void ws_sockopt_init(struct ws_sock *ws)
{
	ws->rcvbuf_set = -1;
	ws->sndbuf_set = -1;
}

/**
 * ws_parse_bool() - read a Winsock BOOL option value
 * @optval: the value
 * @optlen: its length; Windows reads a BOOL from as little as one byte
 * @first_byte: Windows reads only the first byte (SO_KEEPALIVE,
 *	SO_DONTROUTE, TCP_NODELAY: an int 0x100 is FALSE there)
 * @val: the result
 *
 * Return: 0, or -EFAULT if @optlen is 0 or the copy faults.
 */
int ws_parse_bool(sockptr_t optval, unsigned int optlen, bool first_byte,
		  bool *val)
{
	u8 buf[sizeof(int)] = { 0 };
	unsigned int i;

	if (optlen < 1)
		return -EFAULT;
	optlen = first_byte ? 1 : min_t(unsigned int, optlen, sizeof(buf));
	if (copy_from_sockptr(buf, optval, optlen))
		return -EFAULT;
	*val = false;
	for (i = 0; i < optlen; i++)
		*val |= buf[i] != 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ws_parse_bool);

static int ws_parse_int(sockptr_t optval, unsigned int optlen, int *val)
{
	if (optlen < sizeof(int))
		return -EFAULT;
	if (copy_from_sockptr(val, optval, sizeof(int)))
		return -EFAULT;
	return 0;
}

/**
 * ws_max_msg_size() - SO_MAX_MSG_SIZE for a socket type and address family
 * @type: SOCK_STREAM or SOCK_DGRAM
 * @af: WS_AF_INET or WS_AF_INET6
 *
 * Return: the largest message one send can carry.
 */
u32 ws_max_msg_size(int type, int af)
{
	if (type == SOCK_STREAM)
		return WS_STREAM_MAX_MSG;
	return af == WS_AF_INET6 ? WS_UDP6_MAX_MSG : WS_UDP4_MAX_MSG;
}
EXPORT_SYMBOL_IF_KUNIT(ws_max_msg_size);

/*
 * A Linux SOL_SOCKET option set on the sock with an int value, with the
 * socket layer's own checks (capabilities, bounds).
 */
static int ws_sock_set_int(struct ws_sock *ws, int optname, int val)
{
	return sock_setsockopt(ws->sock, SOL_SOCKET, optname,
			       KERNEL_SOCKPTR(&val), sizeof(val));
}

static int ws_set_linger(struct ws_sock *ws, bool onoff, unsigned int secs)
{
	struct linger l = { .l_onoff = onoff, .l_linger = secs };

	return sock_setsockopt(ws->sock, SOL_SOCKET, SO_LINGER,
			       KERNEL_SOCKPTR(&l), sizeof(l));
}

static unsigned int ws_linger_secs(struct sock *sk)
{
	return READ_ONCE(sk->sk_lingertime) / HZ;
}

static void ws_set_timeo(struct sock *sk, long *timeo, u32 ms)
{
	lock_sock(sk);
	WRITE_ONCE(*timeo, ms ? (long)msecs_to_jiffies(ms) : MAX_SCHEDULE_TIMEOUT);
	release_sock(sk);
}

/* Options that do not apply to the socket's type: WSAENOPROTOOPT. */
static bool ws_opt_applies(const struct ws_sock *ws, int optname)
{
	switch (optname) {
	case WS_SO_BROADCAST:
		return !ws_is_stream(ws);
	case WS_SO_LINGER:
	case WS_SO_DONTLINGER:
	case WS_SO_OOBINLINE:
	case WS_SO_KEEPALIVE:
		return ws_is_stream(ws);
	default:
		return true;
	}
}

static int ws_setsockopt_socket(struct ws_sock *ws, int optname,
				sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = ws->sk;
	struct ws_linger wl;
	bool on;
	int val, err;

	if (!ws_opt_applies(ws, optname))
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_SO_DEBUG:
		err = ws_parse_bool(optval, optlen, false, &on);
		if (err)
			return err;
		/*
		 * Any Windows user may set SO_DEBUG, and reads it back. Linux's
		 * SOCK_DBG follows only for a caller Linux itself would let set
		 * it (CAP_NET_ADMIN, as sk_setsockopt checks).
		 */
		WRITE_ONCE(ws->debug, on);
		if (!on || capable(CAP_NET_ADMIN)) {
			lock_sock(sk);
			sock_valbool_flag(sk, SOCK_DBG, on);
			release_sock(sk);
		}
		return 0;
	case WS_SO_KEEPALIVE:
	case WS_SO_DONTROUTE:
	case WS_SO_BROADCAST:
	case WS_SO_OOBINLINE:
		err = ws_parse_bool(optval, optlen, optname == WS_SO_KEEPALIVE ||
				    optname == WS_SO_DONTROUTE, &on);
		if (err)
			return err;
		val = optname == WS_SO_KEEPALIVE ? SO_KEEPALIVE :
		      optname == WS_SO_DONTROUTE ? SO_DONTROUTE :
		      optname == WS_SO_BROADCAST ? SO_BROADCAST : SO_OOBINLINE;
		return ws_sock_set_int(ws, val, on);
	case WS_SO_REUSEADDR:
	case WS_SO_EXCLUSIVEADDRUSE:
		err = ws_parse_bool(optval, optlen, false, &on);
		if (err)
			return err;
		return ws_bind_set_flags(ws, optname, on);
	case WS_SO_LINGER:
		if (optlen < sizeof(wl))
			return -EFAULT;
		if (copy_from_sockptr(&wl, optval, sizeof(wl)))
			return -EFAULT;
		return ws_set_linger(ws, wl.l_onoff, wl.l_linger);
	case WS_SO_DONTLINGER:
		err = ws_parse_bool(optval, optlen, false, &on);
		if (err)
			return err;
		return ws_set_linger(ws, !on, ws_linger_secs(sk));
	case WS_SO_RCVBUF:
	case WS_SO_SNDBUF:
		err = ws_parse_int(optval, optlen, &val);
		if (err)
			return err;
		if (val < 0)
			return -EINVAL;
		err = ws_sock_set_int(ws, optname == WS_SO_RCVBUF ?
				      SO_RCVBUF : SO_SNDBUF, val);
		if (err)
			return err;
		if (optname == WS_SO_RCVBUF)
			WRITE_ONCE(ws->rcvbuf_set, val);
		else
			WRITE_ONCE(ws->sndbuf_set, val);
		return 0;
	case WS_SO_ERROR:
		/* Windows lets SO_ERROR be set; getsockopt then reports it. */
		err = ws_parse_int(optval, optlen, &val);
		if (err)
			return err;
		WRITE_ONCE(ws->so_error, val);
		return 0;
	case WS_SO_RCVTIMEO:
	case WS_SO_SNDTIMEO:
		err = ws_parse_int(optval, optlen, &val);
		if (err)
			return err;
		if (optname == WS_SO_RCVTIMEO) {
			ws_set_timeo(sk, &sk->sk_rcvtimeo, val);
			WRITE_ONCE(ws->rcvtimeo_ms, val);
		} else {
			ws_set_timeo(sk, &sk->sk_sndtimeo, val);
			WRITE_ONCE(ws->sndtimeo_ms, val);
		}
		return 0;
	default:
		/* Unknown, get-only, or unsupported (SO_SNDLOWAT, ...). */
		return -ENOPROTOOPT;
	}
}

/**
 * ws_setsockopt() - proto_ops.setsockopt of ws sockets
 * @sock: the socket
 * @level: WS_SOL_SOCKET or WS_IPPROTO_TCP
 * @optname: a Winsock option name
 * @optval: the value
 * @optlen: its length
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno, see uapi/linux/ws.h.
 */
int ws_setsockopt(struct socket *sock, int level, int optname,
		  sockptr_t optval, unsigned int optlen)
{
	struct ws_sock *ws = ws_sk(sock);
	bool on;
	int val, err;

	might_sleep();
	if (level == WS_IPPROTO_TCP) {
		if (!ws_is_stream(ws) || optname != WS_TCP_NODELAY)
			return -ENOPROTOOPT;
		err = ws_parse_bool(optval, optlen, true, &on);
		if (err)
			return err;
		val = on;
		return ws->inet_ops->setsockopt(sock, SOL_TCP, TCP_NODELAY,
						KERNEL_SOCKPTR(&val), sizeof(val));
	}
	if (level != WS_SOL_SOCKET)
		return -EINVAL;	/* Winsock: an unknown level is WSAEINVAL */

	return ws_setsockopt_socket(ws, optname, optval, optlen);
}

/* A getsockopt value, in one of its Winsock layouts. */
union ws_optval {
	int			i;
	u32			u;
	struct ws_linger	l;
};

static int ws_getsockopt_socket(struct socket *sock, int optname,
				union ws_optval *v)
{
	struct ws_sock *ws = ws_sk(sock);
	struct sock *sk = ws->sk;
	int val;

	if (!ws_opt_applies(ws, optname))
		return -ENOPROTOOPT;

	switch (optname) {
	case WS_SO_DEBUG:
		v->i = READ_ONCE(ws->debug);
		return sizeof(int);
	case WS_SO_ACCEPTCONN:
		v->i = READ_ONCE(sk->sk_state) == TCP_LISTEN;
		return sizeof(int);
	case WS_SO_REUSEADDR:
		v->i = READ_ONCE(ws->reuseaddr);
		return sizeof(int);
	case WS_SO_EXCLUSIVEADDRUSE:
		v->i = READ_ONCE(ws->exclusive);
		return sizeof(int);
	case WS_SO_KEEPALIVE:
		v->i = sock_flag(sk, SOCK_KEEPOPEN);
		return sizeof(int);
	case WS_SO_DONTROUTE:
		v->i = sock_flag(sk, SOCK_LOCALROUTE);
		return sizeof(int);
	case WS_SO_BROADCAST:
		v->i = sock_flag(sk, SOCK_BROADCAST);
		return sizeof(int);
	case WS_SO_OOBINLINE:
		v->i = sock_flag(sk, SOCK_URGINLINE);
		return sizeof(int);
	case WS_SO_LINGER:
		v->l.l_onoff = sock_flag(sk, SOCK_LINGER);
		v->l.l_linger = min_t(unsigned int, ws_linger_secs(sk), U16_MAX);
		return sizeof(v->l);
	case WS_SO_DONTLINGER:
		v->i = !sock_flag(sk, SOCK_LINGER);
		return sizeof(int);
	case WS_SO_RCVBUF:
		val = READ_ONCE(ws->rcvbuf_set);
		v->i = val >= 0 ? val : READ_ONCE(sk->sk_rcvbuf) / 2;
		return sizeof(int);
	case WS_SO_SNDBUF:
		val = READ_ONCE(ws->sndbuf_set);
		v->i = val >= 0 ? val : READ_ONCE(sk->sk_sndbuf) / 2;
		return sizeof(int);
	case WS_SO_RCVTIMEO:
		v->u = READ_ONCE(ws->rcvtimeo_ms);
		return sizeof(u32);
	case WS_SO_SNDTIMEO:
		v->u = READ_ONCE(ws->sndtimeo_ms);
		return sizeof(u32);
	case WS_SO_ERROR:
		/* Windows keeps a failed connect's error until SO_ERROR is set
		 * or a connection succeeds; Linux clears it on read.
		 */
		val = -sock_error(sk);
		if (val && !READ_ONCE(ws->was_connected))
			WRITE_ONCE(ws->so_error, val);
		v->i = val ? val : READ_ONCE(ws->so_error);
		return sizeof(int);
	case WS_SO_TYPE:
		v->i = sock->type;
		return sizeof(int);
	case WS_SO_MAX_MSG_SIZE:
		v->u = ws_max_msg_size(sock->type, ws_af(ws));
		return sizeof(u32);
	default:
		return -ENOPROTOOPT;
	}
}

/**
 * ws_getsockopt() - proto_ops.getsockopt of ws sockets
 * @sock: the socket
 * @level: WS_SOL_SOCKET or WS_IPPROTO_TCP
 * @optname: a Winsock option name
 * @optval: where the value goes
 * @optlen: in: the room at @optval; out: the size of the value
 *
 * Context: process context, may sleep.
 * Return: 0, -EFAULT if the room is smaller than the value, -ENOPROTOOPT
 * for an unknown option.
 */
int ws_getsockopt(struct socket *sock, int level, int optname,
		  char __user *optval, int __user *optlen)
{
	struct ws_sock *ws = ws_sk(sock);
	union ws_optval v = { 0 };
	int len, size;

	might_sleep();
	if (get_user(len, optlen))
		return -EFAULT;

	if (level == WS_IPPROTO_TCP) {
		if (!ws_is_stream(ws) || optname != WS_TCP_NODELAY)
			return -ENOPROTOOPT;
		v.i = !!(tcp_sk(ws->sk)->nonagle & TCP_NAGLE_OFF);
		size = sizeof(int);
	} else if (level == WS_SOL_SOCKET) {
		size = ws_getsockopt_socket(sock, optname, &v);
		if (size < 0)
			return size;
	} else {
		return -EINVAL;	/* Winsock: an unknown level is WSAEINVAL */
	}

	if (len < size)
		return -EFAULT;
	if (copy_to_user(optval, &v, size) || put_user(size, optlen))
		return -EFAULT;
	return 0;
}
