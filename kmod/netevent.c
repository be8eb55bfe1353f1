// SPDX-License-Identifier: GPL-2.0
/*
 * ws: the network-event record of WSAEventSelect, WSAAsyncSelect and
 * WSAEnumNetworkEvents.
 *
 * Each ws socket keeps, under its ev_lock:
 *  - ev_mask: the FD_* events selected, and where they go: an event object
 *    (WSAEventSelect) or a message queue with hwnd/message (WSAAsyncSelect);
 *  - ev_pending: the record, the events recorded and not yet enumerated,
 *    with ev_err[] (a positive errno or 0) per event;
 *  - ev_reported: the events recorded since their re-enabling call. An event
 *    is recorded only while its bit is clear here ("once recorded, not again
 *    until re-enabled"), with one exception Windows makes for WSAEventSelect
 *    (not WSAAsyncSelect) on TCP: an arrival - new data, a new urgent byte, a
 *    new connection - records FD_READ, FD_OOB or FD_ACCEPT again even
 *    before the re-enabling call (Wine test_read_events, test_oob_events,
 *    test_accept_events). ev_rcvd_seen and ev_urg_seen tell a TCP arrival
 *    from the other wake-ups of sk_data_ready (the peer's FIN).
 * The sock's callbacks (af_ws.c) call ws_ev_callback(), the
 * re-enabling calls (recv, send, accept) call ws_ev_reenable() and
 * ws_ev_send_done(); both re-evaluate the conditions of the level-triggered
 * events from the sock's state, so nothing polls.
 *
 * Locks: ev_lock is a BH-safe spinlock taken from the sock's
 * callbacks (softirq, or process context with BH off) and from process
 * context with spin_lock_bh. Under it, recording may signal the event object
 * (its lock, and ws_event_all_lock if a wait-all watches it) and post to a
 * message queue (its wq.lock): ev_lock nests outside them. The event and
 * queue pointers are swapped under ev_lock and their references dropped
 * after it, so a callback never sees a freed object.
 */
#include <linux/file.h>
#include <net/inet_connection_sock.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "ws.h"
#include "ws_trace.h"

void ws_ev_init(struct ws_sock *ws)
{
	spin_lock_init(&ws->ev_lock);
}

/* --- conditions, read from the sock --------------------------------------- */

static bool ws_tcp_oob_pending(struct sock *sk)
{
	return !sock_flag(sk, SOCK_URGINLINE) &&
	       (READ_ONCE(tcp_sk(sk)->urg_data) & TCP_URG_VALID);
}

/* Normal data to read; the urgent byte read out of band does not count. */
static bool ws_tcp_readable(struct sock *sk)
{
	int avail = tcp_inq(sk);

	if (ws_tcp_oob_pending(sk))
		avail--;
	return avail > 0;
}

static bool ws_dgram_readable(struct sock *sk)
{
	return !skb_queue_empty_lockless(&udp_sk(sk)->reader_queue) ||
	       !skb_queue_empty_lockless(&sk->sk_receive_queue);
}

static bool ws_tcp_connected(struct sock *sk)
{
	int state = READ_ONCE(sk->sk_state);

	return state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT;
}

static bool ws_writable(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	struct ws_rt_evstate st;

	if (ws->rt) {
		ws_rt_evstate(ws, &st);
		return st.writable;
	}

	if (ws_is_stream(ws))
		return ws_tcp_connected(sk) && sk_stream_is_writeable(sk);
	return sock_writeable(sk);
}

/* --- recording ----------------------------------------------------------- */

static void ws_ev_signal(struct ws_sock *ws, unsigned int bit, int err)
{
	struct ws_msg msg;

	lockdep_assert_held(&ws->ev_lock);
	if (ws->ev_event) {
		ws_event_set(ws->ev_event);
	} else if (ws->ev_msgq) {
		msg = (struct ws_msg){
			.hwnd = ws->ev_hwnd,
			.message = ws->ev_message,
			.flags = WS_MSG_FROM_SOCKET,
			.wparam = ws->id,
			.lparam = BIT(bit) | ((u64)(u16)err << 16),
		};
		/* A full queue drops the message, as Windows' does. */
		ws_msgq_post(ws->ev_msgq, &msg, GFP_ATOMIC);
	}
}

/* Record event @bit with error @err, even if reported since re-enabled. */
static void ws_ev_record_again(struct ws_sock *ws, unsigned int bit, int err)
{
	lockdep_assert_held(&ws->ev_lock);
	if (!(ws->ev_mask & BIT(bit)))
		return;
	ws->ev_reported |= BIT(bit);
	ws->ev_pending |= BIT(bit);
	ws->ev_err[bit] = err;
	trace_ws_netevent_record(ws->id, bit, err, ws->ev_msgq);
	ws_ev_signal(ws, bit, err);
}

/* Record event @bit with error @err, unless reported since re-enabled. */
static void ws_ev_record(struct ws_sock *ws, unsigned int bit, int err)
{
	lockdep_assert_held(&ws->ev_lock);
	if (ws->ev_reported & BIT(bit))
		return;
	ws_ev_record_again(ws, bit, err);
}

/*
 * A level-triggered event whose condition holds: recorded if not reported
 * since re-enabled or, for WSAEventSelect, on an arrival.
 */
static void ws_ev_record_level(struct ws_sock *ws, unsigned int bit,
			       bool arrival)
{
	lockdep_assert_held(&ws->ev_lock);
	if (arrival && ws->ev_event)
		ws_ev_record_again(ws, bit, 0);
	else
		ws_ev_record(ws, bit, 0);
}

/*
 * FD_CLOSE: the peer's FIN (SOCK_DONE), with error 0, at once even if data
 * before it is still unread (Windows, Wine test_close_events; the
 * specification waits for the data to be read); or a reset (closed without
 * FIN, or with an error), with WSAECONNABORTED as Windows reports it. A
 * reset is remembered: a recv may consume sk_err before the next
 * evaluation.
 */
static void ws_ev_update_close(struct ws_sock *ws, struct sock *sk)
{
	bool done = sock_flag(sk, SOCK_DONE);
	bool closed = READ_ONCE(sk->sk_state) == TCP_CLOSE;

	lockdep_assert_held(&ws->ev_lock);
	if (!READ_ONCE(ws->was_connected) || (!done && !closed))
		return;
	if (closed && (!done || READ_ONCE(sk->sk_err)))
		ws->ev_reset = true;
	ws_ev_record(ws, WS_FD_CLOSE_BIT, ws->ev_reset ? ECONNABORTED : 0);
}

/*
 * A rooted multipoint socket (rooted.c): its events follow its messages,
 * joins and connections, not its TCP sock. rooted.c calls
 * ws_ev_callback() when they change, with @arrival for a new message or
 * a new complete join.
 */
static void ws_ev_update_rt(struct ws_sock *ws, bool arrival)
{
	struct ws_rt_evstate st;

	lockdep_assert_held(&ws->ev_lock);
	ws_rt_evstate(ws, &st);
	if (st.readable)
		ws_ev_record_level(ws, WS_FD_READ_BIT, arrival);
	if (st.acceptable)
		ws_ev_record_level(ws, WS_FD_ACCEPT_BIT, arrival);
	if (ws->ev_write_blocked && st.writable) {
		ws->ev_write_blocked = false;
		ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
	}
	if (st.closed)
		ws_ev_record(ws, WS_FD_CLOSE_BIT, st.close_err);
}

/*
 * Record every selected event whose condition holds now; @arrival: called
 * from sk_data_ready, so what holds may have just arrived.
 */
static void ws_ev_update(struct ws_sock *ws, bool arrival)
{
	struct sock *sk = ws->sk;
	bool new_data, new_urg, oob;
	u64 rcvd;
	u32 urg;

	lockdep_assert_held(&ws->ev_lock);
	if (!ws->ev_mask)
		return;
	if (READ_ONCE(ws->rt)) {
		ws_ev_update_rt(ws, arrival);
		return;
	}

	if (!ws_is_stream(ws)) {
		/*
		 * Windows was seen recording arrivals again on TCP only; for
		 * datagrams the specification's rule stands.
		 */
		if (ws_dgram_readable(sk))
			ws_ev_record(ws, WS_FD_READ_BIT, 0);
		if (ws->ev_write_blocked && sock_writeable(sk)) {
			ws->ev_write_blocked = false;
			ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
		}
		return;
	}

	if (READ_ONCE(sk->sk_state) == TCP_LISTEN) {
		/*
		 * Connections AcceptEx will take record no FD_ACCEPT. The
		 * listener's sk_data_ready means a connection was queued, or
		 * one WSAAccept held became free (condaccept.c), which only
		 * accept(2) takes.
		 */
		if ((!reqsk_queue_empty(&inet_csk(sk)->icsk_accept_queue) &&
		     READ_ONCE(sk->sk_ack_backlog) > ws_ov_acc_armed(ws)) ||
		    ws_cond_readable(ws))
			ws_ev_record_level(ws, WS_FD_ACCEPT_BIT, arrival);
		return;
	}
	/*
	 * Bytes not seen before, an urgent byte at a sequence number not seen
	 * before (the pointer may come before its byte): an arrival.
	 */
	rcvd = READ_ONCE(tcp_sk(sk)->bytes_received);
	new_data = arrival && rcvd != ws->ev_rcvd_seen;
	ws->ev_rcvd_seen = rcvd;
	oob = ws_tcp_oob_pending(sk);
	urg = READ_ONCE(tcp_sk(sk)->urg_seq);
	new_urg = arrival && oob && urg != ws->ev_urg_seen;
	if (oob)
		ws->ev_urg_seen = urg;
	if (ws_tcp_readable(sk))
		ws_ev_record_level(ws, WS_FD_READ_BIT, new_data);
	if (oob)
		ws_ev_record_level(ws, WS_FD_OOB_BIT, new_urg);
	if (ws->ev_write_blocked && ws_writable(ws)) {
		ws->ev_write_blocked = false;
		ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
	}

	ws_ev_update_close(ws, sk);
}

/* The outcome of connect(), from the callbacks. */
static void ws_ev_connect_done(struct ws_sock *ws, struct sock *sk)
{
	int state = READ_ONCE(sk->sk_state);
	int err;

	lockdep_assert_held(&ws->ev_lock);
	if (state == TCP_SYN_SENT)
		return;
	ws->ev_connecting = false;
	ws->ev_connected = true;
	if (state == TCP_CLOSE) {
		err = READ_ONCE(sk->sk_err);
		ws->ev_conn_err = err ? err : ECONNREFUSED;
		ws_ev_record(ws, WS_FD_CONNECT_BIT, ws->ev_conn_err);
		return;
	}
	ws->ev_conn_err = 0;
	ws_ev_record(ws, WS_FD_CONNECT_BIT, 0);
	ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
}

/**
 * ws_ev_callback() - re-evaluate the record after a callback of the sock
 * @ws: the socket
 * @arrival: the callback is sk_data_ready (something may have arrived)
 *
 * Context: softirq, or process context with BH disabled.
 */
void ws_ev_callback(struct ws_sock *ws, bool arrival)
{
	struct sock *sk = ws->sk;

	spin_lock_bh(&ws->ev_lock);
	if (ws->ev_connecting)
		ws_ev_connect_done(ws, sk);
	ws_ev_update(ws, arrival);
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_reenable() - the re-enabling call of @bits was made
 * @ws: the socket
 * @bits: FD_* bits (FD_READ | FD_OOB for recv, FD_ACCEPT for accept)
 *
 * Context: process context.
 */
void ws_ev_reenable(struct ws_sock *ws, u32 bits)
{
	if (!READ_ONCE(ws->ev_mask))
		return;
	spin_lock_bh(&ws->ev_lock);
	trace_ws_netevent_reenable(ws->id, bits);
	ws->ev_reported &= ~bits;
	ws->ev_pending &= ~bits;
	ws_ev_update(ws, false);
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_send_done() - a send was made; re-enables FD_WRITE
 * @ws: the socket
 * @err: its result; -EAGAIN arms FD_WRITE for when space comes back
 *
 * Context: process context.
 */
void ws_ev_send_done(struct ws_sock *ws, int err)
{
	if (!READ_ONCE(ws->ev_mask))
		return;
	/* Nothing to re-enable or arm: the common successful send. */
	if (err != -EAGAIN && !(READ_ONCE(ws->ev_reported) & BIT(WS_FD_WRITE_BIT)))
		return;
	spin_lock_bh(&ws->ev_lock);
	trace_ws_netevent_reenable(ws->id, BIT(WS_FD_WRITE_BIT));
	/* Wine test_write_events: a send leaves a recorded FD_WRITE in the record. */
	ws->ev_reported &= ~BIT(WS_FD_WRITE_BIT);
	if (err == -EAGAIN)
		ws->ev_write_blocked = true;
	ws_ev_update(ws, false);
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_connect_start() - connect() is about to start a connection
 * @ws: the socket
 *
 * Context: process context.
 */
void ws_ev_connect_start(struct ws_sock *ws)
{
	spin_lock_bh(&ws->ev_lock);
	ws->ev_connecting = true;
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_connect_failed() - connect() failed before a connection attempt
 * @ws: the socket
 *
 * Context: process context.
 */
void ws_ev_connect_failed(struct ws_sock *ws)
{
	spin_lock_bh(&ws->ev_lock);
	ws->ev_connecting = false;
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_dgram_connected() - connect on a datagram socket succeeded
 * @ws: the socket
 *
 * WSAEventSelect records FD_CONNECT (the WSAAsyncSelect page: "even when
 * connect succeeds immediately, as is typical with a datagram socket") and
 * FD_WRITE; WSAAsyncSelect posts FD_WRITE only, again if it was posted
 * before (Wine test_connect_events).
 *
 * Context: process context.
 */
void ws_ev_dgram_connected(struct ws_sock *ws)
{
	spin_lock_bh(&ws->ev_lock);
	ws->ev_connected = true;
	ws->ev_conn_err = 0;
	if (ws->ev_msgq) {
		if (sock_writeable(ws->sk))
			ws_ev_record_again(ws, WS_FD_WRITE_BIT, 0);
	} else {
		ws_ev_record(ws, WS_FD_CONNECT_BIT, 0);
		if (sock_writeable(ws->sk))
			ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
	}
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_joined() - WSAJoinLeaf joined a leaf to its multipoint session
 * @ws: the socket
 * @can_send: the leaf may send (it is not receiver-only)
 *
 * The WSAJoinLeaf page: "an FD_CONNECT indication will be given when the
 * join operation completes"; with FD_WRITE as for a connected datagram
 * socket, unless the leaf cannot send.
 *
 * Context: process context.
 */
void ws_ev_joined(struct ws_sock *ws, bool can_send)
{
	spin_lock_bh(&ws->ev_lock);
	ws->ev_connected = true;
	ws->ev_conn_err = 0;
	ws_ev_record(ws, WS_FD_CONNECT_BIT, 0);
	if (can_send && sock_writeable(ws->sk))
		ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_rt_join_start() - a rooted join starts (rooted.c)
 * @ws: the socket that asked for it
 *
 * A failed join may be retried (uapi/linux/ws.h, "Rooted multipoint"):
 * the previous join's end is no longer the socket's, so neither a
 * WSAEventSelect made during the new join nor an enumeration reports it
 * as FD_CONNECT; the new join's end records FD_CONNECT again.
 *
 * Context: process context.
 */
void ws_ev_rt_join_start(struct ws_sock *ws)
{
	spin_lock_bh(&ws->ev_lock);
	ws->ev_connected = false;
	ws->ev_conn_err = 0;
	ws->ev_reported &= ~BIT(WS_FD_CONNECT_BIT);
	ws->ev_pending &= ~BIT(WS_FD_CONNECT_BIT);
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_rt_joined() - a rooted join ended (rooted.c)
 * @ws: the socket that asked for the join, or the root that invited
 * @err: 0 (admitted) or the positive errno it failed with
 * @can_send: admitted, and the socket may send
 *
 * The WSAJoinLeaf page: FD_CONNECT "when the join operation completes",
 * with its error, for each join: a leaf's retry after a refusal, a
 * root's next invitation (a join ends once, under its connection's
 * rx_mutex); FD_WRITE once the leaf can send.
 *
 * Context: process context.
 */
void ws_ev_rt_joined(struct ws_sock *ws, int err, bool can_send)
{
	spin_lock_bh(&ws->ev_lock);
	ws->ev_connected = true;
	ws->ev_conn_err = err;
	ws_ev_record_again(ws, WS_FD_CONNECT_BIT, err);
	if (!err && can_send)
		ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
	spin_unlock_bh(&ws->ev_lock);
}

/**
 * ws_ev_bound() - a datagram socket was bound: FD_WRITE
 * @ws: the socket
 *
 * Context: process context.
 */
void ws_ev_bound(struct ws_sock *ws)
{
	if (!READ_ONCE(ws->ev_mask))
		return;
	spin_lock_bh(&ws->ev_lock);
	if (sock_writeable(ws->sk))
		ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
	spin_unlock_bh(&ws->ev_lock);
}

/* --- selection ----------------------------------------------------------- */

struct ws_ev_target {
	u32			mask;
	struct ws_event		*event;
	struct ws_msgq		*msgq;
	u64			hwnd;
	u32			message;
};

/* Install @t (its references move to the socket), drop the old target. */
static void ws_ev_select(struct ws_sock *ws, struct ws_ev_target *t,
			 bool forget_reported)
{
	struct ws_event *old_event;
	struct ws_msgq *old_msgq;
	struct sock *sk = ws->sk;
	unsigned int i;

	spin_lock_bh(&ws->ev_lock);
	old_event = ws->ev_event;
	old_msgq = ws->ev_msgq;
	/*
	 * WSAAsyncSelect forgets what was reported, so conditions that still
	 * hold are posted again. WSAEventSelect keeps both what was reported
	 * (it does not re-signal) and the record not yet enumerated, which
	 * signals the event again if the new mask selects it: what Windows
	 * does (Wine test_accept_events, test_read_events, test_write_events),
	 * where the specification says the record is cleared.
	 */
	if (forget_reported) {
		ws->ev_reported = 0;
		ws->ev_pending = 0;
		for (i = 0; i < WS_FD_MAX_EVENTS; i++)
			ws->ev_err[i] = 0;
	}
	ws->ev_mask = t->mask;
	ws->ev_event = t->mask ? t->event : NULL;
	ws->ev_msgq = t->mask ? t->msgq : NULL;
	ws->ev_hwnd = t->hwnd;
	ws->ev_message = t->message;

	if (ws->ev_event && (ws->ev_pending & ws->ev_mask))
		ws_event_set(ws->ev_event);
	/*
	 * Events that already hold are recorded at once. FD_CONNECT only
	 * for WSAEventSelect: WSAAsyncSelect posts it when the connection
	 * is made while selected, not for a socket connected before (Wine
	 * test_connect_events, test_write_events).
	 */
	if (ws->ev_mask) {
		if (ws_is_stream(ws) && ws->ev_connected && ws->ev_event)
			ws_ev_record(ws, WS_FD_CONNECT_BIT, ws->ev_conn_err);
		/* A datagram socket: sendto is possible once bound, or at all
		 * for WSAAsyncSelect (the spec's "if a send or sendto is
		 * possible"; Wine test_connect_events).
		 */
		if (ws_is_stream(ws) ? ws_writable(ws) :
		    (ws_lower_is_bound(ws) || ws->ev_msgq) && sock_writeable(sk))
			ws_ev_record(ws, WS_FD_WRITE_BIT, 0);
		ws_ev_update(ws, false);
	}
	spin_unlock_bh(&ws->ev_lock);

	if (!t->mask) {
		ws_event_put(t->event);
		ws_msgq_put(t->msgq);
	}
	ws_event_put(old_event);
	ws_msgq_put(old_msgq);
}

static void ws_set_nonblock(struct socket *sock, bool on)
{
	struct file *file = sock->file;

	if (!file)
		return;
	spin_lock(&file->f_lock);
	if (on)
		file->f_flags |= O_NONBLOCK;
	else
		file->f_flags &= ~O_NONBLOCK;
	spin_unlock(&file->f_lock);
}

/**
 * ws_ev_event_select() - WSAEventSelect
 * @sock: the socket
 * @ev: the event object; the socket takes its own reference
 * @mask: FD_* bits; 0 cancels and @ev may be NULL
 *
 * Context: process context.
 * Return: 0, or -EINVAL for unknown bits or a missing event.
 */
int ws_ev_event_select(struct socket *sock, struct ws_event *ev, u32 mask)
{
	struct ws_ev_target t = { .mask = mask };

	if ((mask & ~WS_FD_ALL_EVENTS) || (mask && !ev))
		return -EINVAL;
	if (mask) {
		ws_event_hold(ev);
		t.event = ev;
	}
	ws_set_nonblock(sock, true);
	ws_ev_select(ws_sk(sock), &t, false);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ws_ev_event_select);

static int ws_ioctl_event_select(struct socket *sock, void __user *argp)
{
	struct ws_event_select args;
	struct ws_event *ev = NULL;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.mask & ~WS_FD_ALL_EVENTS)
		return -EINVAL;
	if (args.mask) {
		ev = ws_event_fget(args.event_fd);
		if (!ev)
			return -EINVAL;
	}
	err = ws_ev_event_select(sock, ev, args.mask);
	ws_event_put(ev);
	return err;
}

static int ws_ioctl_async_select(struct socket *sock, void __user *argp)
{
	struct ws_sock *ws = ws_sk(sock);
	struct ws_async_select args;
	struct ws_ev_target t = { };

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.pad || (args.mask & ~WS_FD_ALL_EVENTS))
		return -EINVAL;
	t.mask = args.mask;
	if (t.mask) {
		t.msgq = ws_msgq_fget(args.msgq_fd);
		if (!t.msgq)
			return -EINVAL;
		t.hwnd = args.hwnd;
		t.message = args.message;
	}
	ws_set_nonblock(sock, true);
	/* Windows re-posts what still holds when WSAAsyncSelect is repeated. */
	ws_ev_select(ws, &t, true);
	return 0;
}

/**
 * ws_ev_enum() - WSAEnumNetworkEvents
 * @ws: the socket
 * @ev: an event object to reset, or NULL
 * @out: the record: events, and errors[] (0 for the bits not reported)
 *
 * Copies the record, clears it and resets @ev in one step, as Winsock
 * guarantees.
 */
void ws_ev_enum(struct ws_sock *ws, struct ws_event *ev,
		struct ws_network_events *out)
{
	unsigned int i;

	spin_lock_bh(&ws->ev_lock);
	out->events = ws->ev_pending & ws->ev_mask;
	for (i = 0; i < WS_FD_MAX_EVENTS; i++)
		out->errors[i] = (out->events & BIT(i)) ? ws->ev_err[i] : 0;
	ws->ev_pending &= ~out->events;
	trace_ws_netevent_report(ws->id, out->events);
	if (ev)
		ws_event_reset(ev);
	spin_unlock_bh(&ws->ev_lock);
}
EXPORT_SYMBOL_IF_KUNIT(ws_ev_enum);

/*
 * A record that could not be copied out goes back, so a fault loses
 * nothing (the event object stays reset).
 */
static void ws_ev_unenum(struct ws_sock *ws, const struct ws_network_events *out)
{
	unsigned int i;

	spin_lock_bh(&ws->ev_lock);
	for (i = 0; i < WS_FD_MAX_EVENTS; i++)
		if ((out->events & BIT(i)) && !(ws->ev_pending & BIT(i)))
			ws->ev_err[i] = out->errors[i];
	ws->ev_pending |= out->events;
	spin_unlock_bh(&ws->ev_lock);
}

static int ws_ioctl_enum(struct ws_sock *ws, void __user *argp)
{
	struct ws_network_events args;
	struct ws_event *ev = NULL;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.event_fd != -1) {
		ev = ws_event_fget(args.event_fd);
		if (!ev)
			return -EINVAL;
	}
	ws_ev_enum(ws, ev, &args);
	ws_event_put(ev);
	if (!copy_to_user(argp, &args, sizeof(args)))
		return 0;
	ws_ev_unenum(ws, &args);
	return -EFAULT;
}

static int ws_ioctl_set_nonblock(struct socket *sock, u32 __user *argp)
{
	struct ws_sock *ws = ws_sk(sock);
	u32 on;

	if (get_user(on, argp))
		return -EFAULT;
	/* ioctlsocket page: blocking mode is refused while events are selected. */
	if (!on && READ_ONCE(ws->ev_mask))
		return -EINVAL;
	ws_set_nonblock(sock, on);
	return 0;
}

/**
 * ws_ev_ioctl() - the network-event ioctls of a ws socket
 * @sock: the socket
 * @cmd: the command
 * @arg: its argument
 *
 * Return: the command's result, or -ENOIOCTLCMD if it is not one of these.
 */
int ws_ev_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct ws_sock *ws = ws_sk(sock);
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case WS_IOC_EVENT_SELECT:
		return ws_ioctl_event_select(sock, argp);
	case WS_IOC_ASYNC_SELECT:
		return ws_ioctl_async_select(sock, argp);
	case WS_IOC_ENUM_NETWORK_EVENTS:
		return ws_ioctl_enum(ws, argp);
	case WS_IOC_SET_NONBLOCK:
		return ws_ioctl_set_nonblock(sock, argp);
	case WS_IOC_GET_ID:
		return put_user(ws->id, (u64 __user *)argp);
	default:
		return -ENOIOCTLCMD;
	}
}

/**
 * ws_ev_inherit() - an accepted socket takes its listener's selection
 * @nws: the accepted socket
 * @ws: the listener
 *
 * Context: process context. Records FD_WRITE: the socket is connected.
 */
void ws_ev_inherit(struct ws_sock *nws, struct ws_sock *ws)
{
	struct ws_ev_target t = { };

	spin_lock_bh(&ws->ev_lock);
	t.mask = ws->ev_mask;
	if (t.mask) {
		t.event = ws->ev_event;
		t.msgq = ws->ev_msgq;
		t.hwnd = ws->ev_hwnd;
		t.message = ws->ev_message;
		if (t.event)
			ws_event_hold(t.event);
		if (t.msgq)
			ws_msgq_hold(t.msgq);
	}
	spin_unlock_bh(&ws->ev_lock);
	if (t.mask)
		ws_ev_select(nws, &t, true);
}

/**
 * ws_ev_release() - closesocket cancels the selection
 * @ws: the socket
 */
void ws_ev_release(struct ws_sock *ws)
{
	struct ws_ev_target none = { };

	ws_ev_select(ws, &none, true);
}
