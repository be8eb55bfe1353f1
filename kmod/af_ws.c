// SPDX-License-Identifier: GPL-2.0
/*
 * ws: Winsock 2 semantics as a Linux socket family.
 *
 * This file owns the socket family: module init and exit, socket creation
 * and release, the callbacks wrapped on each socket's TCP or UDP sock, and
 * the proto_ops of the stream (TCP) and datagram (UDP) types. The object
 * model, lifetimes and lock order are described in ws.h; the userspace
 * contract in uapi/linux/ws.h.
 *
 * Readiness is the sock's own: it is grafted into the ws socket, so its
 * callbacks wake the ws socket's wait queue and poll is the inet poll. The
 * wrapped callbacks add the Winsock bookkeeping (sticky resets, the
 * network-event record) around the saved ones, so nothing polls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sizes.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/inet_common.h>
#include <net/inet_connection_sock.h>
#include <net/inet_sock.h>
#include <net/request_sock.h>
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

static struct kmem_cache *ws_sock_cachep __ro_after_init;

/*
 * README, "What a ws socket costs": a ws_sock is 400 B on a kernel
 * without lock debugging (which makes each spinlock larger). A field
 * added in the wrong place costs a hole; find a place without one.
 */
#if !IS_ENABLED(CONFIG_DEBUG_SPINLOCK) && !IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC)
static_assert(sizeof(struct ws_sock) <= 400);
#endif

/* --- addresses ----------------------------------------------------------- */

/**
 * ws_addr_check() - the Winsock checks of a socket address given to a call
 * @ws: the socket the address is for
 * @uaddr: the address, already copied into the kernel (Linux numbering)
 * @len: its length
 *
 * Return: the length of the address of the socket's family, -EFAULT if
 * @len is too short for it (Winsock checks the whole SOCKADDR_IN(6)),
 * -EAFNOSUPPORT if the family is not the socket's.
 */
int ws_addr_check(const struct ws_sock *ws, const struct sockaddr *uaddr,
		  int len)
{
	int need;

	if (len < (int)sizeof(uaddr->sa_family))
		return -EFAULT;
	if (uaddr->sa_family != ws->sk->sk_family)
		return -EAFNOSUPPORT;
	need = uaddr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					      sizeof(struct sockaddr_in);
	return len < need ? -EFAULT : need;
}
EXPORT_SYMBOL_IF_KUNIT(ws_addr_check);

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
	return READ_ONCE(inet_sk(ws->sk)->inet_num) != 0;
}

/* --- callbacks ----------------------------------------------------------- */

/*
 * Errors Windows reports differently from Linux, noted before the saved
 * callback runs:
 *  - a reset connection stays reset: every later recv and send fails with
 *    WSAECONNRESET (Linux reports the error once, then EOF or EPIPE); a
 *    reset after the peer's FIN (Linux: EPIPE in CLOSE_WAIT) with
 *    WSAECONNABORTED (Wine test_shutdown, "Send data to a peer which is
 *    closed"), where Linux reads the FIN;
 *  - an ICMP error on a connected datagram socket does not fail the next
 *    send (all sends succeed on Windows); the next recv reports
 *    WSAECONNRESET instead, as Windows' default SIO_UDP_CONNRESET does.
 */
static void ws_note_error(struct ws_sock *ws, struct sock *sk)
{
	if (!ws_is_stream(ws)) {
		/* SIO_UDP_CONNRESET FALSE: the error is dropped. */
		if (sock_error(sk) && !READ_ONCE(ws->udp_connreset_off))
			WRITE_ONCE(ws->dgram_connreset, true);
		return;
	}
	/* The reset now belongs to ws, so SO_ERROR reads 0 as on Windows. */
	if (READ_ONCE(ws->was_connected) && READ_ONCE(sk->sk_err) == ECONNRESET &&
	    sock_error(sk))
		WRITE_ONCE(ws->conn_reset, true);
	else if (READ_ONCE(ws->was_connected) && READ_ONCE(sk->sk_err) == EPIPE &&
		 sock_error(sk))
		WRITE_ONCE(ws->conn_aborted, true);
}

/*
 * Network events follow the sock's state (netevent.c); @arrival: from
 * sk_data_ready.
 */
static void ws_lower_event(struct ws_sock *ws, bool arrival)
{
	if (READ_ONCE(ws->ev_mask) || READ_ONCE(ws->ev_connecting))
		ws_ev_callback(ws, arrival);
}

/*
 * The inet socks' own callbacks, for the TCP children cloned from a ws
 * listener that no ws socket took (not yet accepted, or dropped): theirs
 * are copies of the listener's, ours, and must still do what TCP's do.
 */
static void (*ws_inet_data_ready)(struct sock *sk) __ro_after_init;
static void (*ws_inet_write_space)(struct sock *sk) __ro_after_init;
static void (*ws_inet_state_change)(struct sock *sk) __ro_after_init;
static void (*ws_inet_error_report)(struct sock *sk) __ro_after_init;

static int __init ws_inet_callbacks_init(void)
{
	struct socket *sock;
	int err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				   &sock);

	if (err)
		return err;
	ws_inet_data_ready = sock->sk->sk_data_ready;
	ws_inet_write_space = sock->sk->sk_write_space;
	ws_inet_state_change = sock->sk->sk_state_change;
	ws_inet_error_report = sock->sk->sk_error_report;
	sock_release(sock);
	return 0;
}

/*
 * The ws_sock of a sock, for its callbacks; NULL for a TCP child not yet
 * accepted, and once the socket is being released (detached).
 */
static struct ws_sock *ws_from_sk(struct sock *sk)
{
	void *data = rcu_dereference_protected(__sk_user_data(sk),
					       lockdep_is_held(&sk->sk_callback_lock));
	struct ws_sock *ws = (struct ws_sock *)((uintptr_t)data & SK_USER_DATA_PTRMASK);

	return ws && !ws->detached ? ws : NULL;
}

static void ws_lower_data_ready(struct sock *sk)
{
	struct ws_sock *ws;

	read_lock_bh(&sk->sk_callback_lock);
	ws = ws_from_sk(sk);
	if (ws && READ_ONCE(ws->rt)) {
		ws->saved_data_ready(sk);
		ws_rt_data_ready(ws);
	} else if (ws) {
		ws->saved_data_ready(sk);
		/* Pending overlapped receives take the data before FD_READ. */
		ws_ov_data_ready(ws);
		ws_lower_event(ws, true);
	} else {
		ws_inet_data_ready(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ws_lower_write_space(struct sock *sk)
{
	struct ws_sock *ws;

	read_lock_bh(&sk->sk_callback_lock);
	ws = ws_from_sk(sk);
	if (ws && READ_ONCE(ws->rt)) {
		ws->saved_write_space(sk);
		ws_rt_write_space(ws);
	} else if (ws) {
		ws->saved_write_space(sk);
		ws_ov_write_space(ws);
		ws_lower_event(ws, false);
	} else {
		ws_inet_write_space(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ws_lower_state_change(struct sock *sk)
{
	struct ws_sock *ws;

	read_lock_bh(&sk->sk_callback_lock);
	ws = ws_from_sk(sk);
	if (ws) {
		if (READ_ONCE(sk->sk_state) == TCP_ESTABLISHED) {
			WRITE_ONCE(ws->was_connected, true);
			WRITE_ONCE(ws->so_error, 0);
			ws_sockopt_connected(ws);
		}
		ws->saved_state_change(sk);
		if (READ_ONCE(ws->rt)) {
			ws_rt_state_change(ws);
		} else {
			ws_ov_state_change(ws);
			ws_lower_event(ws, false);
		}
	} else {
		ws_inet_state_change(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void ws_lower_error_report(struct sock *sk)
{
	struct ws_sock *ws;

	read_lock_bh(&sk->sk_callback_lock);
	ws = ws_from_sk(sk);
	if (ws) {
		ws_note_error(ws, sk);
		ws->saved_error_report(sk);
		if (READ_ONCE(ws->rt)) {
			ws_rt_state_change(ws);
		} else {
			ws_ov_state_change(ws);
			ws_lower_event(ws, false);
		}
	} else {
		ws_inet_error_report(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/*
 * Wrap the callbacks of ws->sk. A socket accepted from @parent saves the
 * parent's originals: its own callback pointers were cloned from the
 * listener's, so they are already ours.
 */
static void ws_lower_attach(struct ws_sock *ws, const struct ws_sock *parent)
{
	struct sock *sk = ws->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (parent) {
		ws->saved_data_ready = parent->saved_data_ready;
		ws->saved_write_space = parent->saved_write_space;
		ws->saved_state_change = parent->saved_state_change;
		ws->saved_error_report = parent->saved_error_report;
	} else {
		ws->saved_data_ready = sk->sk_data_ready;
		ws->saved_write_space = sk->sk_write_space;
		ws->saved_state_change = sk->sk_state_change;
		ws->saved_error_report = sk->sk_error_report;
	}
	sk->sk_data_ready = ws_lower_data_ready;
	sk->sk_write_space = ws_lower_write_space;
	sk->sk_state_change = ws_lower_state_change;
	sk->sk_error_report = ws_lower_error_report;
	__rcu_assign_sk_user_data_with_flags(sk, ws, SK_USER_DATA_NOCOPY);
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Give @sk the saved callbacks of @ws if it still has ours. */
static void ws_lower_restore(struct ws_sock *ws, struct sock *sk)
{
	lockdep_assert_held_write(&sk->sk_callback_lock);
	if (sk->sk_data_ready != ws_lower_data_ready)
		return;
	sk->sk_data_ready = ws->saved_data_ready;
	sk->sk_write_space = ws->saved_write_space;
	sk->sk_state_change = ws->saved_state_change;
	sk->sk_error_report = ws->saved_error_report;
}

/*
 * After this returns, no callback of ws->sk uses @ws (one that read the
 * old pointer finds it detached). sk_user_data stays until
 * ws_lower_forget(): the socket's own calls made while it is released (the
 * overlapped worker's sends and accepts) still find the ws_sock. The
 * children a listener has queued but nobody accepted were cloned with our
 * callbacks; they get the saved ones, so that nothing of theirs calls into
 * this module once the listener is gone.
 */
static void ws_lower_detach(struct ws_sock *ws)
{
	struct request_sock_queue *queue;
	struct request_sock *req;
	struct sock *sk = ws->sk;

	write_lock_bh(&sk->sk_callback_lock);
	ws_lower_restore(ws, sk);
	ws->detached = true;
	write_unlock_bh(&sk->sk_callback_lock);

	if (!ws_is_stream(ws) || READ_ONCE(sk->sk_state) != TCP_LISTEN)
		return;
	queue = &inet_csk(sk)->icsk_accept_queue;
	spin_lock_bh(&queue->rskq_lock);
	for (req = queue->rskq_accept_head; req; req = req->dl_next) {
		if (!req->sk)
			continue;
		write_lock(&req->sk->sk_callback_lock);
		ws_lower_restore(ws, req->sk);
		write_unlock(&req->sk->sk_callback_lock);
	}
	spin_unlock_bh(&queue->rskq_lock);
}

/* --- creation and release ------------------------------------------------ */

/* Not const: .family is the module parameter, filled in by ws_init(). */
static struct proto_ops ws_stream_ops __ro_after_init;
static struct proto_ops ws_dgram_ops __ro_after_init;

/* Winsock state for @sk, the sock of @sock, not yet attached. */
static struct ws_sock *ws_sock_alloc(void)
{
	struct ws_sock *ws = kmem_cache_zalloc(ws_sock_cachep, GFP_KERNEL);

	if (!ws)
		return NULL;
	INIT_HLIST_NODE(&ws->bind_node);
	INIT_LIST_HEAD(&ws->net_node);
	spin_lock_init(&ws->blk_lock);
	INIT_LIST_HEAD(&ws->blockers);
	ws_sockopt_init(ws);
	ws_ev_init(ws);
	spin_lock_init(&ws->port_lock);
	return ws;
}

static void ws_sock_free(struct ws_sock *ws)
{
	ws_rt_release(ws);
	ws_mp_release(ws);
	ws_cond_free(ws);
	put_pid(ws->cancel_tgid);
	kmem_cache_free(ws_sock_cachep, ws);
}

/* Bind @ws to its sock and socket and wrap the sock's callbacks. */
static void ws_sock_attach(struct ws_sock *ws, struct socket *sock,
			   const struct proto_ops *inet_ops,
			   const struct ws_sock *parent)
{
	ws->sk = sock->sk;
	ws->sock = sock;
	ws->inet_ops = inet_ops;
	ws->id = SOCK_INODE(sock)->i_ino;
	ws_lower_attach(ws, parent);
	/* Listed for sock_diag from now on, with every field above set. */
	ws_diag_link(ws);
}

static int ws_create(struct net *net, struct socket *sock, int protocol,
		     int kern)
{
	u32 af = WS_PROTOCOL_AF(protocol), proto = WS_PROTOCOL_PROTO(protocol);
	u32 role = (u32)protocol & WS_PROTOCOL_MP_MASK;
	u32 nth = WS_PROTOCOL_ENTRY_OF(protocol);
	const struct ws_catalog_entry *entry;
	const struct proto_ops *ops;
	int ltype = sock->type;
	struct socket *inet;
	struct ws_sock *ws;
	struct sock *sk;
	int family, err;

	switch (sock->type) {
	case SOCK_SEQPACKET:
		/* Rooted multipoint: messages framed over TCP (rooted.c). */
		if (proto && proto != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		proto = IPPROTO_TCP;
		ops = &ws_stream_ops;
		ltype = SOCK_STREAM;
		break;
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

	/* Its protocol entry: WSASocket's multipoint flags are checked here. */
	entry = ws_catalog_find(af, sock->type, proto, role, nth);
	if (IS_ERR(entry))
		return PTR_ERR(entry);

	ws = ws_sock_alloc();
	if (!ws)
		return -ENOMEM;
	ws->entry = entry;
	ws->mp_role = role;
	err = ws_mp_init(ws);
	if (err)
		goto err_free;
	if (sock->type == SOCK_SEQPACKET) {
		err = ws_rt_init(ws);
		if (err)
			goto err_free;
	}

	/* The caller's inet socket: its create hooks run, its sock is labelled. */
	err = __sock_create(net, family, ltype, proto, &inet, kern);
	if (err)
		goto err_free;

	if (family == AF_INET6) {
		int one = 1;

		/* Windows' IPv6 sockets are IPV6_V6ONLY by default. */
		err = inet->ops->setsockopt(inet, SOL_IPV6, IPV6_V6ONLY,
					    KERNEL_SOCKPTR(&one), sizeof(one));
		if (err)
			goto err_inet;
	}

	/* Move the sock into the ws socket; the empty inet socket goes. */
	sk = inet->sk;
	inet->sk = NULL;
	sock_graft(sk, sock);
	sock->ops = ops;
	sock->state = SS_UNCONNECTED;
	ws_sock_attach(ws, sock, inet->ops, NULL);
	sock_release(inet);
	return 0;

err_inet:
	sock_release(inet);
err_free:
	ws_sock_free(ws);
	return err;
}

/**
 * ws_sock_of_file() - the ws_sock of a file that is a ws socket
 * @file: a file the caller holds
 *
 * Return: its ws_sock, valid while the file is held; NULL if the file is
 * not a ws socket.
 */
struct ws_sock *ws_sock_of_file(struct file *file)
{
	struct socket *sock = sock_from_file(file);

	if (!sock || (sock->ops != &ws_stream_ops && sock->ops != &ws_dgram_ops))
		return NULL;
	return ws_sk(sock);
}

static int __ws_do_accept(struct socket *sock, struct socket *newsock,
			  int flags, bool kern, bool held);
static void ws_accept_nonblock(struct socket *sock, struct socket *newsock);
static int ws_cond_wait_for(struct ws_sock *ws, long *timeo, bool syns);

/**
 * ws_accept_file() - accept a connection into a new ws socket's file
 * @ws: a listening socket
 * @filep: the file of the accepted socket, not installed in any process
 *
 * What accept(2) does, for AcceptEx: the new socket has the listener's
 * properties, and nonblocking, the call fails with -EAGAIN if no
 * connection is queued.
 *
 * Context: process context, with the credentials of the caller on whose
 * behalf the connection is accepted.
 * Return: 0 or -errno.
 */
int ws_accept_file(struct ws_sock *ws, struct file **filep)
{
	struct socket *newsock;
	struct file *file;
	int err;

	newsock = sock_alloc();
	if (!newsock)
		return -ENFILE;
	newsock->type = ws->sock->type;
	newsock->ops = ws->sock->ops;
	__module_get(THIS_MODULE);
	/* On failure this releases newsock, and our module reference. */
	file = sock_alloc_file(newsock, 0, NULL);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = __ws_do_accept(ws->sock, newsock, O_NONBLOCK, false, false);
	if (err) {
		fput(file);
		return err;
	}
	*filep = file;
	return 0;
}

static bool ws_tcp_all_acked(struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);
	int state = READ_ONCE(sk->sk_state);

	if (state != TCP_ESTABLISHED && state != TCP_CLOSE_WAIT)
		return true;	/* nothing more can be sent */
	return READ_ONCE(tp->snd_una) == READ_ONCE(tp->write_seq);
}

/*
 * closesocket with SO_LINGER {1, t}: wait up to t for the data to be sent
 * and acknowledged; if it was not, Windows aborts the connection (the
 * closesocket page, "Graceful shutdown"). Linux would go on sending in the
 * background, so the close is made abortive instead.
 */
static void ws_linger_drain(struct sock *sk)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	long timeo;

	if (!sock_flag(sk, SOCK_LINGER) || (current->flags & PF_EXITING))
		return;
	timeo = READ_ONCE(sk->sk_lingertime);
	if (!timeo)
		return;

	lock_sock(sk);
	add_wait_queue(sk_sleep(sk), &wait);
	while (!ws_tcp_all_acked(sk) && timeo && !signal_pending(current)) {
		/* Wakes us when acknowledged data frees send space. */
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		sk_wait_event(sk, &timeo, ws_tcp_all_acked(sk), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (!ws_tcp_all_acked(sk))
		WRITE_ONCE(sk->sk_lingertime, 0);	/* tcp_close() resets */
	release_sock(sk);
}

/* The sock no longer points to @ws; its callbacks are detached already. */
static void ws_lower_forget(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;

	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
}

static int ws_release(struct socket *sock)
{
	struct ws_sock *ws;

	if (!sock->sk)
		return 0;
	ws = ws_sk(sock);

	/* A listener's held connections are reset (condaccept.c). */
	ws_cond_release(ws);
	ws_diag_unlink(ws);
	ws_bind_forget(ws);
	ws_lower_detach(ws);
	/* Rooted multipoint: LEAVE, and the connection's workers stop. */
	ws_rt_release(ws);
	/*
	 * Pending overlapped operations end (Windows: on the last close);
	 * the worker, which this waits for, may still call the socket.
	 */
	ws_ov_release(ws);
	/* closesocket cancels WSAEventSelect/WSAAsyncSelect. */
	ws_ev_release(ws);
	ws_lower_forget(ws);
	if (ws_is_stream(ws))
		ws_linger_drain(ws->sk);
	/* Closes the sock (lingering as SO_LINGER says) and clears sock->sk. */
	ws->inet_ops->release(sock);
	ws_sock_free(ws);
	return 0;
}

/* --- blocked calls and closesocket ---------------------------------------- */

/*
 * closesocket page: "Any pending blocking ... calls issued by any thread in
 * this process are canceled" (they fail with WSAEINTR). A thread that
 * blocks in a call on the socket (a recv, send, accept or connect without
 * MSG_DONTWAIT or O_NONBLOCK) is listed in ws->blockers for the call's
 * duration; WS_IOC_CANCEL_BLOCKING, which libws issues just before close(2),
 * interrupts the listed threads of the calling process as a signal would,
 * and the calls they and any later call of that process make on the
 * socket fail with EINTR. Other processes sharing the socket (after fork)
 * are not touched, and nothing is sent or shut down: the close that
 * follows does what SO_LINGER says.
 */
/* Did the calling process cancel its calls on @ws? */
bool ws_cancelled(struct ws_sock *ws)
{
	return READ_ONCE(ws->cancel_tgid) == task_tgid(current);
}

/* A call may block: list the thread; -EINTR if its process cancelled. */
int ws_block_begin(struct ws_sock *ws, struct ws_blocker *b)
{
	int err = 0;

	b->task = current;
	b->cancelled = false;
	spin_lock(&ws->blk_lock);
	if (ws->cancel_tgid == task_tgid(current))
		err = -EINTR;
	else
		list_add(&b->node, &ws->blockers);
	spin_unlock(&ws->blk_lock);
	return err;
}

/* The call is over; was it cancelled? */
bool ws_block_end(struct ws_sock *ws, struct ws_blocker *b)
{
	spin_lock(&ws->blk_lock);
	list_del(&b->node);
	spin_unlock(&ws->blk_lock);
	return b->cancelled;
}

/*
 * Make @task's interruptible wait end as a signal would, without a signal:
 * TIF_NOTIFY_SIGNAL, which the task clears on its way back to userspace
 * (what set_notify_signal() does; its wake_up_state() is not exported, so
 * the wake is wake_up_process(), which may also end an uninterruptible
 * sleep early, and such sleeps wait again).
 */
static void ws_interrupt(struct task_struct *task)
{
	if (!test_and_set_tsk_thread_flag(task, TIF_NOTIFY_SIGNAL) &&
	    !wake_up_process(task))
		kick_process(task);
}

static int ws_cancel_blocking(struct socket *sock)
{
	struct ws_sock *ws = ws_sk(sock);
	struct ws_blocker *b;
	struct pid *old;

	spin_lock(&ws->blk_lock);
	old = ws->cancel_tgid;
	WRITE_ONCE(ws->cancel_tgid, get_pid(task_tgid(current)));
	list_for_each_entry(b, &ws->blockers, node) {
		if (b->cancelled || !same_thread_group(b->task, current))
			continue;
		b->cancelled = true;
		ws_interrupt(b->task);
	}
	spin_unlock(&ws->blk_lock);
	put_pid(old);
	return 0;
}

/* --- SO_BROADCAST ---------------------------------------------------------- */

/*
 * Windows lets a datagram socket connect to a broadcast address without
 * SO_BROADCAST, and send on it; sendto a broadcast address still needs the
 * option, which reads 0 all along (Wine test_broadcast). Linux refuses the
 * connect (EACCES). So the sock's SOCK_BROADCAST is set while the socket
 * has the option (bcast_user) or is associated with a broadcast address
 * (bcast_assoc), and a send to a named address without the option checks
 * itself whether the address is a broadcast one.
 *
 * The option is not a permission (any caller may set it), so the check
 * takes no lock against a connect of the same socket running at the same
 * time: such a sendto may see either association. The sock's flag is
 * recomputed from both under the sock's lock after each change of
 * either, so the last change leaves it right.
 */

static void ws_bcast_update(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	bool on;

	lock_sock(sk);
	on = READ_ONCE(ws->bcast_user) || READ_ONCE(ws->bcast_assoc);
	sock_valbool_flag(sk, SOCK_BROADCAST, on);
	release_sock(sk);
}

/**
 * ws_bcast_set() - setsockopt(SO_BROADCAST)
 * @ws: the socket
 * @on: the option's new value
 *
 * Context: process context, may sleep.
 */
void ws_bcast_set(struct ws_sock *ws, bool on)
{
	WRITE_ONCE(ws->bcast_user, on);
	ws_bcast_update(ws);
}

/*
 * Would the kernel route a datagram from @ws to @addr as a broadcast? As
 * udp_sendmsg() would look it up, without its per-call options (an
 * IP_PKTINFO interface).
 */
static bool ws_route_is_bcast(struct ws_sock *ws, const union ws_addr *addr)
{
	struct sock *sk = ws->sk;
	struct flowi4 fl4 = {};
	struct rtable *rt;
	bool bcast;

	if (addr->sa.sa_family == AF_INET)
		fl4.daddr = addr->sin.sin_addr.s_addr;
	else if (ipv6_addr_v4mapped(&addr->sin6.sin6_addr))
		fl4.daddr = addr->sin6.sin6_addr.s6_addr32[3];
	else
		return false;
	if (ipv4_is_lbcast(fl4.daddr))
		return true;
	fl4.saddr = READ_ONCE(inet_sk(sk)->inet_saddr);
	fl4.flowi4_oif = READ_ONCE(sk->sk_bound_dev_if);
	fl4.flowi4_proto = IPPROTO_UDP;
	rt = ip_route_output_key(sock_net(sk), &fl4);
	if (IS_ERR(rt))
		return false;	/* the send fails on its own */
	bcast = rt->rt_flags & RTCF_BROADCAST;
	ip_rt_put(rt);
	return bcast;
}

/* A datagram send to the address @msg names (@addr), for ws_sendmsg(). */
static int ws_dgram_sendto(struct ws_sock *ws, struct msghdr *msg, size_t len,
			   const union ws_addr *addr)
{
	if (!READ_ONCE(ws->bcast_user) && READ_ONCE(ws->bcast_assoc) &&
	    ws_route_is_bcast(ws, addr))
		return -EACCES;	/* as udp_sendmsg() without the option */
	return ws->inet_ops->sendmsg(ws->sock, msg, len);
}

/*
 * connect(2) of a datagram socket (@addr AF_UNSPEC: disconnect). A
 * connect that Linux refuses for want of SO_BROADCAST is made again with
 * it, for the association only. A connect that fails keeps the association
 * there was, as Linux keeps its address.
 */
static int ws_dgram_connect(struct ws_sock *ws, struct sockaddr *addr,
			    int alen, int flags)
{
	bool had;
	int err;

	/* A multipoint leaf that joined its session stays in it. */
	err = ws_mp_connect_begin(ws);
	if (err)
		return err;
	had = READ_ONCE(ws->bcast_assoc);
	if (had) {
		WRITE_ONCE(ws->bcast_assoc, false);
		ws_bcast_update(ws);
	}
	err = ws->inet_ops->connect(ws->sock, addr, alen, flags);
	if (err == -EACCES && !READ_ONCE(ws->bcast_user) &&
	    addr->sa_family != AF_UNSPEC) {
		WRITE_ONCE(ws->bcast_assoc, true);
		ws_bcast_update(ws);
		err = ws->inet_ops->connect(ws->sock, addr, alen, flags);
		WRITE_ONCE(ws->bcast_assoc, !err);
	}
	if (err && had)
		WRITE_ONCE(ws->bcast_assoc, true);
	ws_bcast_update(ws);
	ws_mp_connect_end(ws);
	return err;
}

/* --- connection management ----------------------------------------------- */

/*
 * The scope id of an IPv6 bind, as Windows takes it (Wine test_bind): an
 * address of a local interface with a scope id that names no interface is
 * WSAEADDRNOTAVAIL, where Linux ignores the scope id of a global address
 * and fails a link-local one with ENODEV; a link-local address without a
 * scope id binds on the interface that has it, where Linux fails it with
 * EINVAL, and one that no interface has is WSAEADDRNOTAVAIL.
 */
static int ws_bind_scope(struct ws_sock *ws, struct sockaddr_in6 *sin6)
{
	int type = ipv6_addr_type(&sin6->sin6_addr);
	struct net *net = sock_net(ws->sk);
	struct net_device *dev;
	int err = 0;

	if (type & IPV6_ADDR_MAPPED)
		return 0;
	rcu_read_lock();
	if (sin6->sin6_scope_id) {
		if (!dev_get_by_index_rcu(net, sin6->sin6_scope_id))
			err = -EADDRNOTAVAIL;
	} else if ((type & IPV6_ADDR_LINKLOCAL) && (type & IPV6_ADDR_UNICAST)) {
		dev = ipv6_dev_find(net, &sin6->sin6_addr, NULL);
		if (dev)
			sin6->sin6_scope_id = dev->ifindex;
		else
			err = -EADDRNOTAVAIL;
	}
	rcu_read_unlock();
	return err;
}

static int ws_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct ws_sock *ws = ws_sk(sock);
	union ws_addr addr;
	int alen, err;

	alen = ws_addr_check(ws, uaddr, len);
	if (alen < 0)	/* Winsock: "incorrect address format" is WSAEFAULT */
		return -EFAULT;
	memcpy(&addr, uaddr, alen);
	if (addr.sa.sa_family == AF_INET6) {
		err = ws_bind_scope(ws, &addr.sin6);
		if (err)
			return err;
	}

	err = ws_bind_lower(ws, &addr, alen);
	if (!err && !ws_is_stream(ws))
		ws_ev_bound(ws);
	return err;
}

/*
 * A connection attempt that failed with nobody waiting in connect (a
 * nonblocking one) leaves the socket SS_CONNECTING in TCP_CLOSE: Linux
 * fails the next connect once (ECONNABORTED) and refuses listen (EINVAL).
 * Windows starts a new attempt, or listens (Wine test_select, test_connect).
 * Finish the failed attempt as inet's connect does when it finds it, the
 * error kept for SO_ERROR as a read of it would keep it.
 */
static void ws_connect_forget_failed(struct ws_sock *ws)
{
	struct socket *sock = ws->sock;
	struct sock *sk = ws->sk;
	int err;

	lock_sock(sk);
	if (sock->state == SS_CONNECTING && sk->sk_state == TCP_CLOSE) {
		err = sock_error(sk);
		if (err && !READ_ONCE(ws->was_connected))
			WRITE_ONCE(ws->so_error, -err);
		sock->state = SS_UNCONNECTED;
		if (sk->sk_prot->disconnect(sk, 0))
			sock->state = SS_DISCONNECTING;
	}
	release_sock(sk);
}

static int ws_connect(struct socket *sock, struct sockaddr *uaddr, int len,
		      int flags)
{
	struct ws_sock *ws = ws_sk(sock);
	struct sock *sk = ws->sk;
	struct ws_blocker b;
	union ws_addr addr;
	int alen, err;

	/* Rooted multipoint: a leaf's join (rooted.c). */
	if (ws->rt)
		return ws_rt_connect(ws, uaddr, len, flags);
	/* WSAJoinLeaf: the connect(2) that carries out a registered join. */
	if (ws->mp_role) {
		err = ws_mp_connect(ws, uaddr, len);
		if (err != -ENOENT)
			return err;
	}

	/* Winsock: AF_UNSPEC dissolves a datagram socket's association. */
	if (!ws_is_stream(ws) && len >= (int)sizeof(uaddr->sa_family) &&
	    uaddr->sa_family == AF_UNSPEC) {
		addr.sa.sa_family = AF_UNSPEC;
		return ws_dgram_connect(ws, &addr.sa, sizeof(addr.sa), flags);
	}

	alen = ws_addr_check(ws, uaddr, len);
	if (alen < 0)
		return alen;
	memcpy(&addr, uaddr, alen);

	if (!ws_is_stream(ws)) {
		/* Winsock: an all-zero address dissolves the association. */
		if (ws_addr_is_any(&addr)) {
			addr.sa.sa_family = AF_UNSPEC;
			alen = sizeof(addr.sa);
		}
		err = ws_dgram_connect(ws, &addr.sa, alen, flags);
		if (!err && addr.sa.sa_family != AF_UNSPEC)
			ws_ev_dgram_connected(ws);
		return err;
	}

	switch (READ_ONCE(sk->sk_state)) {
	case TCP_LISTEN:
		return -EINVAL;
	case TCP_CLOSE:
	case TCP_SYN_SENT:
		break;
	default:
		/*
		 * Linux reports a finished nonblocking connect once more as 0.
		 * Windows fails connect on a connection a ConnectEx made with
		 * WSAEINVAL (Wine test_connect, todo_wine there).
		 */
		return READ_ONCE(ws->by_connectex) ? -EINVAL : -EISCONN;
	}
	/* Linux would connect to the local host; Winsock refuses. */
	if (ws_addr_is_any(&addr) || !ws_addr_port(&addr))
		return -EADDRNOTAVAIL;
	/* Windows: the target of an AcceptEx cannot connect. */
	if (ws_ov_accept_target(ws))
		return -EINVAL;
	/* ConnectEx: the connect(2) its caller makes after registering it. */
	err = ws_ov_connect_probe(ws, &addr.sa, alen);
	if (err != -ENOENT)
		return err;

	if (READ_ONCE(sk->sk_state) == TCP_CLOSE) {
		ws_connect_forget_failed(ws);
		ws_ev_connect_start(ws);
	}
	if (!(flags & O_NONBLOCK)) {
		err = ws_block_begin(ws, &b);
		if (err)
			return err;
	}
	err = ws->inet_ops->connect(sock, &addr.sa, alen, flags);
	if (!(flags & O_NONBLOCK) && ws_block_end(ws, &b) &&
	    (err == -ERESTARTSYS || err == -EINTR))
		err = -EINTR;	/* closesocket; the attempt goes on */
	switch (err) {
	case 0:
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
	struct ws_sock *ws = ws_sk(sock);
	int state = READ_ONCE(ws->sk->sk_state), err;

	if (!ws_lower_is_bound(ws))
		return -EINVAL;
	if (state != TCP_CLOSE && state != TCP_LISTEN)
		return -EISCONN;
	if (ws->rt)
		return ws_rt_listen(ws, backlog);
	if (state == TCP_CLOSE)
		ws_connect_forget_failed(ws);
	/* SO_CONDITIONAL_ACCEPT: SYNs are held from the first one on. */
	if (state == TCP_CLOSE && READ_ONCE(ws->cond_accept)) {
		err = ws_synq_start(ws);
		if (err)
			return err;
	}
	/* A failed listen keeps the queue, for release (synhold.c). */
	err = ws->inet_ops->listen(sock, backlog);
	if (!err)
		ws_bind_listen_first(ws);
	return err;
}

/*
 * accept(2) on a listener that holds SYNs (SO_CONDITIONAL_ACCEPT), without
 * a condition: each turn answers the oldest unclaimed SYN (CF_ACCEPT) if no
 * connection is queued, and takes a queued connection if there is one. A
 * blocking accept waits in between for a SYN or a connection, which
 * TCP's own wait (for connections only) would not see.
 */
static int ws_synq_do_accept(struct socket *sock, struct socket *newsock,
			     int flags)
{
	struct ws_sock *ws = ws_sk(sock);
	long timeo = sock_rcvtimeo(ws->sk, flags & O_NONBLOCK);
	unsigned long next = jiffies;
	bool may;
	int err;

	for (;;) {
		/*
		 * A SYN answered, the call waits a second for its connection
		 * before it answers another (a spoofed one never connects):
		 * a waiting accept answers no flood.
		 */
		may = time_after_eq(jiffies, next);
		if (may && ws_synq_accept_one(ws)) {
			next = jiffies + HZ;
			may = false;
		}
		err = __ws_do_accept(sock, newsock, flags | O_NONBLOCK, false,
				     false);
		if (err != -EAGAIN || (flags & O_NONBLOCK))
			return err;
		if (signal_pending(current))
			return sock_intr_errno(timeo);
		err = ws_cond_wait_for(ws, &timeo, may);
		if (err)
			return err;
		cond_resched();
	}
}

int ws_do_accept(struct socket *sock, struct socket *newsock, int flags,
		 bool kern)
{
	struct ws_sock *ws = ws_sk(sock);
	int err;

	if (ws->rt) {
		/* A root: the leaves whose JOIN arrived (rooted.c). */
		err = ws_rt_accept(ws, newsock, flags);
		if (!err) {
			ws_accept_handout(ws, newsock);
			ws_accept_nonblock(sock, newsock);
		}
		return err;
	}
	if (!kern && READ_ONCE(ws->sk->sk_state) == TCP_LISTEN) {
		/* AcceptEx: the accept(2) its caller makes after registering it. */
		err = ws_ov_accept_probe(ws);
		if (err != -ENOENT)
			return err;
		/* WSAAccept: the same, for a conditional accept. */
		err = ws_cond_accept_probe(ws, flags);
		/* A connection whose SYN was accepted: no condition again. */
		if (err == -EISCONN)
			return __ws_do_accept(sock, newsock, flags, kern, false);
		if (err != -ENOENT)
			return err;
		/* A connection WSAAccept deferred comes before any new one. */
		if (!ws_cond_accept_held(ws, newsock)) {
			ws_accept_handout(ws, newsock);
			ws_ev_reenable(ws, BIT(WS_FD_ACCEPT_BIT));
			ws_accept_nonblock(sock, newsock);
			return 0;
		}
		/* SO_CONDITIONAL_ACCEPT: accept(2) is CF_ACCEPT for a SYN. */
		if (READ_ONCE(ws->synq))
			return ws_synq_do_accept(sock, newsock, flags);
	}
	return __ws_do_accept(sock, newsock, flags, kern, false);
}

/* Is a SYN held, or a connection queued (or the socket no longer listening)? */
static bool ws_cond_wait_done(struct ws_sock *ws, bool syns)
{
	struct sock *sk = ws->sk;

	return (syns && READ_ONCE(ws->syn_free)) ||
	       !reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue) ||
	       READ_ONCE(sk->sk_state) != TCP_LISTEN;
}

/**
 * ws_cond_wait() - wait for a held SYN or a queued connection
 * @ws: a listener with SO_CONDITIONAL_ACCEPT
 * @timeo: the time left, as sock_rcvtimeo() gives it; updated
 *
 * Cancelled as a blocking accept is (WS_IOC_CANCEL_BLOCKING).
 *
 * Context: process context, the listener's file held.
 * Return: 0, -EAGAIN (the time ran out), -EINTR or -ERESTARTSYS.
 */
int ws_cond_wait(struct ws_sock *ws, long *timeo)
{
	return ws_cond_wait_for(ws, timeo, true);
}

/*
 * ws_cond_wait(), or with !@syns a wait for a queued connection only, a
 * second at a time: a handshake that fails wakes nobody.
 */
static int ws_cond_wait_for(struct ws_sock *ws, long *timeo, bool syns)
{
	long step = syns ? *timeo : min_t(long, *timeo, HZ), left;
	struct ws_blocker b;
	int err;

	if (!*timeo)
		return -EAGAIN;
	err = ws_block_begin(ws, &b);
	if (err)
		return err;
	left = wait_event_interruptible_timeout(*sk_sleep(ws->sk),
						ws_cond_wait_done(ws, syns),
						step);
	if (ws_block_end(ws, &b) || ws_cancelled(ws))
		return -EINTR;
	if (left < 0)
		return sock_intr_errno(*timeo);
	if (*timeo != MAX_SCHEDULE_TIMEOUT)
		*timeo -= step - left;
	return *timeo || ws_cond_wait_done(ws, syns) ? 0 : -EAGAIN;
}

/**
 * ws_accept_replayed() - take the connection a CF_ACCEPT verdict started
 * @ws: a listener with SO_CONDITIONAL_ACCEPT
 * @newsock: from sock_alloc(), with the listener's type and ops
 * @nonblock: the listener is nonblocking: do not wait
 *
 * The SYN was answered; the connection is queued when the peer's ACK
 * comes. A blocking listener waits for it while a handshake is under way
 * (it may be another verdict's: connections are taken in order).
 *
 * Context: process context, the listener's file held.
 * Return: 0, -EINPROGRESS when none is queued (yet), -EINTR, or accept's
 * error.
 */
int ws_accept_replayed(struct ws_sock *ws, struct socket *newsock,
		       bool nonblock)
{
	struct sock *sk = ws->sk;
	struct ws_blocker b;
	long left;
	int err;

	if (!nonblock) {
		err = ws_block_begin(ws, &b);
		if (err)
			return err;
	}
	for (;;) {
		err = ws_accept_hold(ws, newsock, O_NONBLOCK);
		if (err != -EAGAIN)
			break;
		err = -EINPROGRESS;
		if (nonblock || !inet_csk_reqsk_queue_len(sk) ||
		    READ_ONCE(sk->sk_state) != TCP_LISTEN)
			break;
		/* A handshake that fails wakes nobody: look again each second. */
		left = wait_event_interruptible_timeout(*sk_sleep(sk),
							ws_cond_wait_done(ws, false),
							HZ);
		if (left < 0) {
			err = -EINTR;
			break;
		}
	}
	if (!nonblock && (ws_block_end(ws, &b) || ws_cancelled(ws)) && err)
		err = -EINTR;
	return err;
}

/**
 * ws_accept_hold() - accept a new connection for WSAAccept to hold
 * @ws: a listening socket
 * @newsock: from sock_alloc(), with the listener's type and ops
 * @flags: O_NONBLOCK: do not wait
 *
 * What accept(2) does, with the calling thread's blocking and cancellation
 * rules; AcceptEx's and WSAAccept's deferred connections are not taken.
 * The listener's WSAEventSelect or WSAAsyncSelect is not inherited yet:
 * ws_accept_handout() does that when the connection is handed out, so
 * that nothing is signalled or posted for it (under an id that is not the
 * final socket's) while it is held.
 *
 * Context: process context, the listener's file held.
 * Return: 0 or -errno.
 */
int ws_accept_hold(struct ws_sock *ws, struct socket *newsock, int flags)
{
	return __ws_do_accept(ws->sock, newsock, flags, false, true);
}

/**
 * ws_accept_handout() - a held connection becomes an accepted socket
 * @ws: the listener
 * @sock: the socket that now has the connection
 *
 * "The newly created socket has the same properties as s including
 * asynchronous events registered with WSAAsyncSelect or with
 * WSAEventSelect" (spec WSAAccept): the selection is inherited now.
 *
 * Context: process context.
 */
void ws_accept_handout(struct ws_sock *ws, struct socket *sock)
{
	ws_ev_inherit(ws_sk(sock), ws);
}

/**
 * ws_sock_move() - move an accepted connection into another socket
 * @from: a ws socket without a file (condaccept.c's held connection)
 * @to: accept(2)'s new socket, of the same type and ops, without a sock
 *
 * What inet_accept() does to graft the sock, and the ws_sock follows it.
 * @from is left empty: releasing it releases nothing else.
 *
 * Context: process context; nobody else uses @from.
 */
void ws_sock_move(struct socket *from, struct socket *to)
{
	struct ws_sock *nws = ws_sk(from);
	struct sock *sk = from->sk;

	lock_sock(sk);
	sock_graft(sk, to);
	if (test_bit(SOCK_SUPPORT_ZC, &from->flags))
		set_bit(SOCK_SUPPORT_ZC, &to->flags);
	to->state = from->state;
	from->sk = NULL;
	nws->sock = to;
	WRITE_ONCE(nws->id, SOCK_INODE(to)->i_ino);
	release_sock(sk);
}

/* An accepted socket is nonblocking if the listener is. */
static void ws_accept_nonblock(struct socket *sock, struct socket *newsock)
{
	if (sock->file && newsock->file && (sock->file->f_flags & O_NONBLOCK)) {
		spin_lock(&newsock->file->f_lock);
		newsock->file->f_flags |= O_NONBLOCK;
		spin_unlock(&newsock->file->f_lock);
	}
}

static int __ws_do_accept(struct socket *sock, struct socket *newsock,
			  int flags, bool kern, bool held)
{
	struct ws_sock *ws = ws_sk(sock), *nws;
	struct ws_blocker b;
	int err;

	if (READ_ONCE(ws->sk->sk_state) != TCP_LISTEN)
		return -EINVAL;

	/* Allocate first, so a failure cannot drop an accepted connection. */
	nws = ws_sock_alloc();
	if (!nws)
		return -ENOMEM;

	if (!(flags & O_NONBLOCK)) {
		err = ws_block_begin(ws, &b);
		if (err) {
			ws_sock_free(nws);
			return err;
		}
	}
	err = ws_inet_accept(sock, newsock, flags, kern);
	if (!(flags & O_NONBLOCK) && ws_block_end(ws, &b) && err)
		err = -EINTR;
	/* accept re-enables FD_ACCEPT, even when it fails. */
	ws_ev_reenable(ws, BIT(WS_FD_ACCEPT_BIT));
	if (err) {
		ws_sock_free(nws);
		return ws_cancelled(ws) ? -EINTR : err;
	}

	/* Winsock: the accepted socket has the listening socket's properties. */
	nws->rcvbuf_set = READ_ONCE(ws->rcvbuf_set);
	nws->sndbuf_set = READ_ONCE(ws->sndbuf_set);
	nws->rcvtimeo_ms = READ_ONCE(ws->rcvtimeo_ms);
	nws->sndtimeo_ms = READ_ONCE(ws->sndtimeo_ms);
	nws->reuseaddr = READ_ONCE(ws->reuseaddr);
	nws->exclusive = READ_ONCE(ws->exclusive);
	nws->debug = READ_ONCE(ws->debug);
	nws->entry = ws->entry;
	nws->was_connected = true;
	ws_sockopt_connected(nws);
	ws_sock_attach(nws, newsock, ws->inet_ops, ws);
	if (!held)
		ws_ev_inherit(nws, ws);
	ws_accept_nonblock(sock, newsock);
	return 0;
}

static int ws_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct ws_sock *ws = ws_sk(sock);
	union ws_addr addr;
	int len;

	/* Winsock: getsockname on an unbound socket is WSAEINVAL. */
	if (!peer && !ws_lower_is_bound(ws))
		return -EINVAL;
	/* Windows: no peer while a ConnectEx is under way. */
	if (peer && ws_ov_connect_pending(ws))
		return -ENOTCONN;
	/* A leaf that sends to its multicast group: the group. */
	if (peer && !ws_is_stream(ws) && ws_mp_dest(ws, &addr, &len)) {
		memcpy(uaddr, &addr, len);
		return len;
	}
	return ws->inet_ops->getname(sock, uaddr, peer);
}

static int ws_shutdown(struct socket *sock, int how)
{
	struct ws_sock *ws = ws_sk(sock);
	int state, err;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (ws->rt)
		return ws_rt_shutdown(ws, how);

	state = READ_ONCE(ws->sk->sk_state);
	if (ws_is_stream(ws) && (state == TCP_CLOSE || state == TCP_LISTEN))
		return -ENOTCONN;
	err = ws->inet_ops->shutdown(sock, how);
	/* Winsock allows shutdown of an unconnected datagram socket. */
	if (err == -ENOTCONN && !ws_is_stream(ws))
		err = 0;
	if (err)
		return err;
	if (how != SHUT_WR)
		WRITE_ONCE(ws->shut_rd, true);
	if (how != SHUT_RD)
		WRITE_ONCE(ws->shut_wr, true);
	return 0;
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

	if (len > ws_max_msg_size(SOCK_DGRAM, ws_af(ws)))
		return -EMSGSIZE;
	if (!ws_lower_is_bound(ws)) {
		any.sa.sa_family = ws->sk->sk_family;
		err = ws->inet_ops->bind(ws->sock, &any.sa,
					 any.sa.sa_family == AF_INET ?
					 sizeof(any.sin) : sizeof(any.sin6));
		if (err)
			return err;
	}
	return len;
}

/*
 * A nonblocking TCP send on Windows takes the whole buffer while the send
 * buffer is not full, even past SO_SNDBUF, or fails with WSAEWOULDBLOCK;
 * it never takes part of it (Wine test_write_events: each 1 MiB send
 * returned 1 MiB until WSAEWOULDBLOCK). Linux takes what fits. While the
 * buffer has room, it is made room for the whole message for this one
 * send (at most tcp_wmem[2] at a time) and the memory for it is charged
 * first, SO_SNDBUF held meanwhile so that memory pressure does not shrink
 * it: if the charge fails, nothing is sent (EAGAIN), unless nothing is
 * queued, when the send takes what it can so that the socket makes
 * progress. With SO_SNDBUF 0 Windows buffers nothing, and neither does
 * this.
 */
static int ws_tcp_send_whole(struct ws_sock *ws, struct msghdr *msg,
			     size_t len)
{
	struct sock *sk = ws->sk;
	int sndbuf, locks, err;
	u64 need, charge;

	lock_sock(sk);
	sndbuf = sk->sk_sndbuf;
	locks = sk->sk_userlocks;
	charge = (u64)len + len / 4 + SZ_4K;	/* the data and its skbs */
	need = (u64)sk->sk_wmem_queued + charge;
	if (((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) &&
	    READ_ONCE(ws->sndbuf_set) != 0 &&
	    len <= (size_t)READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_wmem[2]) &&
	    need <= INT_MAX) {
		/* Full: nothing, not the room left in the last segment. */
		if (!sk_stream_memory_free(sk))
			goto nospace;
		if (need > sndbuf)
			WRITE_ONCE(sk->sk_sndbuf, (int)need);
		sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
		if (!sk_wmem_schedule(sk, (int)charge) && sk->sk_wmem_queued)
			goto nospace;
	}
	err = tcp_sendmsg_locked(sk, msg, len);
	goto out;
nospace:
	/* As sk_stream_wait_memory() does: sk_write_space when room comes. */
	sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
	set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	err = -EAGAIN;
out:
	sk->sk_userlocks = locks;
	WRITE_ONCE(sk->sk_sndbuf, sndbuf);
	release_sock(sk);
	return err;
}

static int __ws_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct ws_sock *ws = ws_sk(sock);
	int flags = msg->msg_flags;
	union ws_addr addr;
	int alen, err;

	if (flags & ~(WS_SEND_FLAGS | WS_CORE_FLAGS))
		return -EOPNOTSUPP;
	if ((flags & MSG_OOB) && !ws_is_stream(ws))
		return -EOPNOTSUPP;
	if (READ_ONCE(ws->shut_wr))
		return -ESHUTDOWN;
	if (READ_ONCE(ws->conn_reset))
		return -ECONNRESET;
	if (READ_ONCE(ws->conn_aborted))
		return -ECONNABORTED;

	if (msg->msg_name && ws_is_stream(ws)) {
		/* Winsock: sendto ignores the address on a connected stream. */
		msg->msg_name = NULL;
		msg->msg_namelen = 0;
	} else if (msg->msg_name) {
		err = ws_addr_check(ws, msg->msg_name, msg->msg_namelen);
		if (err < 0)
			return err;
		memcpy(&addr, msg->msg_name, err);
		if (ws_addr_is_any(&addr))
			return -EADDRNOTAVAIL;
		/* Windows sends to port 0 (nobody receives); Linux refuses. */
		if (!ws_addr_port(&addr))
			return ws_dgram_send_nowhere(ws, len);
		msg->msg_namelen = err;
		msg->msg_flags = flags | MSG_NOSIGNAL;
		return ws_dgram_sendto(ws, msg, len, &addr);
	} else if (!ws_is_stream(ws) && ws_mp_dest(ws, &addr, &alen)) {
		/* A multipoint leaf's sends go to its group (multipoint.c). */
		if (!ws_addr_port(&addr))
			return ws_dgram_send_nowhere(ws, len);
		msg->msg_flags = flags | MSG_NOSIGNAL;
		msg->msg_name = &addr;
		msg->msg_namelen = alen;
		err = ws->inet_ops->sendmsg(sock, msg, len);
		msg->msg_name = NULL;
		msg->msg_namelen = 0;
		return err;
	}

	msg->msg_flags = flags | MSG_NOSIGNAL;
	if (ws_is_stream(ws) && (flags & MSG_DONTWAIT) && !(flags & MSG_OOB))
		return ws_tcp_send_whole(ws, msg, len);
	return ws->inet_ops->sendmsg(sock, msg, len);
}

static int ws_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct ws_sock *ws = ws_sk(sock);
	int flags = msg->msg_flags;
	bool block = !(flags & MSG_DONTWAIT), cancelled = false;
	struct ws_blocker b;
	int err;

	if (block) {
		err = ws_block_begin(ws, &b);
		if (err)
			return err;
	}
	if (ws->rt)
		err = ws_rt_sendmsg(ws, msg, len);
	else
		err = __ws_sendmsg(sock, msg, len);
	if (block)
		cancelled = ws_block_end(ws, &b);

	/* Any send re-enables FD_WRITE; EWOULDBLOCK arms it. */
	ws_ev_send_done(ws, err);
	if (err < 0 && (cancelled || ws_cancelled(ws)))
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
	struct ws_sock *ws = ws_sk(sock);
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
		if (sock_flag(ws->sk, SOCK_URGINLINE))
			return -EINVAL;
	}
	if (READ_ONCE(ws->shut_rd))
		return -ESHUTDOWN;
	if (!ws_is_stream(ws) && !ws_lower_is_bound(ws))
		return -EINVAL;
	if (ws_is_stream(ws) && READ_ONCE(ws->conn_reset))
		return -ECONNRESET;
	if (ws_is_stream(ws) && READ_ONCE(ws->conn_aborted))
		return -ECONNABORTED;
	if (!ws_is_stream(ws) && !(flags & MSG_PEEK) &&
	    xchg(&ws->dgram_connreset, false))
		return -ECONNRESET;

	err = ws->inet_ops->recvmsg(sock, msg, len, lflags);
	if (err == -ECONNRESET && ws_is_stream(ws))
		WRITE_ONCE(ws->conn_reset, true);

	if (err >= 0 && !ws_is_stream(ws) && (msg->msg_flags & MSG_TRUNC))
		return -EMSGSIZE;
	if (err == -EAGAIN && !(flags & (MSG_DONTWAIT | MSG_OOB)))
		return -ETIMEDOUT;	/* SO_RCVTIMEO ran out */
	return err;
}

static int ws_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		      int flags)
{
	struct ws_sock *ws = ws_sk(sock);
	bool block = !(flags & MSG_DONTWAIT), cancelled = false;
	struct ws_blocker b;
	int err;

	if (block) {
		err = ws_block_begin(ws, &b);
		if (err)
			return err;
	}
	if (ws->rt)
		err = ws_rt_recvmsg(ws, msg, len, flags);
	else
		err = __ws_recvmsg(sock, msg, len, flags);
	if (block)
		cancelled = ws_block_end(ws, &b);

	/* Any recv, even a failing one, re-enables FD_READ and FD_OOB. */
	ws_ev_reenable(ws, BIT(WS_FD_READ_BIT) | BIT(WS_FD_OOB_BIT));
	if (err <= 0 && len && (cancelled || ws_cancelled(ws)))
		return -EINTR;
	/* A recv blocked when the reset came: WSAECONNRESET, not EOF. */
	if (!err && len && READ_ONCE(ws->conn_reset))
		return -ECONNRESET;
	return err;
}

static __poll_t ws_poll(struct file *file, struct socket *sock,
			poll_table *wait)
{
	struct ws_sock *ws = ws_sk(sock);
	__poll_t mask;

	if (ws->rt)
		return ws_rt_poll(file, ws, wait);
	mask = ws->inet_ops->poll(file, sock, wait);

	/* A connection WSAAccept deferred waits (condaccept.c). */
	if (ws_cond_readable(ws))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/* --- ioctl --------------------------------------------------------------- */

/* Winsock FIONREAD on a datagram socket: all queued payload. */
static int ws_dgram_pending(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	struct sk_buff_head *rq = &udp_sk(sk)->reader_queue;
	struct sk_buff_head *sq = &sk->sk_receive_queue;
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
	struct ws_sock *ws = ws_sk(sock);
	struct sock *sk = ws->sk;
	struct tcp_sock *tp;

	if (!ws_is_stream(ws) || !sock->file ||
	    !(READ_ONCE(sock->file->f_flags) & O_NONBLOCK))
		return 0;
	if (!sock_flag(sk, SOCK_LINGER) || !READ_ONCE(sk->sk_lingertime))
		return 0;
	tp = tcp_sk(sk);
	if (READ_ONCE(tp->write_seq) != READ_ONCE(tp->snd_una))
		return -EWOULDBLOCK;
	return 0;
}

static int ws_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct ws_sock *ws = ws_sk(sock);
	int __user *argp = (int __user *)arg;
	u16 urg;
	int err;

	if (ws->rt) {
		err = ws_rt_ioctl(ws, cmd, arg);
		if (err != -ENOIOCTLCMD)
			return err;
	}
	switch (cmd) {
	case WS_IOC_RT_JOIN:
	case WS_IOC_RT_CONNDATA:
	case WS_IOC_RT_PEEK:
	case WS_IOC_RT_VERDICT:
		return -EINVAL;	/* not a rooted multipoint socket */
	case SIOCINQ:
		if (ws_is_stream(ws))
			return ws->inet_ops->ioctl(sock, cmd, arg);
		return put_user(ws_dgram_pending(ws), argp);
	case SIOCATMARK:
		if (!ws_is_stream(ws))
			return -EINVAL;
		/* Winsock: TRUE when no out-of-band data waits to be read. */
		urg = READ_ONCE(tcp_sk(ws->sk)->urg_data);
		return put_user(!(urg & TCP_URG_VALID), argp);
	case WS_IOC_CLOSECHECK:
		return ws_close_check(sock);
	case WS_IOC_CANCEL_BLOCKING:
		return ws_cancel_blocking(sock);
	case WS_IOC_JOIN_LEAF:
		return ws_mp_join_leaf(ws, (void __user *)arg);
	case WS_IOC_PROTOCOLS:
		return ws_catalog_ioctl((void __user *)arg);
	case WS_IOC_ACCEPT_COND:
	case WS_IOC_ACCEPT_VERDICT:
		return ws_cond_ioctl(ws, cmd, (void __user *)arg);
	default:
		err = ws_ev_ioctl(sock, cmd, arg);
		if (err == -ENOIOCTLCMD)
			err = ws_ov_ioctl(sock, cmd, arg);
		return err;
	}
}

#ifdef CONFIG_COMPAT
/* Every ws ioctl argument has the same layout for 32-bit callers. */
static int ws_compat_ioctl(struct socket *sock, unsigned int cmd,
			   unsigned long arg)
{
	return ws_ioctl(sock, cmd, (unsigned long)compat_ptr(arg));
}
#endif

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
#ifdef CONFIG_COMPAT
	.compat_ioctl	= ws_compat_ioctl,
#endif
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

	err = ws_inet_callbacks_init();
	if (err)
		return err;
	ws_sock_cachep = KMEM_CACHE(ws_sock, SLAB_ACCOUNT);
	if (!ws_sock_cachep)
		return -ENOMEM;
	err = ws_ov_init_module();
	if (err)
		goto err_cache;
	err = ws_bind_init();
	if (err)
		goto err_ov;
	err = ws_diag_init();
	if (err)
		goto err_bind;
	err = ws_dev_init();
	if (err)
		goto err_diag;

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
err_diag:
	ws_diag_exit();
err_bind:
	ws_bind_exit();
err_ov:
	ws_ov_exit_module();
err_cache:
	kmem_cache_destroy(ws_sock_cachep);
	return err;
}

static void __exit ws_exit(void)
{
	sock_unregister(ws_family);
	/* TCP children cloned with our callbacks in softirq context are done. */
	synchronize_net();
	ws_dev_exit();
	ws_dup_exit();
	ws_diag_exit();
	ws_bind_exit();
	ws_ov_exit_module();
	ws_limits_exit();
	kmem_cache_destroy(ws_sock_cachep);
}

module_init(ws_init);
module_exit(ws_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Winsock 2 semantics as a Linux socket family");
MODULE_VERSION(WS_VERSION);
MODULE_ALIAS_NETPROTO(WS_FAMILY_DEFAULT);
