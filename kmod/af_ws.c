// SPDX-License-Identifier: GPL-2.0
/*
 * ws: Winsock 2 semantics as a Linux socket family.
 *
 * This file owns the socket family: module init and exit, socket creation,
 * the callbacks installed on each lower socket, and the proto_ops of the
 * stream (TCP) and datagram (UDP) types. The object model, lifetimes and
 * lock order are described in ws.h; the userspace contract in
 * uapi/linux/ws.h.
 *
 * Readiness comes from the lower socket's callbacks: each one calls the
 * saved lower callback, then wakes the ws socket's wait queue with the
 * matching poll key. ws_poll() registers on the ws queue and asks the lower
 * socket for its mask, so no wakeup is lost and nothing polls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
#include <linux/ipv6.h>
#include <net/inet_sock.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "ws.h"

int ws_family = WS_FAMILY_DEFAULT;
module_param_named(family, ws_family, int, 0444);
MODULE_PARM_DESC(family, "socket family number of ws sockets (default 13, AF_NETBEUI)");
EXPORT_SYMBOL_IF_KUNIT(ws_family);

/* Winsock MSG_WAITALL; Winsock's MSG_OOB, MSG_PEEK, MSG_DONTROUTE are Linux's. */
#define WS_MSG_WAITALL		0x8
#define WS_SEND_FLAGS		(MSG_OOB | MSG_DONTROUTE)
#define WS_RECV_FLAGS		(MSG_OOB | MSG_PEEK | WS_MSG_WAITALL)
/* Set by the socket core, not by the caller. */
#define WS_CORE_FLAGS		(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_CMSG_COMPAT)

static struct proto ws_proto = {
	.name		= "WS",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct ws_sock),
};

/* --- addresses ----------------------------------------------------------- */

/**
 * ws_addr_from_win() - convert a Winsock socket address for the lower socket
 * @ws: the socket the address is for
 * @uaddr: the address, already copied into the kernel
 * @len: its length
 * @out: the converted address
 *
 * Return: the length of @out, -EFAULT if @len is too short for the address
 * family, -EAFNOSUPPORT if the family is not the socket's.
 */
int ws_addr_from_win(const struct ws_sock *ws, const struct sockaddr *uaddr,
		     int len, union ws_addr *out)
{
	if (len < (int)sizeof(uaddr->sa_family))
		return -EFAULT;

	switch (uaddr->sa_family) {
	case WS_AF_INET:
		if (ws->af != WS_AF_INET)
			return -EAFNOSUPPORT;
		if (len < (int)sizeof(struct sockaddr_in))
			return -EFAULT;
		memcpy(&out->sin, uaddr, sizeof(out->sin));
		out->sin.sin_family = AF_INET;
		return sizeof(out->sin);
	case WS_AF_INET6:
		if (ws->af != WS_AF_INET6)
			return -EAFNOSUPPORT;
		if (len < (int)sizeof(struct sockaddr_in6))
			return -EFAULT;
		memcpy(&out->sin6, uaddr, sizeof(out->sin6));
		out->sin6.sin6_family = AF_INET6;
		return sizeof(out->sin6);
	default:
		return -EAFNOSUPPORT;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ws_addr_from_win);

/**
 * ws_addr_to_win() - turn a lower socket address into a Winsock one in place
 * @addr: the address written by the lower socket
 * @len: its length
 *
 * Return: @len.
 */
int ws_addr_to_win(struct sockaddr *addr, int len)
{
	if (len >= (int)sizeof(addr->sa_family) && addr->sa_family == AF_INET6)
		addr->sa_family = WS_AF_INET6;
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(ws_addr_to_win);

static bool ws_addr_is_any(const union ws_addr *addr)
{
	if (addr->sa.sa_family == AF_INET)
		return addr->sin.sin_addr.s_addr == htonl(INADDR_ANY);
	return ipv6_addr_any(&addr->sin6.sin6_addr);
}

static __be16 ws_addr_port(const union ws_addr *addr)
{
	return addr->sa.sa_family == AF_INET ? addr->sin.sin_port :
					       addr->sin6.sin6_port;
}

bool ws_lower_is_bound(const struct ws_sock *ws)
{
	return READ_ONCE(inet_sk(ws_lower_sk(ws))->inet_num) != 0;
}

/* --- lower socket callbacks ---------------------------------------------- */

static void ws_wake(struct ws_sock *ws, __poll_t key)
{
	struct socket_wq *wq;

	rcu_read_lock();
	wq = rcu_dereference(ws->sk.sk_wq);
	if (skwq_has_sleeper(wq)) {
		if (key)
			wake_up_interruptible_poll(&wq->wait, key);
		else
			wake_up_interruptible_all(&wq->wait);
	}
	rcu_read_unlock();
}

/*
 * Errors Windows reports differently from Linux, noted before the saved
 * callback runs:
 *  - a reset connection stays reset: every later recv and send fails with
 *    WSAECONNRESET (Linux reports the error once, then EOF or EPIPE);
 *  - an ICMP error on a connected datagram socket does not fail the next
 *    send (all sends succeed on Windows); the next recv reports
 *    WSAECONNRESET instead, as Windows' default SIO_UDP_CONNRESET does.
 */
static void ws_note_error(struct ws_sock *ws, struct sock *lsk)
{
	if (!ws_is_stream(ws)) {
		if (sock_error(lsk))
			WRITE_ONCE(ws->dgram_connreset, true);
		return;
	}
	/* The reset now belongs to ws, so SO_ERROR reads 0 as on Windows. */
	if (READ_ONCE(ws->was_connected) && READ_ONCE(lsk->sk_err) == ECONNRESET &&
	    sock_error(lsk))
		WRITE_ONCE(ws->conn_reset, true);
}

/* Network events follow the lower socket's state (netevent.c). */
static void ws_lower_event(struct ws_sock *ws)
{
	if (READ_ONCE(ws->ev_mask) || READ_ONCE(ws->ev_connecting))
		ws_ev_callback(ws);
}

/* The ws socket of a lower socket; NULL for an unattached TCP child. */
static struct ws_sock *ws_from_lower(struct sock *lsk)
{
	void *data = rcu_dereference_protected(__sk_user_data(lsk),
					       lockdep_is_held(&lsk->sk_callback_lock));

	return (struct ws_sock *)((uintptr_t)data & SK_USER_DATA_PTRMASK);
}

static void ws_lower_data_ready(struct sock *lsk)
{
	struct ws_sock *ws;

	read_lock_bh(&lsk->sk_callback_lock);
	ws = ws_from_lower(lsk);
	if (ws) {
		ws->saved_data_ready(lsk);
		ws_wake(ws, EPOLLIN | EPOLLRDNORM | EPOLLPRI | EPOLLRDBAND);
		ws_lower_event(ws);
	}
	read_unlock_bh(&lsk->sk_callback_lock);
}

static void ws_lower_write_space(struct sock *lsk)
{
	struct ws_sock *ws;

	read_lock_bh(&lsk->sk_callback_lock);
	ws = ws_from_lower(lsk);
	if (ws) {
		ws->saved_write_space(lsk);
		ws_wake(ws, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND);
		ws_lower_event(ws);
	}
	read_unlock_bh(&lsk->sk_callback_lock);
}

static void ws_lower_state_change(struct sock *lsk)
{
	struct ws_sock *ws;

	read_lock_bh(&lsk->sk_callback_lock);
	ws = ws_from_lower(lsk);
	if (ws) {
		if (READ_ONCE(lsk->sk_state) == TCP_ESTABLISHED) {
			WRITE_ONCE(ws->was_connected, true);
			WRITE_ONCE(ws->so_error, 0);
		}
		ws->saved_state_change(lsk);
		ws_wake(ws, 0);
		ws_lower_event(ws);
	}
	read_unlock_bh(&lsk->sk_callback_lock);
}

static void ws_lower_error_report(struct sock *lsk)
{
	struct ws_sock *ws;

	read_lock_bh(&lsk->sk_callback_lock);
	ws = ws_from_lower(lsk);
	if (ws) {
		ws_note_error(ws, lsk);
		ws->saved_error_report(lsk);
		ws_wake(ws, EPOLLERR);
		ws_lower_event(ws);
	}
	read_unlock_bh(&lsk->sk_callback_lock);
}

/*
 * Install the ws callbacks on ws->lower. A socket accepted from @parent
 * saves the parent's originals: its own callback pointers were copied from
 * the parent's lower socket, so they are already ours.
 */
static void ws_lower_attach(struct ws_sock *ws, const struct ws_sock *parent)
{
	struct sock *lsk = ws_lower_sk(ws);

	write_lock_bh(&lsk->sk_callback_lock);
	if (parent) {
		ws->saved_data_ready = parent->saved_data_ready;
		ws->saved_write_space = parent->saved_write_space;
		ws->saved_state_change = parent->saved_state_change;
		ws->saved_error_report = parent->saved_error_report;
	} else {
		ws->saved_data_ready = lsk->sk_data_ready;
		ws->saved_write_space = lsk->sk_write_space;
		ws->saved_state_change = lsk->sk_state_change;
		ws->saved_error_report = lsk->sk_error_report;
	}
	lsk->sk_data_ready = ws_lower_data_ready;
	lsk->sk_write_space = ws_lower_write_space;
	lsk->sk_state_change = ws_lower_state_change;
	lsk->sk_error_report = ws_lower_error_report;
	__rcu_assign_sk_user_data_with_flags(lsk, ws, SK_USER_DATA_NOCOPY);
	write_unlock_bh(&lsk->sk_callback_lock);
}

/* After this returns, no callback of the lower socket uses @ws. */
static void ws_lower_detach(struct ws_sock *ws)
{
	struct sock *lsk = ws_lower_sk(ws);

	write_lock_bh(&lsk->sk_callback_lock);
	lsk->sk_data_ready = ws->saved_data_ready;
	lsk->sk_write_space = ws->saved_write_space;
	lsk->sk_state_change = ws->saved_state_change;
	lsk->sk_error_report = ws->saved_error_report;
	rcu_assign_sk_user_data(lsk, NULL);
	write_unlock_bh(&lsk->sk_callback_lock);
}

/* --- creation and release ------------------------------------------------ */

/* Not const: .family is the module parameter, filled in by ws_init(). */
static struct proto_ops ws_stream_ops __ro_after_init;
static struct proto_ops ws_dgram_ops __ro_after_init;

/* A ws sock for @sock, not yet attached to a lower socket. */
static struct ws_sock *ws_sk_alloc(struct net *net, struct socket *sock,
				   int af, int kern)
{
	struct ws_sock *ws;
	struct sock *sk;

	sk = sk_alloc(net, ws_family, GFP_KERNEL, &ws_proto, kern);
	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	ws = ws_sk(sk);
	ws->af = af;
	ws->lower_family = af == WS_AF_INET6 ? AF_INET6 : AF_INET;
	INIT_HLIST_NODE(&ws->bind_node);
	ws_sockopt_init(ws);
	ws_ev_init(ws);
	return ws;
}

static int ws_create(struct net *net, struct socket *sock, int protocol,
		     int kern)
{
	u32 af = WS_PROTOCOL_AF(protocol), proto = WS_PROTOCOL_PROTO(protocol);
	const struct proto_ops *ops;
	struct socket *lower;
	struct ws_sock *ws;
	int family, err;

	if ((u32)protocol & WS_PROTOCOL_RESERVED)
		return -EPROTONOSUPPORT;

	switch (sock->type) {
	case SOCK_STREAM:
		if (proto && proto != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		proto = IPPROTO_TCP;
		ops = &ws_stream_ops;
		break;
	case SOCK_DGRAM:
		if (proto && proto != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
		proto = IPPROTO_UDP;
		ops = &ws_dgram_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}

	switch (af) {
	case WS_AF_INET:
		family = AF_INET;
		break;
	case WS_AF_INET6:
		family = AF_INET6;
		break;
	default:
		return -EAFNOSUPPORT;
	}

	err = __sock_create(net, family, sock->type, proto, &lower, kern);
	if (err)
		return err;

	if (family == AF_INET6) {
		int one = 1;

		/* Windows' IPv6 sockets are IPV6_V6ONLY by default. */
		err = lower->ops->setsockopt(lower, SOL_IPV6, IPV6_V6ONLY,
					     KERNEL_SOCKPTR(&one), sizeof(one));
		if (err)
			goto err_lower;
	}

	ws = ws_sk_alloc(net, sock, af, kern);
	if (!ws) {
		err = -ENOMEM;
		goto err_lower;
	}
	ws->sk.sk_protocol = proto;
	ws->lower = lower;
	sock->ops = ops;
	sock->state = SS_UNCONNECTED;
	ws_lower_attach(ws, NULL);
	return 0;

err_lower:
	sock_release(lower);
	return err;
}

static bool ws_tcp_all_acked(struct sock *lsk)
{
	const struct tcp_sock *tp = tcp_sk(lsk);
	int state = READ_ONCE(lsk->sk_state);

	if (state != TCP_ESTABLISHED && state != TCP_CLOSE_WAIT)
		return true;	/* nothing more can be sent */
	return READ_ONCE(tp->snd_una) == READ_ONCE(tp->write_seq);
}

/*
 * closesocket with SO_LINGER {1, t}: wait up to t for the data to be sent
 * and acknowledged; if it was not, Windows aborts the connection (the
 * closesocket page, "Graceful shutdown"). Linux would go on sending in the
 * background, so the lower close is made abortive instead.
 */
static void ws_linger_drain(struct sock *lsk)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	long timeo;

	if (!sock_flag(lsk, SOCK_LINGER) || (current->flags & PF_EXITING))
		return;
	timeo = READ_ONCE(lsk->sk_lingertime);
	if (!timeo)
		return;

	lock_sock(lsk);
	add_wait_queue(sk_sleep(lsk), &wait);
	while (!ws_tcp_all_acked(lsk) && timeo && !signal_pending(current)) {
		/* Wakes us when acknowledged data frees send space. */
		set_bit(SOCK_NOSPACE, &lsk->sk_socket->flags);
		sk_wait_event(lsk, &timeo, ws_tcp_all_acked(lsk), &wait);
	}
	remove_wait_queue(sk_sleep(lsk), &wait);
	if (!ws_tcp_all_acked(lsk))
		WRITE_ONCE(lsk->sk_lingertime, 0);	/* tcp_close() resets */
	release_sock(lsk);
}

static int ws_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct ws_sock *ws;

	if (!sk)
		return 0;
	ws = ws_sk(sk);

	ws_bind_forget(ws);
	if (ws->lower) {
		ws_lower_detach(ws);
		/* closesocket cancels WSAEventSelect/WSAAsyncSelect. */
		ws_ev_release(ws);
		if (ws_is_stream(ws))
			ws_linger_drain(ws_lower_sk(ws));
		/* Lingers here, as closesocket does, per the lower SO_LINGER. */
		sock_release(ws->lower);
		ws->lower = NULL;
	}

	lock_sock(sk);
	sock_orphan(sk);
	release_sock(sk);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

/* --- connection management ----------------------------------------------- */

static int ws_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	union ws_addr addr;
	int err;

	err = ws_addr_from_win(ws, uaddr, len, &addr);
	if (err < 0)	/* Winsock: "incorrect address format" is WSAEFAULT */
		return -EFAULT;

	lock_sock(&ws->sk);
	err = ws_bind_lower(ws, &addr, err);
	release_sock(&ws->sk);
	if (!err && !ws_is_stream(ws))
		ws_ev_bound(ws);
	return err;
}

static int ws_connect(struct socket *sock, struct sockaddr *uaddr, int len,
		      int flags)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	union ws_addr addr;
	int alen, err;

	/* Winsock: AF_UNSPEC dissolves a datagram socket's association. */
	if (!ws_is_stream(ws) && len >= (int)sizeof(uaddr->sa_family) &&
	    uaddr->sa_family == WS_AF_UNSPEC) {
		addr.sa.sa_family = AF_UNSPEC;
		return kernel_connect(ws->lower, &addr.sa, sizeof(addr.sa), flags);
	}

	alen = ws_addr_from_win(ws, uaddr, len, &addr);
	if (alen < 0)
		return alen;

	if (!ws_is_stream(ws)) {
		/* Winsock: an all-zero address dissolves the association. */
		if (ws_addr_is_any(&addr)) {
			addr.sa.sa_family = AF_UNSPEC;
			alen = sizeof(addr.sa);
		}
		err = kernel_connect(ws->lower, &addr.sa, alen, flags);
		if (!err && addr.sa.sa_family != AF_UNSPEC)
			ws_ev_dgram_connected(ws);
		return err;
	}

	switch (READ_ONCE(ws_lower_sk(ws)->sk_state)) {
	case TCP_LISTEN:
		return -EINVAL;
	case TCP_CLOSE:
	case TCP_SYN_SENT:
		break;
	default:
		/* Linux reports a finished nonblocking connect once more as 0. */
		return -EISCONN;
	}
	/* Linux would connect to the local host; Winsock refuses. */
	if (ws_addr_is_any(&addr) || !ws_addr_port(&addr))
		return -EADDRNOTAVAIL;

	if (READ_ONCE(ws_lower_sk(ws)->sk_state) == TCP_CLOSE)
		ws_ev_connect_start(ws);
	err = kernel_connect(ws->lower, &addr.sa, alen, flags);
	switch (err) {
	case 0:
		sock->state = SS_CONNECTED;
		break;
	case -EINPROGRESS:
		err = -EWOULDBLOCK;
		break;
	case -EALREADY:
	case -EINTR:
	case -ERESTARTSYS:
		break;	/* the attempt goes on */
	default:
		ws_ev_connect_failed(ws);
		break;
	}
	return err;
}

static int ws_listen(struct socket *sock, int backlog)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int state, err;

	lock_sock(&ws->sk);
	state = READ_ONCE(ws_lower_sk(ws)->sk_state);
	if (!ws_lower_is_bound(ws))
		err = -EINVAL;
	else if (state != TCP_CLOSE && state != TCP_LISTEN)
		err = -EISCONN;
	else
		err = kernel_listen(ws->lower, backlog);
	release_sock(&ws->sk);
	return err;
}

int ws_do_accept(struct socket *sock, struct socket *newsock, int flags,
		 bool kern)
{
	struct ws_sock *ws = ws_sk(sock->sk), *nws;
	struct socket *nlower;
	int err;

	if (READ_ONCE(ws_lower_sk(ws)->sk_state) != TCP_LISTEN)
		return -EINVAL;

	/* Allocate first, so a failure cannot drop an accepted connection. */
	nws = ws_sk_alloc(sock_net(sock->sk), newsock, ws->af, kern);
	if (!nws)
		return -ENOMEM;
	nws->sk.sk_protocol = ws->sk.sk_protocol;

	err = kernel_accept(ws->lower, &nlower, flags & O_NONBLOCK);
	/* accept re-enables FD_ACCEPT, even when it fails. */
	ws_ev_reenable(ws, BIT(WS_FD_ACCEPT_BIT));
	if (err && READ_ONCE(ws->cancelled))
		err = -EINTR;
	if (err) {
		sock_orphan(&nws->sk);
		newsock->sk = NULL;
		sock_put(&nws->sk);
		return err;
	}

	/* Winsock: the accepted socket has the listening socket's properties. */
	nws->rcvbuf_set = READ_ONCE(ws->rcvbuf_set);
	nws->sndbuf_set = READ_ONCE(ws->sndbuf_set);
	nws->rcvtimeo_ms = READ_ONCE(ws->rcvtimeo_ms);
	nws->sndtimeo_ms = READ_ONCE(ws->sndtimeo_ms);
	nws->reuseaddr = READ_ONCE(ws->reuseaddr);
	nws->exclusive = READ_ONCE(ws->exclusive);
	nws->was_connected = true;
	nws->lower = nlower;
	ws_lower_attach(nws, ws);
	newsock->state = SS_CONNECTED;
	ws_ev_inherit(nws, ws);

	if (sock->file && newsock->file && (sock->file->f_flags & O_NONBLOCK)) {
		spin_lock(&newsock->file->f_lock);
		newsock->file->f_flags |= O_NONBLOCK;
		spin_unlock(&newsock->file->f_lock);
	}
	return 0;
}

static int ws_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int len;

	/* Winsock: getsockname on an unbound socket is WSAEINVAL. */
	if (!peer && !ws_lower_is_bound(ws))
		return -EINVAL;

	len = ws->lower->ops->getname(ws->lower, uaddr, peer);
	if (len < 0)
		return len;
	return ws_addr_to_win(uaddr, len);
}

static int ws_shutdown(struct socket *sock, int how)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int state, err;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;

	lock_sock(&ws->sk);
	state = READ_ONCE(ws_lower_sk(ws)->sk_state);
	if (ws_is_stream(ws) && (state == TCP_CLOSE || state == TCP_LISTEN)) {
		err = -ENOTCONN;
		goto out;
	}
	err = kernel_sock_shutdown(ws->lower, how);
	/* Winsock allows shutdown of an unconnected datagram socket. */
	if (err == -ENOTCONN && !ws_is_stream(ws))
		err = 0;
	if (err)
		goto out;
	if (how != SHUT_WR)
		WRITE_ONCE(ws->shut_rd, true);
	if (how != SHUT_RD)
		WRITE_ONCE(ws->shut_wr, true);
out:
	release_sock(&ws->sk);
	return err;
}

/* --- data ---------------------------------------------------------------- */

/*
 * A datagram to port 0: Windows accepts it (and binds the socket, as any
 * sendto does) but nobody can receive it. Linux refuses to send it, so it is
 * dropped here, after the implicit bind.
 */
static int ws_dgram_send_nowhere(struct ws_sock *ws, size_t len)
{
	union ws_addr any = { };
	int err;

	if (len > ws_max_msg_size(SOCK_DGRAM, ws->af))
		return -EMSGSIZE;
	if (!ws_lower_is_bound(ws)) {
		any.sa.sa_family = ws->lower_family;
		err = kernel_bind(ws->lower, &any.sa, ws->lower_family == AF_INET ?
				  sizeof(any.sin) : sizeof(any.sin6));
		if (err)
			return err;
	}
	return len;
}

static int __ws_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int flags = msg->msg_flags;
	union ws_addr addr;
	int err;

	if (flags & ~(WS_SEND_FLAGS | WS_CORE_FLAGS))
		return -EOPNOTSUPP;
	if ((flags & MSG_OOB) && !ws_is_stream(ws))
		return -EOPNOTSUPP;
	if (READ_ONCE(ws->shut_wr))
		return -ESHUTDOWN;
	if (READ_ONCE(ws->conn_reset))
		return -ECONNRESET;

	if (msg->msg_name && ws_is_stream(ws)) {
		/* Winsock: sendto ignores the address on a connected stream. */
		msg->msg_name = NULL;
		msg->msg_namelen = 0;
	} else if (msg->msg_name) {
		err = ws_addr_from_win(ws, msg->msg_name, msg->msg_namelen, &addr);
		if (err < 0)
			return err;
		if (ws_addr_is_any(&addr))
			return -EADDRNOTAVAIL;
		/* Windows sends to port 0 (nobody receives); Linux refuses. */
		if (!ws_addr_port(&addr))
			return ws_dgram_send_nowhere(ws, len);
		msg->msg_name = &addr;
		msg->msg_namelen = err;
	}

	msg->msg_flags = flags | MSG_NOSIGNAL;
	err = ws->lower->ops->sendmsg(ws->lower, msg, len);
	msg->msg_name = NULL;
	return err;
}

static int ws_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int flags = msg->msg_flags;
	int err = __ws_sendmsg(sock, msg, len);

	/* Any send re-enables FD_WRITE; EWOULDBLOCK arms it. */
	ws_ev_send_done(ws, err);
	if (err < 0 && READ_ONCE(ws->cancelled))
		return -EINTR;

	switch (err) {
	case -ECONNRESET:
		WRITE_ONCE(ws->conn_reset, true);
		return err;
	case -EPIPE:
		/* Never connected, or the connection was reset. */
		return READ_ONCE(ws->was_connected) ? -ECONNRESET : -ENOTCONN;
	case -EDESTADDRREQ:
		return -ENOTCONN;
	case -EAGAIN:
		/* A blocking send ran out of SO_SNDTIMEO. */
		return (flags & MSG_DONTWAIT) ? -EAGAIN : -ETIMEDOUT;
	default:
		return err;
	}
}

static int __ws_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
			int flags)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int lflags = flags & ~WS_MSG_WAITALL;
	int err;

	if (flags & ~(WS_RECV_FLAGS | WS_CORE_FLAGS))
		return -EOPNOTSUPP;
	if (flags & WS_MSG_WAITALL) {
		if (!ws_is_stream(ws))
			return -EOPNOTSUPP;
		lflags |= MSG_WAITALL;
	}
	if (flags & MSG_OOB) {
		if (!ws_is_stream(ws))
			return -EOPNOTSUPP;
		if (sock_flag(ws_lower_sk(ws), SOCK_URGINLINE))
			return -EINVAL;
	}
	if (READ_ONCE(ws->shut_rd))
		return -ESHUTDOWN;
	if (!ws_is_stream(ws) && !ws_lower_is_bound(ws))
		return -EINVAL;
	if (ws_is_stream(ws) && READ_ONCE(ws->conn_reset))
		return -ECONNRESET;
	if (!ws_is_stream(ws) && !(flags & MSG_PEEK) &&
	    xchg(&ws->dgram_connreset, false))
		return -ECONNRESET;

	err = ws->lower->ops->recvmsg(ws->lower, msg, len, lflags);
	if (err == -ECONNRESET && ws_is_stream(ws))
		WRITE_ONCE(ws->conn_reset, true);
	if (msg->msg_name && msg->msg_namelen)
		ws_addr_to_win(msg->msg_name, msg->msg_namelen);

	if (err >= 0 && !ws_is_stream(ws) && (msg->msg_flags & MSG_TRUNC))
		return -EMSGSIZE;
	if (err == -EAGAIN && !(flags & (MSG_DONTWAIT | MSG_OOB)))
		return -ETIMEDOUT;	/* SO_RCVTIMEO ran out */
	return err;
}

static int ws_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		      int flags)
{
	int err = __ws_recvmsg(sock, msg, len, flags);

	/* Any recv, even a failing one, re-enables FD_READ and FD_OOB. */
	ws_ev_reenable(ws_sk(sock->sk), BIT(WS_FD_READ_BIT) | BIT(WS_FD_OOB_BIT));
	if (err <= 0 && len && READ_ONCE(ws_sk(sock->sk)->cancelled))
		return -EINTR;
	/* A recv blocked when the reset came: WSAECONNRESET, not EOF. */
	if (!err && len && READ_ONCE(ws_sk(sock->sk)->conn_reset))
		return -ECONNRESET;
	return err;
}

static __poll_t ws_poll(struct file *file, struct socket *sock,
			poll_table *wait)
{
	struct ws_sock *ws = ws_sk(sock->sk);

	sock_poll_wait(file, sock, wait);
	return ws->lower->ops->poll(file, ws->lower, NULL);
}

/* --- ioctl --------------------------------------------------------------- */

/* Winsock FIONREAD on a datagram socket: all queued payload. */
static int ws_dgram_pending(struct ws_sock *ws)
{
	struct sock *lsk = ws_lower_sk(ws);
	struct sk_buff_head *rq = &udp_sk(lsk)->reader_queue;
	struct sk_buff_head *sq = &lsk->sk_receive_queue;
	struct sk_buff *skb;
	u64 total = 0;

	spin_lock_bh(&rq->lock);
	skb_queue_walk(rq, skb)
		total += skb->len;
	spin_lock(&sq->lock);
	skb_queue_walk(sq, skb)
		total += skb->len;
	spin_unlock(&sq->lock);
	spin_unlock_bh(&rq->lock);
	return min_t(u64, total, INT_MAX);
}

static int ws_close_check(struct socket *sock)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	struct sock *lsk = ws_lower_sk(ws);
	struct tcp_sock *tp;

	if (!ws_is_stream(ws) || !sock->file ||
	    !(READ_ONCE(sock->file->f_flags) & O_NONBLOCK))
		return 0;
	if (!sock_flag(lsk, SOCK_LINGER) || !READ_ONCE(lsk->sk_lingertime))
		return 0;
	tp = tcp_sk(lsk);
	if (READ_ONCE(tp->write_seq) != READ_ONCE(tp->snd_una))
		return -EWOULDBLOCK;
	return 0;
}

/*
 * closesocket page: "Any pending blocking ... calls issued by any thread in
 * this process are canceled". libws calls this just before close(2), which
 * alone would not wake a thread blocked on the socket. The lower socket is
 * shut down in place (no FIN or RST is sent by this; the close that follows
 * does what SO_LINGER says), and the waiters are woken; their calls fail
 * with EINTR (WSAEINTR).
 */
static int ws_cancel_blocking(struct socket *sock)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	struct sock *lsk = ws_lower_sk(ws);
	int state = READ_ONCE(lsk->sk_state);

	WRITE_ONCE(ws->cancelled, true);
	/* A listener or a connection attempt ends with the socket anyway. */
	if (ws_is_stream(ws) && (state == TCP_LISTEN || state == TCP_SYN_SENT))
		return kernel_sock_shutdown(ws->lower, SHUT_RDWR);
	lock_sock(lsk);
	WRITE_ONCE(lsk->sk_shutdown, SHUTDOWN_MASK);
	release_sock(lsk);
	lsk->sk_state_change(lsk);
	return 0;
}

static int ws_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct ws_sock *ws = ws_sk(sock->sk);
	int __user *argp = (int __user *)arg;
	u16 urg;

	switch (cmd) {
	case SIOCINQ:
		if (ws_is_stream(ws))
			return ws->lower->ops->ioctl(ws->lower, cmd, arg);
		return put_user(ws_dgram_pending(ws), argp);
	case SIOCATMARK:
		if (!ws_is_stream(ws))
			return -EINVAL;
		/* Winsock: TRUE when no out-of-band data waits to be read. */
		urg = READ_ONCE(tcp_sk(ws_lower_sk(ws))->urg_data);
		return put_user(!(urg & TCP_URG_VALID), argp);
	case WS_IOC_CLOSECHECK:
		return ws_close_check(sock);
	case WS_IOC_CANCEL_BLOCKING:
		return ws_cancel_blocking(sock);
	default:
		return ws_ev_ioctl(sock, cmd, arg);
	}
}

/* --- registration -------------------------------------------------------- */

static const struct proto_ops ws_common_ops = {
	.owner		= THIS_MODULE,
	.release	= ws_release,
	.bind		= ws_bind,
	.connect	= ws_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= sock_no_accept,
	.getname	= ws_getname,
	.poll		= ws_poll,
	.ioctl		= ws_ioctl,
	.listen		= sock_no_listen,
	.shutdown	= ws_shutdown,
	.setsockopt	= ws_setsockopt,
	.getsockopt	= ws_getsockopt,
	.sendmsg	= ws_sendmsg,
	.recvmsg	= ws_recvmsg,
	.mmap		= sock_no_mmap,
};

/* Not const: the family number is a module parameter. */
static struct net_proto_family ws_family_ops __ro_after_init = {
	.create	= ws_create,
	.owner	= THIS_MODULE,
};

static int __init ws_init(void)
{
	int err;

	if (ws_family <= 0 || ws_family >= NPROTO) {
		pr_err("family=%d is not a socket family number (1..%d)\n",
		       ws_family, NPROTO - 1);
		return -EINVAL;
	}

	ws_stream_ops = ws_common_ops;
	ws_stream_ops.family = ws_family;
	ws_stream_ops.accept = ws_compat_accept;
	ws_stream_ops.listen = ws_listen;
	ws_dgram_ops = ws_common_ops;
	ws_dgram_ops.family = ws_family;

	err = proto_register(&ws_proto, 0);
	if (err)
		return err;
	err = ws_dev_init();
	if (err)
		goto err_proto;

	ws_family_ops.family = ws_family;
	err = sock_register(&ws_family_ops);
	if (err) {
		pr_err("socket family %d is already registered; load with family=N to pick a free one\n",
		       ws_family);
		goto err_dev;
	}
	return 0;

err_dev:
	ws_dev_exit();
err_proto:
	proto_unregister(&ws_proto);
	return err;
}

static void __exit ws_exit(void)
{
	sock_unregister(ws_family);
	ws_dev_exit();
	proto_unregister(&ws_proto);
}

module_init(ws_init);
module_exit(ws_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Winsock 2 semantics as a Linux socket family");
MODULE_ALIAS_NETPROTO(WS_FAMILY_DEFAULT);
