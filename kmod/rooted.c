// SPDX-License-Identifier: GPL-2.0
/*
 * ws: rooted multipoint (c_root/d_root) over a framed protocol on TCP.
 *
 * The sockets of the rooted catalog entries (SOCK_SEQPACKET over TCP,
 * uapi/linux/ws.h "Rooted multipoint") are a root (c_root/d_root), leaves
 * (c_leaf/d_leaf), and the root's membership sockets, one per admitted
 * leaf. Each is a ws socket whose sock is a TCP sock; a root's is
 * listening, the others' carry the frames of one leaf's connection.
 *
 * Object model
 * ------------
 * Every such socket has a struct ws_rt (ws_sock.rt), of one kind:
 *  - WS_RTK_ROOT: the root. It keeps the connections accepted from TCP
 *    whose join is not answered yet (pending, oldest first, at most
 *    backlog + 1) and the admitted ones (members, each a membership
 *    socket's ws_rt), and the queue of messages its leaves sent.
 *  - WS_RTK_LEAF: a leaf; its connection to the root, and the queue of
 *    messages the root sent. A leaf that listens (listening) holds the
 *    roots' joins as a root holds leaves': its pending connections are
 *    WS_RTK_LEAF too, each a leaf's socket of one root's session.
 *  - WS_RTK_MEMBER: one leaf's connection at the root: one accepted by
 *    the root (a leaf-initiated join), or a leaf socket the root linked
 *    to itself for a root-initiated join (WS_IOC_RT_JOIN with root_fd,
 *    ws_rt_link_root()), which connects and sends JOIN as a leaf does.
 * A connection accepted by a listener (root or leaf) is held, until
 * accept(2) takes it, by a socket without a file (holder) made by
 * ws_accept_hold() in the listener's accept worker; accept(2) moves the
 * sock and its ws_sock into its own socket (ws_sock_move()). root is the
 * listener of a pending connection (its pending list), and a member's
 * root (its members list, its DATA's destination).
 * A connection (leaf, member) has a reader, rx_work, which reads frames
 * from TCP with the sock's recvmsg (MSG_DONTWAIT) in process context: it
 * is queued by the sock's sk_data_ready and sk_state_change (af_ws.c's
 * callbacks call ws_rt_data_ready() and ws_rt_state_change()), and by a
 * recv that made room. A connection's sender side is a queue of whole
 * frames (txq); the frames of one send go to TCP from the caller's
 * context with MSG_DONTWAIT, and what TCP did not take is sent by tx_work
 * when sk_write_space says there is room. A frame is never split between
 * two sends of different frames, so a stream always carries whole frames.
 *
 * Lifetimes
 * ---------
 * A ws_rt is reference counted: its socket holds one until released
 * (ws_rt_release()), and a member holds one on its root. The socket's
 * release runs after af_ws.c's ws_lower_detach(), so no callback of the
 * sock can queue a worker any more; it then sets closing (under
 * rxq_lock), after which no other context queues its workers either
 * (they check closing under rxq_lock), and cancels them. ws (the owning
 * ws_sock) is valid while closing is clear: a member reaches its root's
 * ws_sock only under the root's rxq_lock, closing clear. A member is on
 * its root's pending or members list (node, under the root's lock) until
 * it is taken off by accept(2), a verdict, the reaper, the root's
 * release, or its own release; the root reaches a member's socket only
 * while it is on a list, under the root's lock.
 *
 * Memory
 * ------
 * The workers run in kworkers, which belong to the root memory cgroup.
 * Each ws_rt holds a reference on the memory cgroup of its socket's owner
 * (memcg: the creating task's for a root or a leaf, its root's for a
 * connection the root's worker takes), and every worker runs with it as
 * the active memory cgroup (ws_rt_run_charged()): the messages, frames
 * and held sockets they allocate with __GFP_ACCOUNT are charged to the
 * owner, as a native socket's buffers are. The TCP sock of a connection
 * the worker accepts is not: inet_csk_accept() gives it the accepting
 * task's cgroup, and its buffers count against TCP's global limits only.
 *
 * Locks
 * -----
 *   root->lock (mutex): the root's lists, npending, njoined, gen, cookies,
 *     inviting, left.
 *   rx_mutex (mutex): a connection's reader and its state; the state of
 *     a member on its root's pending list changes under the root's lock
 *     too (njoined counts the pending members whose JOIN arrived).
 *   tx_mutex (mutex): a connection's txq, tx_queued, and its sends to TCP.
 *   recv_mutex (mutex): receivers of a queue (MSG_PEEK copies unlocked).
 *   rxq_lock (spinlock, process context only): a queue, closing, ws.
 * Order: rx_mutex -> root->lock -> tx_mutex -> sk lock; rx_mutex ->
 * rxq_lock -> ev_lock (netevent.c); rx_mutex -> root's rxq_lock (a
 * member's reader tells its root). recv_mutex -> rxq_lock; recv_mutex ->
 * root->lock. No lock is held around a wait.
 */
#include <asm/ioctls.h>
#include <linux/kernel.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <net/inet_connection_sock.h>
#include <net/tcp.h>

#include "ws.h"

#define WS_JL_ALL	(WS_JL_SENDER_ONLY | WS_JL_RECEIVER_ONLY | WS_JL_BOTH)
#define WS_RT_JOIN_HDR	((u32)sizeof(struct ws_rt_join_hdr))

/*
 * Seconds a connection has to send its whole JOIN (uapi: the default,
 * WS_RT_JOIN_TIMEOUT). A change applies to connections accepted after it.
 */
static unsigned int ws_rt_join_timeout = WS_RT_JOIN_TIMEOUT;

static int ws_rt_set_join_timeout(const char *val,
				  const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 3600);
}

static const struct kernel_param_ops ws_rt_join_timeout_ops = {
	.set	= ws_rt_set_join_timeout,
	.get	= param_get_uint,
};

module_param_cb(rt_join_timeout, &ws_rt_join_timeout_ops,
		&ws_rt_join_timeout, 0644);
MODULE_PARM_DESC(rt_join_timeout, "seconds a rooted multipoint connection has to send its JOIN, 1-3600 (default 180)");

enum ws_rt_kind {
	WS_RTK_ROOT,
	WS_RTK_LEAF,
	WS_RTK_MEMBER,
};

/* Where a member is (its root's lists), under the root's lock. */
enum ws_rt_listed {
	WS_RTL_NONE,
	WS_RTL_PENDING,
	WS_RTL_MEMBER,
};

/* A message received, queued on a root or a leaf. */
struct ws_rt_msg {
	struct list_head	node;
	union ws_addr		from;
	u32			len;
	u8			data[];
};

/*
 * What a queued message of @len bytes is charged to the receiver's
 * SO_RCVBUF: its bytes and its header, so that empty messages cost too.
 */
#define WS_RT_MSG_COST(len)	((u32)sizeof(struct ws_rt_msg) + (u32)(len))

/* A frame to send: header and payload, shared by a fan-out's queues. */
struct ws_rt_txbuf {
	refcount_t		ref;
	u32			len;
	u8			data[];
};

struct ws_rt_txent {
	struct list_head	node;
	struct ws_rt_txbuf	*buf;
	u32			off;	/* bytes TCP took */
};

struct ws_rt {
	refcount_t		ref;
	enum ws_rt_kind		kind;
	struct mem_cgroup	*memcg;		/* its workers charge it; NULL: none */

	/* The queue of received messages (root, leaf); see the top. */
	spinlock_t		rxq_lock;
	bool			closing;
	struct ws_sock		*ws;
	struct list_head	rxq;
	u32			rxq_bytes;	/* WS_RT_MSG_COST()s; READ_ONCE */
	u32			rxq_count;	/* READ_ONCE outside */
	struct mutex		recv_mutex;

	/* The connection (leaf, member): the reader, under rx_mutex. */
	struct mutex		rx_mutex;
	struct work_struct	rx_work;
	int			state;		/* WS_RTS_*; READ_ONCE outside */
	int			err;		/* positive errno; READ_ONCE */
	bool			admitted;	/* state reached OPEN once */
	bool			rx_stalled;	/* the receiver was full */
	bool			connecting;	/* a leaf's TCP connect runs; READ_ONCE */
	bool			listening;	/* a leaf listening for roots */
	int			tx_err;		/* what a send to TCP failed with */
	u8			hdr[WS_RT_HDR_LEN];
	u32			hdr_got;
	struct ws_rt_frame	cur;		/* valid once hdr_got is whole */
	u8			*payload;	/* a control frame's */
	struct ws_rt_msg	*msg;		/* a DATA frame's */
	u32			got;		/* bytes of payload read */

	/* Sending, under tx_mutex. */
	struct mutex		tx_mutex;
	struct work_struct	tx_work;
	struct list_head	txq;
	u32			tx_queued;	/* bytes not taken; READ_ONCE */
	bool			fin_after;	/* LEAVE queued: FIN once empty */
	bool			fin_sent;
	bool			root_left;	/* member: the root left; READ_ONCE */

	/*
	 * The join: written by the reader or connect under rx_mutex before
	 * the state that publishes it (PENDING, OPEN), constant after.
	 */
	u8			*conndata;	/* member: caller's; leaf: callee's */
	u32			conndata_len;
	u32			peer_flags;	/* member: the leaf's WS_JL_* */
	u32			jl_flags;	/* leaf: its own WS_JL_* */
	union ws_addr		peer;

	/* A leaf's registered join (WS_IOC_RT_JOIN), under rx_mutex. */
	struct pid		*arm_pid;
	u32			arm_flags;
	u8			*arm_data;
	u32			arm_len;

	/* A member: its root, and its place there (under root->lock). */
	struct ws_rt		*root;
	struct list_head	node;
	enum ws_rt_listed	listed;
	struct socket		*holder;	/* until accepted */
	u64			cookie;
	struct pid		*claim_pid;	/* WS_CF_ACCEPT's thread */
	u8			*callee;	/* its callee data */
	u32			callee_len;
	unsigned long		due;		/* jiffies its JOIN is due by */
	bool			reject;		/* the reaper answers REJECT */

	/* A root, under lock. */
	struct mutex		lock;
	struct list_head	pending;
	struct list_head	members;
	unsigned int		npending;
	unsigned int		njoined;	/* READ_ONCE outside */
	unsigned int		gen;		/* bumped by each change of them */
	u64			next_cookie;
	struct ws_rt		*inviting;	/* the member whose join is under way */
	bool			left;		/* shut down for sending */
	bool			tx_blocked;	/* a send found no room; READ_ONCE */
	struct work_struct	accept_work;
	struct delayed_work	reap_work;
	unsigned long		reap_at;	/* its timer's, under rxq_lock */
};

/* --- the frame format (pure functions) ------------------------------------ */

/**
 * ws_rt_parse_hdr() - read a frame header
 * @buf: the bytes received so far of the frame
 * @avail: how many
 * @f: the frame's type and payload length, set on success
 *
 * Checks the magic, the version, the type and the length against the
 * type's bounds (uapi/linux/ws.h, "Rooted multipoint").
 *
 * Context: any; pure.
 * Return: 0 if @avail is short of a header, WS_RT_HDR_LEN if @f was set,
 * or -EPROTO.
 */
int ws_rt_parse_hdr(const u8 *buf, size_t avail, struct ws_rt_frame *f)
{
	u32 len;

	if (avail < WS_RT_HDR_LEN)
		return 0;
	if (get_unaligned_be16(buf) != WS_RT_MAGIC || buf[2] != WS_RT_VERSION)
		return -EPROTO;
	len = get_unaligned_be32(buf + 4);
	switch (buf[3]) {
	case WS_RT_JOIN:
		if (len < WS_RT_JOIN_HDR ||
		    len > WS_RT_JOIN_HDR + WS_RT_MAX_CONNDATA)
			return -EPROTO;
		break;
	case WS_RT_ADMIT:
		if (len > WS_RT_MAX_CONNDATA)
			return -EPROTO;
		break;
	case WS_RT_REJECT:
	case WS_RT_LEAVE:
		if (len)
			return -EPROTO;
		break;
	case WS_RT_DATA:
		if (len > WS_RT_MAX_MSG)
			return -EPROTO;
		break;
	default:
		return -EPROTO;
	}
	f->type = buf[3];
	f->len = len;
	return WS_RT_HDR_LEN;
}
EXPORT_SYMBOL_IF_KUNIT(ws_rt_parse_hdr);

/**
 * ws_rt_next_state() - the state of a connection after a frame arrived
 * @state: WS_RTS_* before it
 * @type: the frame's type, from ws_rt_parse_hdr()
 *
 * Context: any; pure.
 * Return: the new WS_RTS_* state, or -EPROTO for a frame out of sequence.
 */
int ws_rt_next_state(int state, u8 type)
{
	switch (state) {
	case WS_RTS_WAIT_JOIN:
		if (type == WS_RT_JOIN)
			return WS_RTS_PENDING;
		break;
	case WS_RTS_JOINING:
		if (type == WS_RT_ADMIT)
			return WS_RTS_OPEN;
		if (type == WS_RT_REJECT)
			return WS_RTS_DEAD;
		break;
	case WS_RTS_OPEN:
		if (type == WS_RT_DATA)
			return WS_RTS_OPEN;
		if (type == WS_RT_LEAVE)
			return WS_RTS_LEFT;
		break;
	}
	return -EPROTO;
}
EXPORT_SYMBOL_IF_KUNIT(ws_rt_next_state);

/**
 * ws_rt_parse_join() - read the start of a JOIN frame's payload
 * @p: the payload
 * @len: its length, at least WS_RT_JOIN_HDR (ws_rt_parse_hdr() checked)
 * @role: the initiator's WS_RT_ROLE_*
 * @flags: its WS_JL_* flags
 *
 * Context: any; pure.
 * Return: 0, or -EPROTO (short, an unknown role, reserved not 0, no or
 * unknown flags).
 */
int ws_rt_parse_join(const u8 *p, u32 len, u8 *role, u32 *flags)
{
	u32 fl;

	if (len < WS_RT_JOIN_HDR || p[1])
		return -EPROTO;
	if (p[0] != WS_RT_ROLE_ROOT && p[0] != WS_RT_ROLE_LEAF)
		return -EPROTO;
	fl = get_unaligned_be16(p + 2);
	if (!fl || (fl & ~WS_JL_ALL))
		return -EPROTO;
	*role = p[0];
	*flags = fl;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ws_rt_parse_join);

/* --- objects --------------------------------------------------------------- */

static void ws_rt_rx_work(struct work_struct *work);
static void ws_rt_tx_work(struct work_struct *work);
static void ws_rt_accept_work(struct work_struct *work);
static void ws_rt_reap_work(struct work_struct *work);

/* A reference on @memcg, which is NULL without memory cgroups. */
static struct mem_cgroup *ws_rt_memcg_get(struct mem_cgroup *memcg)
{
#ifdef CONFIG_MEMCG
	if (memcg)
		css_get(&memcg->css);
#endif
	return memcg;
}

/*
 * A socket's ws_rt, whose workers charge what they allocate to @memcg:
 * the creating task's for a root or a leaf, the root's for a connection
 * its accept worker takes.
 */
static struct ws_rt *ws_rt_alloc(enum ws_rt_kind kind, struct mem_cgroup *memcg)
{
	struct ws_rt *rt = kzalloc(sizeof(*rt), GFP_KERNEL_ACCOUNT);

	if (!rt)
		return NULL;
	refcount_set(&rt->ref, 1);
	rt->kind = kind;
	rt->memcg = ws_rt_memcg_get(memcg);
	spin_lock_init(&rt->rxq_lock);
	INIT_LIST_HEAD(&rt->rxq);
	mutex_init(&rt->recv_mutex);
	mutex_init(&rt->rx_mutex);
	INIT_WORK(&rt->rx_work, ws_rt_rx_work);
	mutex_init(&rt->tx_mutex);
	INIT_WORK(&rt->tx_work, ws_rt_tx_work);
	INIT_LIST_HEAD(&rt->txq);
	INIT_LIST_HEAD(&rt->node);
	mutex_init(&rt->lock);
	INIT_LIST_HEAD(&rt->pending);
	INIT_LIST_HEAD(&rt->members);
	INIT_WORK(&rt->accept_work, ws_rt_accept_work);
	INIT_DELAYED_WORK(&rt->reap_work, ws_rt_reap_work);
	rt->state = WS_RTS_IDLE;
	return rt;
}

static void ws_rt_put(struct ws_rt *rt)
{
	if (!refcount_dec_and_test(&rt->ref))
		return;
	if (rt->root)
		ws_rt_put(rt->root);
	mutex_destroy(&rt->recv_mutex);
	mutex_destroy(&rt->rx_mutex);
	mutex_destroy(&rt->tx_mutex);
	mutex_destroy(&rt->lock);
	mem_cgroup_put(rt->memcg);
	kfree(rt);
}

static void ws_rt_txbuf_put(struct ws_rt_txbuf *buf)
{
	if (refcount_dec_and_test(&buf->ref))
		kvfree(buf);
}

/* A frame of @type with room for @len bytes of payload after the header. */
static struct ws_rt_txbuf *ws_rt_txbuf_new(u8 type, u32 len)
{
	struct ws_rt_txbuf *buf;
	struct ws_rt_hdr *h;

	buf = kvmalloc(struct_size(buf, data, WS_RT_HDR_LEN + (size_t)len),
		       GFP_KERNEL_ACCOUNT);
	if (!buf)
		return NULL;
	refcount_set(&buf->ref, 1);
	buf->len = WS_RT_HDR_LEN + len;
	h = (struct ws_rt_hdr *)buf->data;
	h->magic = cpu_to_be16(WS_RT_MAGIC);
	h->version = WS_RT_VERSION;
	h->type = type;
	h->len = cpu_to_be32(len);
	return buf;
}

static void ws_rt_msgs_free(struct list_head *list)
{
	struct ws_rt_msg *m, *n;

	list_for_each_entry_safe(m, n, list, node)
		kvfree(m);
	INIT_LIST_HEAD(list);
}

/* --- notification ---------------------------------------------------------- */

/*
 * Something of @rt's socket changed: wake its waiters and re-evaluate its
 * network events (@arrival: a message or a join arrived). Nothing once
 * the socket is being released.
 */
static void ws_rt_notify(struct ws_rt *rt, bool arrival)
{
	struct ws_sock *ws;

	spin_lock(&rt->rxq_lock);
	ws = rt->closing ? NULL : rt->ws;
	if (ws) {
		rcu_read_lock();
		wake_up_interruptible_all(sk_sleep(ws->sk));
		rcu_read_unlock();
		ws_ev_callback(ws, arrival);
	}
	spin_unlock(&rt->rxq_lock);
}

/*
 * A member of @root left its fan-out (it closed, or its connection ended):
 * a send of the root that found no room on it may go on. Only the
 * member's sender cleared tx_blocked, when TCP took its queue; a member
 * that goes with its queue full never does, and the root's blocked send,
 * poll(2) and FD_WRITE waited for good.
 */
static void ws_rt_unblock_root(struct ws_rt *root)
{
	if (READ_ONCE(root->tx_blocked)) {
		WRITE_ONCE(root->tx_blocked, false);
		ws_rt_notify(root, false);
	}
}

/* Queue @work of @rt unless its socket is being released. */
static void ws_rt_queue(struct ws_rt *rt, struct work_struct *work)
{
	spin_lock(&rt->rxq_lock);
	if (!rt->closing)
		queue_work(system_wq, work);
	spin_unlock(&rt->rxq_lock);
}

/* Run the reaper @delay jiffies from now, sooner or later than set. */
static void ws_rt_queue_reap(struct ws_rt *root, unsigned long delay)
{
	spin_lock(&root->rxq_lock);
	if (!root->closing) {
		root->reap_at = jiffies + delay;
		mod_delayed_work(system_wq, &root->reap_work, delay);
	}
	spin_unlock(&root->rxq_lock);
}

/*
 * A new pending connection's deadline @due: the reaper runs by then. A
 * timer set sooner is kept: moving it later each time a connection came
 * let a steady stream of joins keep idle connections for ever. One set
 * later (the timeout was lowered since) is brought forward.
 */
static void ws_rt_arm_reap(struct ws_rt *root, unsigned long due)
{
	unsigned long now = jiffies;

	spin_lock(&root->rxq_lock);
	if (!root->closing &&
	    (!delayed_work_pending(&root->reap_work) ||
	     time_before(due, root->reap_at))) {
		root->reap_at = due;
		mod_delayed_work(system_wq, &root->reap_work,
				 time_after(due, now) ? due - now : 0);
	}
	spin_unlock(&root->rxq_lock);
}

/* --- sending ----------------------------------------------------------------- */

static void ws_rt_txq_purge(struct ws_rt *rt)
{
	struct ws_rt_txent *e, *n;

	lockdep_assert_held(&rt->tx_mutex);
	list_for_each_entry_safe(e, n, &rt->txq, node) {
		list_del(&e->node);
		ws_rt_txbuf_put(e->buf);
		kfree(e);
	}
	WRITE_ONCE(rt->tx_queued, 0);
}

/* Append @e (holding a reference of its buffer) to @rt's queue. */
static void ws_rt_txq_add(struct ws_rt *rt, struct ws_rt_txent *e)
{
	lockdep_assert_held(&rt->tx_mutex);
	list_add_tail(&e->node, &rt->txq);
	WRITE_ONCE(rt->tx_queued, rt->tx_queued + e->buf->len - e->off);
}

/*
 * Hand @rt's queue to TCP, as much as it takes now; after LEAVE, send the
 * FIN once the queue is empty.
 * Return: 0 (all sent), -EAGAIN (TCP is full: tx_work goes on when
 * sk_write_space says so), or the error that ended the connection.
 */
static int ws_rt_flush(struct ws_rt *rt)
{
	struct sock *sk = rt->ws->sk;
	struct ws_rt_txent *e;
	struct msghdr msg;
	struct kvec iov;
	int n;

	lockdep_assert_held(&rt->tx_mutex);
	while ((e = list_first_entry_or_null(&rt->txq, struct ws_rt_txent,
					     node))) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
		iov.iov_base = e->buf->data + e->off;
		iov.iov_len = e->buf->len - e->off;
		iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, iov.iov_len);
		n = sk->sk_prot->sendmsg(sk, &msg, iov.iov_len);
		if (n == -EAGAIN)
			return n;
		if (n <= 0) {
			rt->tx_err = n < 0 ? -n : EPIPE;
			ws_rt_txq_purge(rt);
			/* The reader sees how the connection ended. */
			ws_rt_queue(rt, &rt->rx_work);
			return n < 0 ? n : -EPIPE;
		}
		e->off += n;
		WRITE_ONCE(rt->tx_queued, rt->tx_queued - n);
		if (e->off < e->buf->len)
			continue;
		list_del(&e->node);
		ws_rt_txbuf_put(e->buf);
		kfree(e);
	}
	if (rt->fin_after && !rt->fin_sent) {
		rt->fin_sent = true;
		lock_sock(sk);
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | SEND_SHUTDOWN);
		sk->sk_prot->shutdown(sk, SEND_SHUTDOWN);
		release_sock(sk);
	}
	return 0;
}

/* Queue a frame of @type with @len bytes of @p and send what TCP takes. */
static int ws_rt_send_ctl(struct ws_rt *rt, u8 type, const void *p, u32 len)
{
	struct ws_rt_txbuf *buf = ws_rt_txbuf_new(type, len);
	struct ws_rt_txent *e;

	lockdep_assert_held(&rt->tx_mutex);
	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!buf || !e) {
		kfree(e);
		if (buf)
			ws_rt_txbuf_put(buf);
		return -ENOMEM;
	}
	if (len)
		memcpy(buf->data + WS_RT_HDR_LEN, p, len);
	e->buf = buf;
	ws_rt_txq_add(rt, e);
	ws_rt_flush(rt);
	return 0;
}

/* LEAVE, then FIN after everything queued before it. */
static void ws_rt_leave(struct ws_rt *rt)
{
	mutex_lock(&rt->tx_mutex);
	if (!rt->fin_after && !rt->tx_err) {
		rt->fin_after = true;
		if (ws_rt_send_ctl(rt, WS_RT_LEAVE, NULL, 0))
			ws_rt_flush(rt);	/* no memory: the FIN at least */
	}
	mutex_unlock(&rt->tx_mutex);
}

/*
 * The root's shutdown or close makes member @m leave (root->lock held, or
 * @m's rx_mutex): LEAVE and FIN to its leaf, and FD_CLOSE on @m (the
 * spec: a shutdown or closesocket of a c_root gives "all of the
 * associated c_leaf sockets, including those returned from WSAJoinLeaf"
 * FD_CLOSE).
 */
static void ws_rt_root_leave(struct ws_rt *m)
{
	ws_rt_leave(m);
	WRITE_ONCE(m->root_left, true);
	ws_rt_notify(m, false);
}

/* Is there room on @rt's queue for @len more bytes of a sender's? */
static bool ws_rt_tx_room(struct ws_rt *rt, u32 len, int sndbuf)
{
	u32 q = READ_ONCE(rt->tx_queued);

	return !q || (u64)q + len <= (u64)max(sndbuf, 0);
}

static void __ws_rt_tx_work(struct work_struct *work)
{
	struct ws_rt *rt = container_of(work, struct ws_rt, tx_work);
	struct ws_rt *root = rt->root;

	mutex_lock(&rt->tx_mutex);
	/*
	 * Not while a leaf's connect(2) runs (ws_rt_connect() queues this
	 * once it returned): a send to a refused connection would take the
	 * sock's error, and connect would see none and report ECONNABORTED.
	 */
	if (!READ_ONCE(rt->connecting))
		ws_rt_flush(rt);
	mutex_unlock(&rt->tx_mutex);
	ws_rt_notify(rt, false);
	/* A root's send that found no room may go on. */
	if (root)
		ws_rt_unblock_root(root);
}

/*
 * Run the worker @fn of @rt, charging what it allocates to @rt's memory
 * cgroup, not to the kworker's.
 */
static void ws_rt_run_charged(struct ws_rt *rt, work_func_t fn,
			      struct work_struct *work)
{
	struct mem_cgroup *old = set_active_memcg(rt->memcg);

	fn(work);
	set_active_memcg(old);
}

static void ws_rt_tx_work(struct work_struct *work)
{
	struct ws_rt *rt = container_of(work, struct ws_rt, tx_work);

	ws_rt_run_charged(rt, __ws_rt_tx_work, work);
}

/* --- receiving ------------------------------------------------------------- */

/* The ws_rt that receives @rt's DATA: its root for a member, else itself. */
static struct ws_rt *ws_rt_dest(struct ws_rt *rt)
{
	return rt->kind == WS_RTK_MEMBER ? rt->root : rt;
}

/* May @len more bytes be queued on @dest (its SO_RCVBUF)? */
static bool ws_rt_rx_room(struct ws_rt *dest, u32 len)
{
	bool room = true;

	spin_lock(&dest->rxq_lock);
	if (!dest->closing && dest->rxq_bytes)
		room = (u64)dest->rxq_bytes + WS_RT_MSG_COST(len) <=
		       (u64)max(READ_ONCE(dest->ws->sk->sk_rcvbuf), 0);
	spin_unlock(&dest->rxq_lock);
	return room;
}

static void ws_rt_deliver(struct ws_rt *dest, struct ws_rt_msg *msg)
{
	spin_lock(&dest->rxq_lock);
	if (dest->closing) {
		spin_unlock(&dest->rxq_lock);
		kvfree(msg);
		return;
	}
	list_add_tail(&msg->node, &dest->rxq);
	WRITE_ONCE(dest->rxq_bytes, dest->rxq_bytes + WS_RT_MSG_COST(msg->len));
	WRITE_ONCE(dest->rxq_count, dest->rxq_count + 1);
	spin_unlock(&dest->rxq_lock);
	ws_rt_notify(dest, true);
}

/*
 * Set a connection's state (rx_mutex held). A member on its root's
 * pending list changes it under the root's lock, which counts the joins
 * that arrived (njoined).
 */
static void ws_rt_set_state(struct ws_rt *rt, int state)
{
	struct ws_rt *root = rt->root;

	lockdep_assert_held(&rt->rx_mutex);
	if (!root) {
		WRITE_ONCE(rt->state, state);
		return;
	}
	mutex_lock(&root->lock);
	if (rt->listed == WS_RTL_PENDING) {
		if (rt->state == WS_RTS_PENDING)
			WRITE_ONCE(root->njoined, root->njoined - 1);
		if (state == WS_RTS_PENDING)
			WRITE_ONCE(root->njoined, root->njoined + 1);
		WRITE_ONCE(root->gen, root->gen + 1);
	}
	WRITE_ONCE(rt->state, state);
	mutex_unlock(&root->lock);
}

/* A root, or a leaf listening for root-initiated joins. */
static bool ws_rt_is_listener(const struct ws_rt *rt)
{
	return rt->kind == WS_RTK_ROOT || READ_ONCE(rt->listening);
}

/*
 * A root-initiated join ended (its membership socket's rx_mutex held):
 * FD_CONNECT on the root (the WSAJoinLeaf page), with @err; admitted, the
 * membership socket joins the root's fan-out.
 */
static void ws_rt_root_joined(struct ws_rt *m, int err)
{
	struct ws_rt *root = m->root;
	bool gone;

	lockdep_assert_held(&m->rx_mutex);
	mutex_lock(&root->lock);
	if (root->inviting == m)
		root->inviting = NULL;
	/* The root shut down or closed meanwhile: the leaf is let go. */
	gone = READ_ONCE(root->closing) || root->left;
	/*
	 * Not if the membership socket is being released: its release set
	 * closing, then took it off the lists under root->lock, and frees it
	 * once this reader is done.
	 */
	if (!err && !gone && m->listed == WS_RTL_NONE &&
	    !READ_ONCE(m->closing)) {
		m->listed = WS_RTL_MEMBER;
		list_add_tail(&m->node, &root->members);
	}
	mutex_unlock(&root->lock);
	if (!err && gone)
		ws_rt_root_leave(m);
	spin_lock(&root->rxq_lock);
	if (!root->closing) {
		ws_ev_rt_joined(root->ws, err, !err);
		rcu_read_lock();
		wake_up_interruptible_all(sk_sleep(root->ws->sk));
		rcu_read_unlock();
	}
	spin_unlock(&root->rxq_lock);
}

/*
 * The connection ended (rx_mutex held): @err 0 for the peer's LEAVE or
 * FIN after the join, else a positive errno.
 */
static void ws_rt_ended(struct ws_rt *rt, int err, bool reset)
{
	struct ws_sock *ws = rt->ws;
	int old = rt->state;

	lockdep_assert_held(&rt->rx_mutex);
	if (old == WS_RTS_DEAD || old == WS_RTS_IDLE)
		return;
	if (old == WS_RTS_JOINING) {
		/*
		 * The join failed: its error is readable (SO_ERROR, recv)
		 * before the state says so (poll's EPOLLERR).
		 */
		if (!err)
			err = ECONNRESET;
		WRITE_ONCE(ws->so_error, err);
	}
	if (err)
		WRITE_ONCE(rt->err, err);
	smp_wmb();	/* the errors before the state; poll reads the state */
	/* Only an admitted connection can be left; any other is dead. */
	ws_rt_set_state(rt, !err && (old == WS_RTS_OPEN || old == WS_RTS_LEFT) ?
			WS_RTS_LEFT : WS_RTS_DEAD);
	if (reset)
		tcp_abort(ws->sk, err ? err : ECONNABORTED);
	/* Out of the root's fan-out now (ws_rt_receives()). */
	if (rt->kind == WS_RTK_MEMBER && old == WS_RTS_OPEN)
		ws_rt_unblock_root(rt->root);
	switch (old) {
	case WS_RTS_WAIT_JOIN:
	case WS_RTS_PENDING:
		/* Not accepted yet: the root's reaper drops it. */
		if (rt->root)
			ws_rt_queue_reap(rt->root, 0);
		return;
	case WS_RTS_JOINING:
		if (!err)
			err = ECONNRESET;
		WRITE_ONCE(rt->err, err);
		WRITE_ONCE(rt->state, WS_RTS_DEAD);
		WRITE_ONCE(ws->so_error, err);
		ws_ev_rt_joined(ws, err, false);
		if (rt->kind == WS_RTK_MEMBER)
			ws_rt_root_joined(rt, err);
		break;
	}
	ws_rt_notify(rt, false);
}

/* A complete frame was read (rx_mutex held). Return: 0 or -EPROTO. */
static int ws_rt_frame_done(struct ws_rt *rt)
{
	struct ws_rt_frame f = rt->cur;
	struct ws_sock *ws = rt->ws;
	struct ws_rt_msg *msg;
	int next = ws_rt_next_state(rt->state, f.type);
	u8 role;
	u32 fl;

	lockdep_assert_held(&rt->rx_mutex);
	rt->hdr_got = 0;
	rt->got = 0;
	if (next < 0)
		return next;

	switch (f.type) {
	case WS_RT_JOIN:
		if (ws_rt_parse_join(rt->payload, f.len, &role, &fl))
			return -EPROTO;
		/* A root admits leaves; a leaf's listener, roots. */
		if (role != (rt->kind == WS_RTK_MEMBER ? WS_RT_ROLE_LEAF :
						      WS_RT_ROLE_ROOT)) {
			rt->reject = true;
			ws_rt_ended(rt, ECONNREFUSED, false);
			break;
		}
		rt->peer_flags = fl;
		rt->conndata_len = f.len - WS_RT_JOIN_HDR;
		if (rt->conndata_len) {
			rt->conndata = kmemdup(rt->payload + WS_RT_JOIN_HDR,
					       rt->conndata_len,
					       GFP_KERNEL_ACCOUNT);
			if (!rt->conndata)
				return -ENOMEM;
		}
		ws_rt_set_state(rt, WS_RTS_PENDING);
		/* FD_ACCEPT only now that the JOIN is whole. */
		ws_rt_notify(rt->root, true);
		break;
	case WS_RT_ADMIT:
		kfree(rt->conndata);
		rt->conndata = rt->payload;
		rt->conndata_len = f.len;
		rt->payload = NULL;
		/* conndata before admitted: WS_IOC_RT_CONNDATA reads it unlocked. */
		smp_store_release(&rt->admitted, true);
		WRITE_ONCE(rt->state, WS_RTS_OPEN);
		ws_ev_rt_joined(ws, 0, !READ_ONCE(ws->shut_wr));
		if (rt->kind == WS_RTK_MEMBER)
			ws_rt_root_joined(rt, 0);
		ws_rt_notify(rt, false);
		break;
	case WS_RT_REJECT:
		ws_rt_ended(rt, ECONNREFUSED, true);
		break;
	case WS_RT_DATA:
		msg = rt->msg;
		rt->msg = NULL;
		msg->from = rt->peer;
		ws_rt_deliver(ws_rt_dest(rt), msg);
		break;
	case WS_RT_LEAVE:
		ws_rt_ended(rt, 0, false);
		break;
	}
	kfree(rt->payload);
	rt->payload = NULL;
	return 0;
}

/* Read up to @len bytes of the connection: >0, 0 at EOF, or -errno. */
static int ws_rt_recv(struct ws_rt *rt, void *p, u32 len)
{
	struct sock *sk = rt->ws->sk;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec iov = { .iov_base = p, .iov_len = len };
	int alen;

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &iov, 1, len);
	return sk->sk_prot->recvmsg(sk, &msg, len, MSG_DONTWAIT, &alen);
}

/*
 * Read and handle frames until TCP has no more or the receiver is full.
 * Return: 0, 1 at EOF, or -errno (-EAGAIN: nothing more now).
 */
static int ws_rt_read(struct ws_rt *rt)
{
	struct ws_rt_frame *f = &rt->cur;
	struct ws_rt *dest;
	u8 *buf;
	int n;

	lockdep_assert_held(&rt->rx_mutex);
	for (;;) {
		/* A leaf's new connection is not read until connect is done. */
		if (rt->state == WS_RTS_IDLE || rt->state == WS_RTS_DEAD ||
		    rt->connecting)
			return 0;
		if (rt->hdr_got < WS_RT_HDR_LEN) {
			n = ws_rt_recv(rt, rt->hdr + rt->hdr_got,
				       WS_RT_HDR_LEN - rt->hdr_got);
			if (n <= 0)
				return n ? n : 1;
			rt->hdr_got += n;
			if (rt->hdr_got < WS_RT_HDR_LEN)
				continue;
			if (ws_rt_parse_hdr(rt->hdr, rt->hdr_got, f) < 0 ||
			    ws_rt_next_state(rt->state, f->type) < 0)
				return -EPROTO;
			rt->got = 0;
			if (f->type == WS_RT_DATA) {
				rt->msg = kvmalloc(struct_size(rt->msg, data,
							       f->len),
						   GFP_KERNEL_ACCOUNT);
				if (!rt->msg)
					return -ENOMEM;
				rt->msg->len = f->len;
			} else if (f->len) {
				rt->payload = kmalloc(f->len, GFP_KERNEL_ACCOUNT);
				if (!rt->payload)
					return -ENOMEM;
			}
		}
		if (f->type == WS_RT_DATA && !rt->got) {
			/* The receiver's SO_RCVBUF: TCP keeps the rest. */
			dest = ws_rt_dest(rt);
			if (!ws_rt_rx_room(dest, f->len)) {
				WRITE_ONCE(rt->rx_stalled, true);
				smp_mb();	/* pairs with ws_rt_kick_readers() */
				if (!ws_rt_rx_room(dest, f->len))
					return 0;
			}
			WRITE_ONCE(rt->rx_stalled, false);
		}
		if (rt->got < f->len) {
			buf = f->type == WS_RT_DATA ? rt->msg->data : rt->payload;
			n = ws_rt_recv(rt, buf + rt->got, f->len - rt->got);
			if (n <= 0)
				return n ? n : 1;
			rt->got += n;
			if (rt->got < f->len)
				continue;
		}
		n = ws_rt_frame_done(rt);
		if (n)
			return n;
	}
}

static void __ws_rt_rx_work(struct work_struct *work)
{
	struct ws_rt *rt = container_of(work, struct ws_rt, rx_work);
	bool partial;
	int err;

	mutex_lock(&rt->rx_mutex);
	err = ws_rt_read(rt);
	partial = rt->hdr_got || rt->got;
	if (err == 1) {
		/* EOF: in the middle of a frame, the frame is cut short. */
		if (partial)
			ws_rt_ended(rt, ECONNABORTED, true);
		else if (READ_ONCE(rt->ws->conn_reset) ||
			 READ_ONCE(rt->ws->conn_aborted))
			/* af_ws.c's sk_error_report took the sock's error. */
			ws_rt_ended(rt, ECONNRESET, false);
		else
			ws_rt_ended(rt, 0, false);
	} else if (err == -EPROTO || err == -ENOMEM) {
		ws_rt_ended(rt, ECONNABORTED, true);
	} else if (err == -ENOTCONN) {
		ws_rt_ended(rt, rt->tx_err ? rt->tx_err : ECONNRESET, false);
	} else if (err < 0 && err != -EAGAIN) {
		ws_rt_ended(rt, -err, false);
	}
	mutex_unlock(&rt->rx_mutex);
}

static void ws_rt_rx_work(struct work_struct *work)
{
	struct ws_rt *rt = container_of(work, struct ws_rt, rx_work);

	ws_rt_run_charged(rt, __ws_rt_rx_work, work);
}

/* --- callbacks (softirq, or process context with BH off) ------------------ */

/**
 * ws_rt_data_ready() - the sock of a rooted socket has data or a connection
 * @ws: the socket
 *
 * Context: the sock's sk_data_ready, sk_callback_lock held for reading.
 */
void ws_rt_data_ready(struct ws_sock *ws)
{
	struct ws_rt *rt = READ_ONCE(ws->rt);

	if (READ_ONCE(ws->sk->sk_state) == TCP_LISTEN)
		queue_work(system_wq, &rt->accept_work);
	else
		queue_work(system_wq, &rt->rx_work);
}

/**
 * ws_rt_write_space() - TCP has room again
 * @ws: the socket
 *
 * Context: the sock's sk_write_space, sk_callback_lock held for reading.
 */
void ws_rt_write_space(struct ws_sock *ws)
{
	struct ws_rt *rt = READ_ONCE(ws->rt);

	if (rt->kind != WS_RTK_ROOT && READ_ONCE(rt->tx_queued))
		queue_work(system_wq, &rt->tx_work);
}

/**
 * ws_rt_state_change() - the TCP connection changed state or failed
 * @ws: the socket
 *
 * Context: the sock's sk_state_change or sk_error_report.
 */
void ws_rt_state_change(struct ws_sock *ws)
{
	struct ws_rt *rt = READ_ONCE(ws->rt);

	if (rt->kind == WS_RTK_ROOT)
		return;
	queue_work(system_wq, &rt->rx_work);
	if (READ_ONCE(rt->tx_queued))
		queue_work(system_wq, &rt->tx_work);
}

/* --- the root: accepting connections, reaping pending ones ---------------- */

/* Take @m off its root's list (root->lock held). */
static void ws_rt_unlink(struct ws_rt *root, struct ws_rt *m)
{
	lockdep_assert_held(&root->lock);
	WRITE_ONCE(root->gen, root->gen + 1);
	if (m->listed == WS_RTL_PENDING) {
		root->npending--;
		if (m->state == WS_RTS_PENDING)
			WRITE_ONCE(root->njoined, root->njoined - 1);
	}
	if (m->listed != WS_RTL_NONE)
		list_del_init(&m->node);
	m->listed = WS_RTL_NONE;
}

/*
 * Drop a member taken off the pending list before accept(2) took it:
 * REJECT first if @reject, else a reset. Frees it (releases its holder).
 */
static void ws_rt_drop_pending(struct ws_rt *m, bool reject)
{
	struct socket *holder = m->holder;
	struct sock *sk = m->ws->sk;

	/*
	 * The root's SO_LINGER was cloned into the connection: a holder
	 * must not linger, or the reaper (a kworker, which no signal stops)
	 * and the root's close would wait for the peer's ACKs, as long as
	 * the peer likes up to l_linger, for each connection in turn.
	 */
	lock_sock(sk);
	sock_reset_flag(sk, SOCK_LINGER);
	release_sock(sk);
	if (reject) {
		mutex_lock(&m->tx_mutex);
		ws_rt_send_ctl(m, WS_RT_REJECT, NULL, 0);
		m->fin_after = true;
		ws_rt_flush(m);
		mutex_unlock(&m->tx_mutex);
	} else {
		tcp_abort(m->ws->sk, ECONNABORTED);
	}
	m->holder = NULL;
	/* ws_release() -> ws_rt_release() frees @m. */
	sock_release(holder);
}

static void __ws_rt_accept_work(struct work_struct *work)
{
	struct ws_rt *root = container_of(work, struct ws_rt, accept_work);
	struct ws_sock *ws = root->ws, *nws;
	struct socket *nsock;
	unsigned long due;
	struct ws_rt *m;
	bool full;
	int err;

	for (;;) {
		if (READ_ONCE(root->closing) ||
		    reqsk_queue_empty(&inet_csk(ws->sk)->icsk_accept_queue))
			break;
		mutex_lock(&root->lock);
		full = root->npending >
		       READ_ONCE(ws->sk->sk_max_ack_backlog);
		mutex_unlock(&root->lock);
		if (full)
			break;	/* TCP's backlog holds the others */

		/* At a root, a leaf's membership; at a leaf, its session. */
		m = ws_rt_alloc(root->kind == WS_RTK_ROOT ? WS_RTK_MEMBER :
							     WS_RTK_LEAF, root->memcg);
		nsock = sock_alloc();
		if (!m || !nsock) {
			if (nsock)
				sock_release(nsock);
			if (m)
				ws_rt_put(m);
			break;
		}
		nsock->type = ws->sock->type;
		nsock->ops = ws->sock->ops;
		__module_get(THIS_MODULE);	/* sock_release() puts it */
		err = ws_accept_hold(ws, nsock, O_NONBLOCK);
		if (err) {
			sock_release(nsock);
			ws_rt_put(m);
			break;
		}
		nws = ws_sk(nsock);
		nws->mp_role = WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF;
		m->ws = nws;
		m->holder = nsock;
		m->state = WS_RTS_WAIT_JOIN;
		due = jiffies + READ_ONCE(ws_rt_join_timeout) * HZ;
		m->due = due;
		if (nws->inet_ops->getname(nsock, &m->peer.sa, 1) < 0)
			m->peer.sa.sa_family = AF_UNSPEC;
		refcount_inc(&root->ref);
		m->root = root;
		/*
		 * The holder's ws_sock has its ws_rt before the member is
		 * listed: once listed, a shutdown(2) of the root may release
		 * the holder at once, and ws_rt_release() must find it. The
		 * callbacks see it from now on, but the reader waits for
		 * rx_mutex until the member is listed (njoined counts only
		 * listed members). Nothing touches @m once root->lock is
		 * dropped: the holder's release may free it then.
		 */
		mutex_lock(&m->rx_mutex);
		/* m's fields before it: the callbacks READ_ONCE(ws->rt). */
		smp_store_release(&nws->rt, m);
		mutex_lock(&root->lock);
		m->cookie = ++root->next_cookie;
		m->listed = WS_RTL_PENDING;
		list_add_tail(&m->node, &root->pending);
		root->npending++;
		/* Read what came already (a release cancels it). */
		queue_work(system_wq, &m->rx_work);
		mutex_unlock(&m->rx_mutex);
		mutex_unlock(&root->lock);
		ws_rt_arm_reap(root, due);
	}
}

static void ws_rt_accept_work(struct work_struct *work)
{
	struct ws_rt *rt = container_of(work, struct ws_rt, accept_work);

	ws_rt_run_charged(rt, __ws_rt_accept_work, work);
}

static void __ws_rt_reap_work(struct work_struct *work)
{
	struct ws_rt *root = container_of(to_delayed_work(work), struct ws_rt,
					  reap_work);
	unsigned long now = jiffies, next = 0, due;
	struct ws_rt *m, *n;
	LIST_HEAD(dead);

	mutex_lock(&root->lock);
	list_for_each_entry_safe(m, n, &root->pending, node) {
		due = m->due;
		/* Gone before accept(2): a FIN leaves it LEFT, not DEAD. */
		if (m->state == WS_RTS_DEAD || m->state == WS_RTS_LEFT ||
		    (m->state == WS_RTS_WAIT_JOIN && time_after_eq(now, due))) {
			ws_rt_unlink(root, m);
			list_add_tail(&m->node, &dead);
		} else if (m->state == WS_RTS_WAIT_JOIN &&
			   (!next || time_before(due, next))) {
			next = due;
		}
	}
	mutex_unlock(&root->lock);

	list_for_each_entry_safe(m, n, &dead, node) {
		list_del_init(&m->node);
		ws_rt_drop_pending(m, m->reject);
	}
	if (next)
		ws_rt_arm_reap(root, next);
	/* Room for more: TCP's backlog may hold connections. */
	ws_rt_queue(root, &root->accept_work);
}

static void ws_rt_reap_work(struct work_struct *work)
{
	struct ws_rt *rt = container_of(to_delayed_work(work), struct ws_rt,
					  reap_work);

	ws_rt_run_charged(rt, __ws_rt_reap_work, work);
}

/* A pending member whose JOIN arrived, for @me (root->lock held). */
static bool ws_rt_takeable(struct ws_rt *m, struct pid *me)
{
	return m->state == WS_RTS_PENDING &&
	       (!m->claim_pid || m->claim_pid == me || !ws_pid_live(m->claim_pid));
}

/*
 * The join accept(2) takes: the one the thread claimed, else the oldest;
 * *@gen is the state of the lists it looked at.
 */
static struct ws_rt *ws_rt_take(struct ws_rt *root, unsigned int *gen)
{
	struct pid *me = task_pid(current);
	struct ws_rt *m, *pick = NULL;

	mutex_lock(&root->lock);
	*gen = root->gen;
	list_for_each_entry(m, &root->pending, node) {
		if (m->state == WS_RTS_PENDING && m->claim_pid == me) {
			pick = m;
			break;
		}
		if (!pick && ws_rt_takeable(m, me))
			pick = m;
	}
	if (pick)
		ws_rt_unlink(root, pick);
	mutex_unlock(&root->lock);
	return pick;
}

/*
 * Something changed since accept(2) looked (a join arrived, went, was
 * claimed or unclaimed), or the root stopped listening. Joins claimed by
 * other threads do not wake it: it does not spin on them.
 */
static bool ws_rt_accept_wake(struct ws_rt *root, unsigned int gen)
{
	return READ_ONCE(root->gen) != gen ||
	       READ_ONCE(root->ws->sk->sk_state) != TCP_LISTEN;
}

/**
 * ws_rt_accept() - accept(2) on a root: admit the oldest complete join
 * @ws: the socket
 * @newsock: accept(2)'s new socket, of the root's type and ops
 * @flags: O_NONBLOCK: do not wait
 *
 * Context: process context, may sleep.
 * Return: 0 with @newsock the leaf's membership socket, or -errno.
 */
int ws_rt_accept(struct ws_sock *ws, struct socket *newsock, int flags)
{
	struct ws_rt *root = ws->rt, *m;
	long timeo = sock_rcvtimeo(ws->sk, flags & O_NONBLOCK);
	struct socket *holder;
	struct ws_blocker b;
	unsigned int gen;
	long t, left;
	bool ok;
	int err;

	might_sleep();
	if (!ws_rt_is_listener(root) ||
	    READ_ONCE(ws->sk->sk_state) != TCP_LISTEN)
		return -EINVAL;
	for (;;) {
		m = ws_rt_take(root, &gen);
		if (m) {
			mutex_lock(&m->rx_mutex);
			ok = m->state == WS_RTS_PENDING;
			if (ok) {
				WRITE_ONCE(m->state, WS_RTS_OPEN);
				m->admitted = true;
				m->jl_flags = m->peer_flags;
				/*
				 * The join's flags say how the leaf takes
				 * part: no sends from a receiver-only leaf,
				 * none to a sender-only one.
				 */
				WRITE_ONCE(m->ws->shut_wr, m->peer_flags ==
					   (m->kind == WS_RTK_MEMBER ?
					    WS_JL_SENDER_ONLY :
					    WS_JL_RECEIVER_ONLY));
			}
			mutex_unlock(&m->rx_mutex);
			if (ok)
				break;
			ws_rt_drop_pending(m, false);	/* the leaf went */
			continue;
		}
		if (!timeo)
			return -EWOULDBLOCK;
		err = ws_block_begin(ws, &b);
		if (err)
			return err;
		/*
		 * A claim lapses when its thread exits, which changes nothing
		 * that wakes us: while complete joins are there (claimed by
		 * others), look again each second.
		 */
		t = READ_ONCE(root->njoined) ? min_t(long, timeo, HZ) : timeo;
		left = wait_event_interruptible_timeout(*sk_sleep(ws->sk),
							ws_rt_accept_wake(root, gen),
							t);
		if (ws_block_end(ws, &b) || ws_cancelled(ws))
			return -EINTR;
		if (left < 0)
			return left;
		if (timeo != MAX_SCHEDULE_TIMEOUT)
			timeo -= t - left;
		if (READ_ONCE(ws->sk->sk_state) != TCP_LISTEN)
			return -EINVAL;
		if (!timeo && READ_ONCE(root->gen) == gen)
			return -EWOULDBLOCK;
	}

	holder = m->holder;
	m->holder = NULL;
	ws_sock_move(holder, newsock);
	sock_release(holder);	/* empty now */

	mutex_lock(&m->tx_mutex);
	err = ws_rt_send_ctl(m, WS_RT_ADMIT, m->callee, m->callee_len);
	mutex_unlock(&m->tx_mutex);
	kfree(m->callee);
	m->callee = NULL;
	put_pid(m->claim_pid);
	m->claim_pid = NULL;
	if (err)
		tcp_abort(m->ws->sk, ECONNABORTED);	/* no memory for ADMIT */

	if (m->kind == WS_RTK_MEMBER) {
		mutex_lock(&root->lock);
		m->listed = WS_RTL_MEMBER;
		list_add_tail(&m->node, &root->members);
		mutex_unlock(&root->lock);
	}

	ws_ev_reenable(ws, BIT(WS_FD_ACCEPT_BIT));
	/* Frames may have come meanwhile; room for another pending one. */
	ws_rt_queue(m, &m->rx_work);
	ws_rt_queue(root, &root->accept_work);
	return 0;
}

/**
 * ws_rt_listen() - listen(2) on a rooted socket
 * @ws: the socket, bound
 * @backlog: listen's backlog
 *
 * Context: process context.
 * Return: 0 or -errno: leaves cannot listen yet (root-initiated joins).
 */
int ws_rt_listen(struct ws_sock *ws, int backlog)
{
	struct ws_rt *rt = ws->rt;
	struct sock *sk = ws->sk;
	int err = -EINVAL;

	/*
	 * A leaf listens for roots' joins, if it is not in a session; under
	 * rx_mutex throughout, so that WS_IOC_RT_JOIN cannot make it a
	 * membership socket or register a join meanwhile.
	 */
	mutex_lock(&rt->rx_mutex);
	if (rt->kind == WS_RTK_MEMBER)
		goto unlock;
	if (rt->kind == WS_RTK_LEAF &&
	    (rt->state != WS_RTS_IDLE || rt->arm_pid || rt->connecting)) {
		err = -EISCONN;
		goto unlock;
	}
	/*
	 * inet_listen() refuses a socket whose type is not SOCK_STREAM; this
	 * is what it does for TCP, without TCP Fast Open (a JOIN is never
	 * carried by a SYN) and without the BPF listen callback. The
	 * security modules' listen hook ran in the socket layer.
	 */
	lock_sock(sk);
	if (ws->sock->state == SS_UNCONNECTED &&
	    ((1 << sk->sk_state) & (TCPF_CLOSE | TCPF_LISTEN))) {
		WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
		err = sk->sk_state == TCP_LISTEN ? 0 : inet_csk_listen_start(sk);
	}
	release_sock(sk);
	if (!err)
		WRITE_ONCE(rt->listening, true);
unlock:
	mutex_unlock(&rt->rx_mutex);
	if (!err)
		ws_bind_listen_first(ws);
	return err;
}

/* --- a leaf's join ----------------------------------------------------------- */

static void ws_rt_disarm(struct ws_rt *rt)
{
	lockdep_assert_held(&rt->rx_mutex);
	put_pid(rt->arm_pid);
	rt->arm_pid = NULL;
	kfree(rt->arm_data);
	rt->arm_data = NULL;
	rt->arm_len = 0;
	rt->arm_flags = 0;
}

static bool ws_rt_armed_by_other(struct ws_rt *rt)
{
	lockdep_assert_held(&rt->rx_mutex);
	return rt->arm_pid && rt->arm_pid != task_pid(current) &&
	       ws_pid_live(rt->arm_pid);
}

static int ws_rt_link_root(struct ws_sock *ws, int root_fd, u32 flags);

static int ws_rt_ioctl_join(struct ws_sock *ws, void __user *argp)
{
	struct ws_rt *rt = ws->rt;
	struct ws_rt_join args;
	u8 *data = NULL;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.pad || (args.flags & ~WS_JL_ALL))
		return -EINVAL;
	if (args.flags && args.caller_len > WS_RT_MAX_CONNDATA)
		return -EINVAL;
	if (args.root_fd != -1 && args.flags) {
		err = ws_rt_link_root(ws, args.root_fd, args.flags);
		if (err)
			return err;
	} else if (args.flags &&
		   (rt->kind != WS_RTK_LEAF || READ_ONCE(rt->listening))) {
		return -EINVAL;
	}
	if (args.flags && args.caller_len) {
		data = memdup_user(u64_to_user_ptr(args.caller_data),
				   args.caller_len);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}

	mutex_lock(&rt->rx_mutex);
	if (!args.flags) {
		if (rt->arm_pid == task_pid(current))
			ws_rt_disarm(rt);
		err = 0;
	} else if (rt->admitted || rt->state == WS_RTS_OPEN ||
		   rt->state == WS_RTS_LEFT) {
		/* Once admitted, for good: CONNDATA reads conndata unlocked. */
		err = -EISCONN;
	} else if (rt->state == WS_RTS_JOINING || rt->connecting ||
		   ws_rt_armed_by_other(rt)) {
		err = -EALREADY;
	} else {
		ws_rt_disarm(rt);
		rt->arm_pid = get_pid(task_pid(current));
		rt->arm_flags = args.flags;
		rt->arm_data = data;
		rt->arm_len = args.caller_len;
		data = NULL;
		err = 0;
	}
	mutex_unlock(&rt->rx_mutex);
	kfree(data);
	return err;
}

/*
 * A root-initiated join of member @m (its rx_mutex held) may start, and
 * with @start does: the root has at most one under way (the WSAJoinLeaf
 * page: until the join completes, further calls on the same socket fail
 * with WSAEALREADY), and a root shut down for sending invites no one.
 * Return: 0, -EALREADY or -ESHUTDOWN.
 */
static int ws_rt_invite(struct ws_rt *root, struct ws_rt *m, bool start)
{
	int err = 0;

	mutex_lock(&root->lock);
	if (root->left)
		err = -ESHUTDOWN;
	else if (root->inviting && root->inviting != m)
		err = -EALREADY;
	else if (start)
		root->inviting = m;
	mutex_unlock(&root->lock);
	return err;
}

/*
 * A root-initiated join: @ws, a new leaf socket, becomes the membership
 * socket of the root @root_fd (the WSAJoinLeaf page: the root's call
 * returns a new c_leaf socket). Once; a retry names the same root.
 */
static int ws_rt_link_root(struct ws_sock *ws, int root_fd, u32 flags)
{
	struct ws_rt *rt = ws->rt, *root;
	bool linked = false;
	struct ws_sock *rws;
	struct file *file;
	int err = 0;

	if (root_fd < 0 || !flags)
		return -EINVAL;
	file = fget(root_fd);
	if (!file)
		return -EBADF;
	rws = ws_sock_of_file(file);
	root = rws ? READ_ONCE(rws->rt) : NULL;
	if (!root || root->kind != WS_RTK_ROOT ||
	    rws->sk->sk_family != ws->sk->sk_family) {
		fput(file);
		return -EINVAL;
	}
	mutex_lock(&rt->rx_mutex);
	if (rt->kind == WS_RTK_MEMBER && rt->root == root) {
		/*
		 * A retry, only of a join that failed: the flags of an
		 * admitted member, or of a join under way, are its root's
		 * fan-out's (ws_rt_receives()) and stay as they are.
		 */
		if (rt->admitted || rt->state == WS_RTS_OPEN ||
		    rt->state == WS_RTS_LEFT)
			err = -EISCONN;
		else if (rt->state == WS_RTS_JOINING || rt->connecting ||
			 ws_rt_armed_by_other(rt))
			err = -EALREADY;
		else
			err = ws_rt_invite(root, rt, false);
	} else if (rt->kind != WS_RTK_LEAF || rt->listening ||
		   rt->state != WS_RTS_IDLE || rt->connecting || rt->arm_pid) {
		err = -EINVAL;
	} else {
		err = ws_rt_invite(root, rt, false);
		if (!err) {
			refcount_inc(&root->ref);
			rt->root = root;
			WRITE_ONCE(rt->kind, WS_RTK_MEMBER);
			linked = true;
		}
	}
	if (!err)
		rt->peer_flags = flags;
	mutex_unlock(&rt->rx_mutex);
	/*
	 * The WSAJoinLeaf page: the new socket "has the same properties as s
	 * including asynchronous events registered with WSAAsyncSelect or
	 * with WSAEventSelect".
	 */
	if (linked)
		ws_ev_inherit(ws, rws);
	fput(file);
	return err;
}

/* A failed join's TCP connection is closed: make the sock connectable. */
static void ws_rt_conn_reset(struct ws_rt *rt)
{
	struct socket *sock = rt->ws->sock;
	struct sock *sk = rt->ws->sk;

	lockdep_assert_held(&rt->rx_mutex);
	if (READ_ONCE(sk->sk_state) != TCP_CLOSE)
		tcp_abort(sk, ECONNABORTED);
	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED) {
		sock->state = SS_UNCONNECTED;
		if (sk->sk_prot->disconnect(sk, 0))
			sock->state = SS_DISCONNECTING;
	}
	sk->sk_err = 0;
	release_sock(sk);
	/* A new connection: the old one's reset is not its. */
	WRITE_ONCE(rt->ws->conn_reset, false);
	WRITE_ONCE(rt->ws->conn_aborted, false);
	rt->hdr_got = 0;
	rt->got = 0;
	kfree(rt->payload);
	rt->payload = NULL;
	kvfree(rt->msg);
	rt->msg = NULL;
	kfree(rt->conndata);
	rt->conndata = NULL;
	rt->conndata_len = 0;
	rt->tx_err = 0;
	mutex_lock(&rt->tx_mutex);
	ws_rt_txq_purge(rt);
	rt->fin_after = false;
	rt->fin_sent = false;
	mutex_unlock(&rt->tx_mutex);
}

/**
 * ws_rt_connect() - connect(2) on a rooted socket: a leaf's registered join
 * @ws: the socket
 * @uaddr: the root's address, which the security modules' connect hook
 *	checked
 * @len: its length
 * @flags: O_NONBLOCK: do not wait for the answer
 *
 * Context: process context, may sleep.
 * Return: 0 (admitted), -EWOULDBLOCK (under way), or -errno, see
 * uapi/linux/ws.h.
 */
int ws_rt_connect(struct ws_sock *ws, struct sockaddr *uaddr, int len,
		  int flags)
{
	struct ws_rt *rt = ws->rt;
	struct ws_rt_txbuf *buf;
	struct ws_rt_join_hdr *jh;
	struct ws_rt_txent *e;
	struct ws_blocker b;
	union ws_addr addr;
	int alen, err;

	might_sleep();
	if (rt->kind == WS_RTK_ROOT || rt->listening)
		return -EINVAL;
	/* A root's membership socket joins only for its root (registered). */
	if (rt->kind == WS_RTK_MEMBER && rt->admitted)
		return -EISCONN;
	alen = ws_addr_check(ws, uaddr, len);
	if (alen < 0)
		return alen;
	memset(&addr, 0, sizeof(addr));
	memcpy(&addr, uaddr, alen);

	mutex_lock(&rt->rx_mutex);
	if (rt->state == WS_RTS_JOINING || rt->connecting) {
		err = -EALREADY;
		goto unlock;
	}
	if (rt->admitted || rt->state == WS_RTS_OPEN ||
	    rt->state == WS_RTS_LEFT) {
		err = -EISCONN;
		goto unlock;
	}
	if (rt->arm_pid != task_pid(current)) {
		err = ws_rt_armed_by_other(rt) ? -EALREADY : -EINVAL;
		goto unlock;
	}
	if (rt->kind == WS_RTK_MEMBER) {
		err = ws_rt_invite(rt->root, rt, true);
		if (err)
			goto unlock;
	}
	buf = ws_rt_txbuf_new(WS_RT_JOIN, WS_RT_JOIN_HDR + rt->arm_len);
	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!buf || !e) {
		kfree(e);
		if (buf)
			ws_rt_txbuf_put(buf);
		if (rt->kind == WS_RTK_MEMBER) {
			mutex_lock(&rt->root->lock);
			rt->root->inviting = NULL;	/* it was ours */
			mutex_unlock(&rt->root->lock);
		}
		err = -ENOMEM;
		goto unlock;
	}
	jh = (struct ws_rt_join_hdr *)(buf->data + WS_RT_HDR_LEN);
	jh->role = rt->kind == WS_RTK_MEMBER ? WS_RT_ROLE_ROOT : WS_RT_ROLE_LEAF;
	jh->reserved = 0;
	jh->flags = cpu_to_be16(rt->arm_flags);
	if (rt->arm_len)
		memcpy(jh + 1, rt->arm_data, rt->arm_len);
	rt->jl_flags = rt->arm_flags;
	ws_rt_disarm(rt);
	if (rt->state == WS_RTS_DEAD)
		ws_rt_conn_reset(rt);	/* a retry: a new connection */
	rt->peer = addr;
	rt->admitted = false;
	WRITE_ONCE(rt->err, 0);
	WRITE_ONCE(ws->so_error, 0);
	ws_ev_rt_join_start(ws);	/* the previous join's end is not this one's */
	/* No sends from a receiver-only leaf, none to a sender-only one. */
	WRITE_ONCE(ws->shut_wr, rt->jl_flags ==
		   (rt->kind == WS_RTK_MEMBER ? WS_JL_SENDER_ONLY :
						WS_JL_RECEIVER_ONLY));
	e->buf = buf;
	mutex_lock(&rt->tx_mutex);
	ws_rt_txq_add(rt, e);
	mutex_unlock(&rt->tx_mutex);
	WRITE_ONCE(rt->state, WS_RTS_JOINING);
	WRITE_ONCE(rt->connecting, true);
	mutex_unlock(&rt->rx_mutex);

	if (!(flags & O_NONBLOCK)) {
		err = ws_block_begin(ws, &b);
		if (err) {
			mutex_lock(&rt->rx_mutex);
			WRITE_ONCE(rt->connecting, false);
			mutex_unlock(&rt->rx_mutex);
			goto fail;
		}
	}
	err = ws->inet_ops->connect(ws->sock, &addr.sa, alen, flags);
	if (!(flags & O_NONBLOCK) && ws_block_end(ws, &b) && err)
		err = -EINTR;
	mutex_lock(&rt->rx_mutex);
	WRITE_ONCE(rt->connecting, false);
	mutex_unlock(&rt->rx_mutex);
	if (err && err != -EINPROGRESS)
		goto fail;
	/*
	 * The JOIN goes when TCP is connected (sk_state_change); the reader
	 * looks at what happened to the connection meanwhile.
	 */
	ws_rt_queue(rt, &rt->tx_work);
	ws_rt_queue(rt, &rt->rx_work);
	if (flags & O_NONBLOCK)
		return -EWOULDBLOCK;

	err = ws_block_begin(ws, &b);
	if (err)
		goto fail;
	err = wait_event_interruptible(*sk_sleep(ws->sk),
				       READ_ONCE(rt->state) != WS_RTS_JOINING);
	if (ws_block_end(ws, &b) || ws_cancelled(ws))
		err = -EINTR;
	if (err)
		goto fail;
	if (READ_ONCE(rt->state) == WS_RTS_OPEN ||
	    READ_ONCE(rt->state) == WS_RTS_LEFT)
		return 0;
	return -READ_ONCE(rt->err);

fail:
	if (err == -ERESTARTSYS)
		err = -EINTR;
	/* The join is abandoned: its connection, if any, is reset. */
	mutex_lock(&rt->rx_mutex);
	if (rt->state == WS_RTS_JOINING) {
		WRITE_ONCE(rt->err, -err);
		WRITE_ONCE(rt->state, WS_RTS_DEAD);
		if (READ_ONCE(ws->sk->sk_state) != TCP_CLOSE)
			tcp_abort(ws->sk, ECONNABORTED);
		if (rt->kind == WS_RTK_MEMBER)
			ws_rt_root_joined(rt, -err);
	}
	mutex_unlock(&rt->rx_mutex);
	return err;
unlock:
	mutex_unlock(&rt->rx_mutex);
	return err;
}

/* --- data -------------------------------------------------------------------- */

/* Does member @m get the root's messages? */
static bool ws_rt_receives(struct ws_rt *m)
{
	return READ_ONCE(m->state) == WS_RTS_OPEN &&
	       m->peer_flags != WS_JL_SENDER_ONLY;
}

/* The root's fan-out of @buf: all receiving members or none (-EAGAIN). */
static int ws_rt_fanout(struct ws_rt *root, struct ws_rt_txbuf *buf)
{
	int sndbuf = READ_ONCE(root->ws->sk->sk_sndbuf);
	struct ws_rt_txent *e, *n;
	unsigned int i, count = 0;
	LIST_HEAD(ents);
	struct ws_rt *m;
	int err = 0;

	mutex_lock(&root->lock);
	list_for_each_entry(m, &root->members, node) {
		if (!ws_rt_receives(m))
			continue;
		if (!ws_rt_tx_room(m, buf->len, sndbuf)) {
			WRITE_ONCE(root->tx_blocked, true);
			err = -EAGAIN;
			goto out;
		}
		count++;
	}
	for (i = 0; i < count; i++) {
		e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
		if (!e) {
			err = -ENOMEM;
			goto out;
		}
		list_add(&e->node, &ents);
	}
	list_for_each_entry(m, &root->members, node) {
		if (!ws_rt_receives(m) || list_empty(&ents))
			continue;
		e = list_first_entry(&ents, struct ws_rt_txent, node);
		list_del(&e->node);
		refcount_inc(&buf->ref);
		e->buf = buf;
		mutex_lock(&m->tx_mutex);
		if (m->fin_after || m->tx_err) {
			ws_rt_txbuf_put(buf);
			kfree(e);
		} else {
			ws_rt_txq_add(m, e);
			ws_rt_flush(m);
		}
		mutex_unlock(&m->tx_mutex);
	}
out:
	mutex_unlock(&root->lock);
	list_for_each_entry_safe(e, n, &ents, node)
		kfree(e);
	return err;
}

/* A leaf's or membership socket's send: its one connection. */
static int ws_rt_send_one(struct ws_rt *rt, struct ws_rt_txbuf *buf)
{
	int sndbuf = READ_ONCE(rt->ws->sk->sk_sndbuf);
	struct ws_rt_txent *e;
	int err = 0;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return -ENOMEM;
	mutex_lock(&rt->tx_mutex);
	if (READ_ONCE(rt->state) != WS_RTS_OPEN || rt->fin_after) {
		err = READ_ONCE(rt->err) ? -READ_ONCE(rt->err) : -ENOTCONN;
	} else if (rt->tx_err) {
		err = -ECONNRESET;
	} else if (!ws_rt_tx_room(rt, buf->len, sndbuf)) {
		err = -EAGAIN;
	} else {
		refcount_inc(&buf->ref);
		e->buf = buf;
		ws_rt_txq_add(rt, e);
		e = NULL;
		ws_rt_flush(rt);
	}
	mutex_unlock(&rt->tx_mutex);
	kfree(e);
	return err;
}

static bool ws_rt_can_retry(struct ws_rt *rt, u32 len)
{
	if (rt->kind == WS_RTK_ROOT)
		return !READ_ONCE(rt->tx_blocked);
	return READ_ONCE(rt->state) != WS_RTS_OPEN ||
	       ws_rt_tx_room(rt, len, READ_ONCE(rt->ws->sk->sk_sndbuf));
}

/**
 * ws_rt_sendmsg() - send one message on a rooted socket
 * @ws: the socket
 * @msg: the message; msg_name is ignored
 * @len: its length
 *
 * Context: process context, may sleep; af_ws.c's ws_sendmsg() lists the
 * thread for closesocket's cancellation around it.
 * Return: @len or -errno (-EAGAIN: no room, see uapi/linux/ws.h).
 */
int ws_rt_sendmsg(struct ws_sock *ws, struct msghdr *msg, size_t len)
{
	struct ws_rt *rt = ws->rt;
	bool nonblock = msg->msg_flags & MSG_DONTWAIT;
	long timeo = sock_sndtimeo(ws->sk, nonblock);
	struct ws_rt_txbuf *buf;
	int err;

	might_sleep();
	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (msg->msg_flags & ~(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_DONTROUTE |
			       MSG_CMSG_COMPAT))
		return -EOPNOTSUPP;
	if (READ_ONCE(ws->shut_wr))
		return -ESHUTDOWN;
	if (len > WS_RT_MAX_MSG)
		return -EMSGSIZE;
	if (rt->kind != WS_RTK_ROOT && READ_ONCE(rt->state) != WS_RTS_OPEN)
		return READ_ONCE(rt->err) && rt->admitted ?
		       -READ_ONCE(rt->err) : -ENOTCONN;

	buf = ws_rt_txbuf_new(WS_RT_DATA, len);
	if (!buf)
		return -ENOMEM;
	if (!copy_from_iter_full(buf->data + WS_RT_HDR_LEN, len,
				 &msg->msg_iter)) {
		ws_rt_txbuf_put(buf);
		return -EFAULT;
	}
	for (;;) {
		if (rt->kind == WS_RTK_ROOT)
			err = ws_rt_fanout(rt, buf);
		else
			err = ws_rt_send_one(rt, buf);
		if (err != -EAGAIN || !timeo)
			break;
		timeo = wait_event_interruptible_timeout(*sk_sleep(ws->sk),
							 ws_rt_can_retry(rt, buf->len),
							 timeo);
		if (timeo < 0) {
			err = timeo;
			break;
		}
		if (!timeo && !ws_rt_can_retry(rt, buf->len)) {
			err = -EAGAIN;
			break;
		}
	}
	ws_rt_txbuf_put(buf);
	return err ? err : len;
}

/* A receiver made room: its stalled readers go on. */
static void ws_rt_kick_readers(struct ws_rt *rt)
{
	struct ws_rt *m;

	smp_mb();	/* pairs with ws_rt_read() */
	if (rt->kind != WS_RTK_ROOT) {
		if (READ_ONCE(rt->rx_stalled))
			ws_rt_queue(rt, &rt->rx_work);
		return;
	}
	mutex_lock(&rt->lock);
	list_for_each_entry(m, &rt->members, node)
		if (READ_ONCE(m->rx_stalled))
			ws_rt_queue(m, &m->rx_work);
	mutex_unlock(&rt->lock);
}

/* Nothing to receive: the error or end a receiver gets, or 1 to wait. */
static int ws_rt_recv_end(struct ws_rt *rt)
{
	int state = READ_ONCE(rt->state);

	if (rt->kind == WS_RTK_ROOT)
		return 1;
	if (!rt->admitted)
		return -ENOTCONN;
	if (state == WS_RTS_LEFT)
		return 0;
	if (state == WS_RTS_DEAD)
		return -READ_ONCE(rt->err);
	return 1;
}

static bool ws_rt_recv_ready(struct ws_rt *rt)
{
	return READ_ONCE(rt->rxq_count) || ws_rt_recv_end(rt) != 1;
}

/**
 * ws_rt_recvmsg() - receive one message on a root or a leaf
 * @ws: the socket
 * @msg: where to; msg_name gets the sender's address
 * @len: room in @msg
 * @flags: MSG_PEEK, MSG_DONTWAIT
 *
 * Context: process context, may sleep.
 * Return: the bytes copied, or -errno (-EMSGSIZE: truncated).
 */
int ws_rt_recvmsg(struct ws_sock *ws, struct msghdr *msg, size_t len,
		  int flags)
{
	struct ws_rt *rt = ws->rt;
	long timeo = sock_rcvtimeo(ws->sk, flags & MSG_DONTWAIT);
	struct ws_rt_msg *m;
	int err, n;

	might_sleep();
	if (rt->kind == WS_RTK_MEMBER)
		return -EOPNOTSUPP;	/* its leaf's messages go to the root */
	if (flags & ~(MSG_PEEK | MSG_DONTWAIT | MSG_CMSG_COMPAT))
		return -EOPNOTSUPP;
	if (READ_ONCE(ws->shut_rd))
		return -ESHUTDOWN;

	mutex_lock(&rt->recv_mutex);
	for (;;) {
		spin_lock(&rt->rxq_lock);
		m = list_first_entry_or_null(&rt->rxq, struct ws_rt_msg, node);
		if (m && !(flags & MSG_PEEK)) {
			list_del(&m->node);
			WRITE_ONCE(rt->rxq_bytes,
				   rt->rxq_bytes - WS_RT_MSG_COST(m->len));
			WRITE_ONCE(rt->rxq_count, rt->rxq_count - 1);
		}
		spin_unlock(&rt->rxq_lock);
		if (m)
			break;
		err = ws_rt_recv_end(rt);
		if (err != 1)
			goto out;
		/* Nonblocking: EAGAIN; SO_RCVTIMEO ran out: ETIMEDOUT. */
		err = (flags & MSG_DONTWAIT) ? -EAGAIN : -ETIMEDOUT;
		if (!timeo)
			goto out;
		mutex_unlock(&rt->recv_mutex);
		timeo = wait_event_interruptible_timeout(*sk_sleep(ws->sk),
							 ws_rt_recv_ready(rt),
							 timeo);
		if (timeo < 0)
			return timeo;
		mutex_lock(&rt->recv_mutex);
	}

	n = min_t(size_t, len, m->len);
	err = n;
	if (copy_to_iter(m->data, n, &msg->msg_iter) != n)
		err = -EFAULT;
	else if (n < m->len)
		err = -EMSGSIZE;	/* the rest is dropped, as for UDP */
	if (msg->msg_name && m->from.sa.sa_family != AF_UNSPEC) {
		msg->msg_namelen = m->from.sa.sa_family == AF_INET ?
				   sizeof(m->from.sin) : sizeof(m->from.sin6);
		memcpy(msg->msg_name, &m->from, msg->msg_namelen);
	}
	if (!(flags & MSG_PEEK)) {
		kvfree(m);
		ws_rt_kick_readers(rt);
	}
out:
	mutex_unlock(&rt->recv_mutex);
	return err;
}

/**
 * ws_rt_shutdown() - shutdown(2) on a rooted socket
 * @ws: the socket
 * @how: SHUT_RD, SHUT_WR or SHUT_RDWR
 *
 * Context: process context, may sleep.
 * Return: 0 or -ENOTCONN.
 */
int ws_rt_shutdown(struct ws_sock *ws, int how)
{
	struct ws_rt *rt = ws->rt, *m, *n;
	LIST_HEAD(pend);

	if (rt->kind != WS_RTK_ROOT && !rt->admitted)
		return -ENOTCONN;
	if (how != SHUT_WR)
		WRITE_ONCE(ws->shut_rd, true);
	if (how == SHUT_RD)
		return 0;
	WRITE_ONCE(ws->shut_wr, true);
	if (rt->kind != WS_RTK_ROOT) {
		ws_rt_leave(rt);
		return 0;
	}
	/*
	 * The root: every leaf gets LEAVE, every pending join REJECT, and a
	 * root-initiated join under way is let go when it ends.
	 */
	mutex_lock(&rt->lock);
	rt->left = true;
	list_for_each_entry(m, &rt->members, node)
		ws_rt_root_leave(m);
	list_for_each_entry_safe(m, n, &rt->pending, node) {
		ws_rt_unlink(rt, m);
		list_add_tail(&m->node, &pend);
	}
	mutex_unlock(&rt->lock);
	list_for_each_entry_safe(m, n, &pend, node) {
		list_del_init(&m->node);
		ws_rt_drop_pending(m, true);
	}
	return 0;
}

/**
 * ws_rt_evstate() - the conditions of a rooted socket's network events
 * @ws: the socket
 * @st: set
 *
 * Context: any; lockless.
 */
void ws_rt_evstate(struct ws_sock *ws, struct ws_rt_evstate *st)
{
	struct ws_rt *rt = READ_ONCE(ws->rt);
	int state = READ_ONCE(rt->state);

	memset(st, 0, sizeof(*st));
	st->readable = READ_ONCE(rt->rxq_count);
	st->acceptable = READ_ONCE(rt->njoined);
	if (rt->kind == WS_RTK_ROOT) {
		st->writable = !READ_ONCE(rt->tx_blocked);
		return;
	}
	st->writable = state == WS_RTS_OPEN &&
		       ws_rt_tx_room(rt, 1, READ_ONCE(ws->sk->sk_sndbuf));
	if ((rt->admitted && (state == WS_RTS_LEFT || state == WS_RTS_DEAD)) ||
	    READ_ONCE(rt->root_left)) {
		st->closed = true;
		st->close_err = state == WS_RTS_DEAD ? ECONNABORTED : 0;
	}
}

/**
 * ws_rt_poll() - poll(2) on a rooted socket; agrees with its events
 * @file: its file
 * @ws: the socket
 * @wait: the poll table
 *
 * Return: the mask.
 */
__poll_t ws_rt_poll(struct file *file, struct ws_sock *ws, poll_table *wait)
{
	struct ws_rt *rt = ws->rt;
	struct ws_rt_evstate st;
	__poll_t mask = 0;
	int state;

	sock_poll_wait(file, ws->sock, wait);
	ws_rt_evstate(ws, &st);
	state = READ_ONCE(rt->state);
	if (st.readable || st.acceptable)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (st.writable)
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (st.closed)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP | EPOLLHUP;
	if (rt->kind != WS_RTK_ROOT && !rt->admitted && state == WS_RTS_DEAD)
		mask |= EPOLLERR;
	if (state == WS_RTS_DEAD && rt->admitted)
		mask |= EPOLLERR;
	return mask;
}

/* --- ioctls ---------------------------------------------------------------- */

static int ws_rt_ioctl_conndata(struct ws_sock *ws, void __user *argp)
{
	struct ws_rt_conndata __user *uargs = argp;
	struct ws_rt *rt = ws->rt;
	struct ws_rt_conndata args;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (rt->kind == WS_RTK_ROOT)
		return -EINVAL;
	/* Constant once admitted (see the top); pairs with frame_done(). */
	if (!smp_load_acquire(&rt->admitted))
		return -ENOTCONN;
	if (copy_to_user(u64_to_user_ptr(args.buf), rt->conndata,
			 min(args.max, rt->conndata_len)))
		return -EFAULT;
	return put_user(rt->conndata_len, &uargs->len);
}

static int ws_rt_ioctl_peek(struct ws_sock *ws, void __user *argp)
{
	struct ws_rt *root = ws->rt, *m;
	struct ws_rt_join_info args;
	struct pid *me = task_pid(current);
	u8 *data = NULL;
	int err = -EWOULDBLOCK;
	u32 n = 0;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.pad || !ws_rt_is_listener(root) ||
	    READ_ONCE(ws->sk->sk_state) != TCP_LISTEN)
		return -EINVAL;
	mutex_lock(&root->lock);
	list_for_each_entry(m, &root->pending, node) {
		if (!ws_rt_takeable(m, me))
			continue;
		n = min(args.caller_max, m->conndata_len);
		if (n) {
			data = kmemdup(m->conndata, n, GFP_KERNEL);
			if (!data) {
				err = -ENOMEM;
				break;
			}
		}
		args.cookie = m->cookie;
		args.caller_len = m->conndata_len;
		args.flags = m->peer_flags;
		args.peer_len = m->peer.sa.sa_family == AF_INET ?
				sizeof(m->peer.sin) : sizeof(m->peer.sin6);
		memset(args.peer, 0, sizeof(args.peer));
		memcpy(args.peer, &m->peer, args.peer_len);
		/* The listener's side of this connection (lpCalleeId). */
		memset(args.local, 0, sizeof(args.local));
		args.local_len = ws_sock_name(m->holder, 0, args.local,
					      sizeof(args.local));
		err = 0;
		break;
	}
	mutex_unlock(&root->lock);
	if (!err && n && copy_to_user(u64_to_user_ptr(args.caller_data), data, n))
		err = -EFAULT;
	if (!err && copy_to_user(argp, &args, sizeof(args)))
		err = -EFAULT;
	kfree(data);
	return err;
}

static int ws_rt_ioctl_verdict(struct ws_sock *ws, void __user *argp)
{
	struct ws_rt *root = ws->rt, *m, *it, *pick = NULL;
	struct pid *me = task_pid(current);
	struct ws_rt_verdict args;
	u8 *callee = NULL;
	int err;

	if (copy_from_user(&args, argp, sizeof(args)))
		return -EFAULT;
	if (args.verdict > WS_CF_DEFER || args.callee_len > WS_RT_MAX_CONNDATA ||
	    !ws_rt_is_listener(root) ||
	    READ_ONCE(ws->sk->sk_state) != TCP_LISTEN)
		return -EINVAL;
	if (args.verdict == WS_CF_ACCEPT && args.callee_len) {
		callee = memdup_user(u64_to_user_ptr(args.callee_data),
				     args.callee_len);
		if (IS_ERR(callee))
			return PTR_ERR(callee);
	}

	mutex_lock(&root->lock);
	list_for_each_entry(m, &root->pending, node)
		if (m->cookie == args.cookie && m->state == WS_RTS_PENDING)
			pick = m;
	err = -ENOENT;
	if (!pick)
		goto out;
	err = -EBUSY;
	if (!ws_rt_takeable(pick, me))
		goto out;
	err = 0;
	switch (args.verdict) {
	case WS_CF_ACCEPT:
		/* One claim per thread: an older one lapses. */
		list_for_each_entry(it, &root->pending, node) {
			if (it->claim_pid != me)
				continue;
			put_pid(it->claim_pid);
			it->claim_pid = NULL;
		}
		put_pid(pick->claim_pid);
		pick->claim_pid = get_pid(me);
		WRITE_ONCE(root->gen, root->gen + 1);
		kfree(pick->callee);
		pick->callee = callee;
		pick->callee_len = args.callee_len;
		callee = NULL;
		pick = NULL;
		break;
	case WS_CF_REJECT:
		ws_rt_unlink(root, pick);
		break;
	case WS_CF_DEFER:
		if (pick->claim_pid == me) {
			put_pid(pick->claim_pid);
			pick->claim_pid = NULL;
			WRITE_ONCE(root->gen, root->gen + 1);
		}
		pick = NULL;
		break;
	}
out:
	mutex_unlock(&root->lock);
	kfree(callee);
	/* A deferred join is free again: a waiting accept(2) may take it. */
	if (!err)
		ws_rt_notify(root, false);
	if (!err && pick) {
		ws_rt_drop_pending(pick, true);
		ws_ev_reenable(ws, BIT(WS_FD_ACCEPT_BIT));
		ws_rt_queue(root, &root->accept_work);
	}
	return err;
}

/**
 * ws_rt_ioctl() - the ioctls of a rooted socket
 * @ws: the socket
 * @cmd: the command
 * @arg: its argument
 *
 * Context: process context.
 * Return: the result, or -ENOIOCTLCMD for the ioctls af_ws.c handles.
 */
int ws_rt_ioctl(struct ws_sock *ws, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	struct ws_rt *rt = ws->rt;
	struct ws_rt_msg *m;
	int n = 0;

	switch (cmd) {
	case WS_IOC_RT_JOIN:
		return ws_rt_ioctl_join(ws, argp);
	case WS_IOC_RT_CONNDATA:
		return ws_rt_ioctl_conndata(ws, argp);
	case WS_IOC_RT_PEEK:
		return ws_rt_ioctl_peek(ws, argp);
	case WS_IOC_RT_VERDICT:
		return ws_rt_ioctl_verdict(ws, argp);
	case SIOCINQ:
		/* A message socket's FIONREAD: its first message. */
		spin_lock(&rt->rxq_lock);
		m = list_first_entry_or_null(&rt->rxq, struct ws_rt_msg, node);
		if (m)
			n = m->len;
		spin_unlock(&rt->rxq_lock);
		return put_user(n, (int __user *)argp);
	case SIOCATMARK:
		return -EINVAL;
	case WS_IOC_JOIN_LEAF:
	case WS_IOC_ACCEPT_COND:
	case WS_IOC_ACCEPT_VERDICT:
	case WS_IOC_SUBMIT:
	case WS_IOC_ACCEPT_TAKE:
		return -EOPNOTSUPP;
	default:
		return -ENOIOCTLCMD;
	}
}

/* --- creation and release -------------------------------------------------- */

/**
 * ws_rt_init() - a new socket of a rooted entry
 * @ws: the socket, its mp_role set
 *
 * Context: process context.
 * Return: 0, -EINVAL for a role other than a root's or a leaf's (see
 * uapi/linux/ws.h), or -ENOMEM.
 */
int ws_rt_init(struct ws_sock *ws)
{
	const u32 root = WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_D_ROOT;
	const u32 leaf = WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF;
	struct mem_cgroup *memcg;
	struct ws_rt *rt;

	if (ws->mp_role != root && ws->mp_role != leaf)
		return -EINVAL;
	memcg = get_mem_cgroup_from_mm(current->mm);
	rt = ws_rt_alloc(ws->mp_role == root ? WS_RTK_ROOT : WS_RTK_LEAF, memcg);
	mem_cgroup_put(memcg);
	if (!rt)
		return -ENOMEM;
	rt->ws = ws;
	ws->rt = rt;
	return 0;
}

/* The connection of a leaf or member goes: LEAVE if it can, else a reset. */
static void ws_rt_conn_release(struct ws_rt *rt)
{
	struct sock *sk = rt->ws->sk;
	bool graceful;

	cancel_work_sync(&rt->rx_work);
	cancel_work_sync(&rt->tx_work);
	mutex_lock(&rt->tx_mutex);
	graceful = !rt->tx_err;
	if (graceful && rt->state == WS_RTS_OPEN && !rt->fin_after) {
		rt->fin_after = true;
		graceful = !ws_rt_send_ctl(rt, WS_RT_LEAVE, NULL, 0);
	}
	/* What TCP cannot take now would be a frame cut short: reset. */
	if (graceful && ws_rt_flush(rt) == -EAGAIN)
		graceful = false;
	if (!graceful && (rt->state == WS_RTS_OPEN || rt->state == WS_RTS_LEFT))
		tcp_abort(sk, ECONNABORTED);
	ws_rt_txq_purge(rt);
	mutex_unlock(&rt->tx_mutex);
}

/**
 * ws_rt_release() - a rooted socket is released
 * @ws: the socket, whose sock's callbacks are detached (or which never had
 *	any); no other thread holds its file
 *
 * Context: process context, may sleep.
 */
void ws_rt_release(struct ws_sock *ws)
{
	struct ws_rt *rt = ws->rt, *m, *n;
	LIST_HEAD(pend);

	if (!rt)
		return;
	might_sleep();
	spin_lock(&rt->rxq_lock);
	rt->closing = true;
	spin_unlock(&rt->rxq_lock);

	if (ws_rt_is_listener(rt)) {
		cancel_work_sync(&rt->accept_work);
		cancel_delayed_work_sync(&rt->reap_work);
		/*
		 * A listening leaf's state changes queue its reader too (a
		 * listener reset through sock_diag, for one): closing stops
		 * new ones, these wait for any queued.
		 */
		cancel_work_sync(&rt->rx_work);
		cancel_work_sync(&rt->tx_work);
		mutex_lock(&rt->lock);
		list_for_each_entry_safe(m, n, &rt->members, node) {
			ws_rt_unlink(rt, m);
			ws_rt_root_leave(m);
		}
		list_for_each_entry_safe(m, n, &rt->pending, node) {
			ws_rt_unlink(rt, m);
			list_add_tail(&m->node, &pend);
		}
		mutex_unlock(&rt->lock);
		list_for_each_entry_safe(m, n, &pend, node) {
			list_del_init(&m->node);
			ws_rt_drop_pending(m, true);
		}
	} else if (rt->ws->sk) {
		if (rt->root) {
			mutex_lock(&rt->root->lock);
			ws_rt_unlink(rt->root, rt);
			if (rt->root->inviting == rt)
				rt->root->inviting = NULL;
			mutex_unlock(&rt->root->lock);
			if (rt->kind == WS_RTK_MEMBER)
				ws_rt_unblock_root(rt->root);
		}
		ws_rt_conn_release(rt);
	}

	ws_rt_msgs_free(&rt->rxq);
	kfree(rt->payload);
	kvfree(rt->msg);
	kfree(rt->conndata);
	kfree(rt->arm_data);
	kfree(rt->callee);
	put_pid(rt->arm_pid);
	put_pid(rt->claim_pid);
	ws->rt = NULL;
	ws_rt_put(rt);
}
