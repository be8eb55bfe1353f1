// SPDX-License-Identifier: GPL-2.0
/*
 * ws: SO_CONDITIONAL_ACCEPT -- a listener holds the peers' SYNs until
 * WSAAccept's condition function decides.
 *
 * A stream socket with SO_CONDITIONAL_ACCEPT set gets, when it starts to
 * listen, its own copy of its TCP sock's inet_connection_sock_af_ops (copied
 * from the sock's icsk_af_ops, IPv4's or IPv6's), with two functions
 * wrapped:
 *  - conn_request, which TCP calls for a SYN to the listener: instead of
 *    answering it, ws_syn_conn_request() keeps a reference to the SYN (its
 *    route made refcounted), on the listener's list, and wakes the listener
 *    as a new connection would (poll readable, FD_ACCEPT recorded:
 *    ws_cond_readable()). Nothing is sent to the peer, whose connect stays
 *    pending (it retransmits its SYN; a retransmission of a held SYN, the
 *    same addresses, ports and ISN, is not held twice).
 *  - syn_recv_sock, which creates a child from the listener: the child is
 *    a clone of the listener and has inherited the copy, so its ops are set
 *    back to the original before anyone else can use the child (the child
 *    is locked until this returns).
 * A verdict (condaccept.c) takes the SYN off the list and, from process
 * context, BH disabled and under RCU as TCP calls it, either runs the
 * original conn_request on it (CF_ACCEPT: the SYN-ACK goes out and the
 * child lands in the accept queue, where the verdict's accept takes it) or
 * has TCP send the reset it sends to a SYN it refuses (CF_REJECT: the
 * peer's connect fails with ECONNREFUSED). CF_DEFER leaves it held.
 * accept(2) without a registration gives the oldest unclaimed SYN the
 * verdict CF_ACCEPT when no connection is queued.
 *
 * Only the listener's own SYNs reach the wrapper: connections already in
 * the SYN queue or established have sockets of their own in TCP's hash, and
 * a SYN cookie's ACK is one TCP answered after a CF_ACCEPT.
 *
 * Bounds: a listener holds at most its listen backlog + 1 SYNs, and only as
 * many bytes of them (truesize) as its receive buffer (SO_RCVBUF) allows,
 * at least one; a SYN past that is dropped (the peer retransmits it)
 * before the list is searched, so that a flood costs no more than a SYN.
 * The SYNs nobody claimed for WS_SYN_MAX_AGE are dropped when the next SYN
 * comes. A SYN that is not dropped is compared with every held one (at
 * most the backlog + 1) to find a retransmission. The entries are
 * allocated in softirq context (GFP_ATOMIC), not charged to a memory
 * cgroup: these bounds are the limit, with max_syns_per_user (limits.c) on
 * the SYNs a user's listeners hold past the first WS_SYN_UNCOUNTED of
 * each. A
 * broadcast or multicast SYN goes to TCP, which drops it, as before.
 *
 * Objects and lifetimes
 * ---------------------
 * struct ws_synq: one listener's copy of the ops and its held SYNs; from
 * its first listen with the option (ws_synq_start(), before the inet
 * listen so that no SYN is answered before the copy is in place; made and
 * published under the socket lock, which serialises the listens of the
 * socket's threads) to the listener's release (ws_synq_stop()); a failed
 * listen, a shutdown and a listen again keep it. Release puts the
 * original ops back under the socket lock, marks the queue closing, drops
 * every held SYN and frees the queue after an RCU grace period
 * (kfree_rcu): TCP calls the wrappers in softirq context or with BH
 * disabled under rcu_read_lock(), having read the ops pointer there, so
 * the copy stays valid for them. A wrapper reads the ops
 * pointer again itself and calls the original if it is no longer the copy;
 * a SYN that arrives while the queue is closing is dropped.
 * ws->synq is written only by the first listen (smp_store_release) and
 * release (the file being released) and read in process context by calls
 * on the listener's file (smp_load_acquire), so none of those finds the
 * queue gone. The queue's ws pointer, used only under its lock while
 * it is not closing, lets the wrapper count the unclaimed SYNs in
 * ws->syn_free (read locklessly by poll and the FD_ACCEPT rule).
 * Module exit (synchronize_net()) waits for wrappers still running; no
 * listener exists by then (each ws socket holds the module).
 *
 * struct ws_syn: one held SYN: its skb (a reference of its own, route
 * refcounted), its addresses (for the condition function and to recognise
 * a retransmission), its claimer (a struct pid reference, as condaccept.c's
 * held connections: NULL when unclaimed; a claim whose thread is gone is
 * dropped when the list is next searched) and cookie. Whoever takes it off
 * the list under the lock owns it.
 *
 * Locks
 * -----
 * synq->lock (a spinlock) is taken by the wrappers with BH already
 * disabled (TCP's), and with spin_lock_bh() in process context. Nothing
 * sleeps under it and no other lock is taken under it; put_pid() and RCU
 * (pid_task()) run under it, in process context only: the wrapper drops
 * no claim (a dead claimer's is dropped by the next claim). Held SYNs are
 * freed, and sk_data_ready() is called, after it is dropped. It is a
 * leaf, as cond->lock (condaccept.c), and never taken together with it.
 */
#include <linux/ipv6.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/inet_connection_sock.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/request_sock.h>
#include <net/tcp.h>

#include "ws.h"

/* An unclaimed SYN older than this is dropped: its peer has given up. */
#define WS_SYN_MAX_AGE		(180 * HZ)
/* The SYNs a listener holds before they count against the user's limit. */
#define WS_SYN_UNCOUNTED	16

struct ws_syn {
	struct list_head	node;		/* on synq->syns, oldest first */
	struct sk_buff		*skb;
	struct pid		*claimer;	/* NULL: unclaimed */
	u64			cookie;		/* of the current claim */
	unsigned long		since;		/* jiffies when held */
	bool			charged;	/* to the user's WS_LIMIT_SYNS */
	u32			isn;		/* the peer's */
	u32			peer_len;
	u32			local_len;
	union ws_addr		peer;
	union ws_addr		local;
};

struct ws_synq {
	struct inet_connection_sock_af_ops ops;	/* the copy, two wrapped */
	const struct inet_connection_sock_af_ops *orig;
	spinlock_t		lock;		/* the rest; see "Locks" */
	struct list_head	syns;		/* held SYNs, oldest first */
	unsigned int		count;		/* on syns */
	unsigned int		charged;	/* of them, to the user's limit */
	unsigned int		bytes;		/* their truesize */
	bool			closing;	/* the listener is released */
	struct ws_sock		*ws;		/* NULL once closing */
	struct ws_user		*user;		/* the listener's: counts the SYNs */
	u64			cookie;		/* the last claim's */
	struct rcu_head		rcu;
};

/*
 * The listener's queue, NULL if it never listened with the option; once
 * there it stays until release. Context: a call on the listener's file.
 */
static struct ws_synq *ws_synq_get(struct ws_sock *ws)
{
	/* Pairs with ws_synq_start()'s release: the queue is initialised. */
	return smp_load_acquire(&ws->synq);
}

static int ws_syn_conn_request(struct sock *sk, struct sk_buff *skb);
static struct sock *ws_syn_recv_sock(const struct sock *sk,
				     struct sk_buff *skb,
				     struct request_sock *req,
				     struct dst_entry *dst,
				     struct request_sock *req_unhash,
				     bool *own_req,
				     void (*opt_child_init)(struct sock *newsk,
							    const struct sock *sk));

static void ws_syn_free(struct ws_syn *s)
{
	kfree_skb(s->skb);
	put_pid(s->claimer);
	kfree(s);
}

/* The SYN's addresses as the child's getpeername/getsockname give them. */
static bool ws_syn_describe(const struct sock *sk, const struct sk_buff *skb,
			    struct ws_syn *s)
{
	const struct tcphdr *th = tcp_hdr(skb);

	s->isn = ntohl(th->seq);
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);

		if (sk->sk_family == AF_INET6) {
			s->peer.sin6.sin6_family = AF_INET6;
			s->peer.sin6.sin6_port = th->source;
			ipv6_addr_set_v4mapped(iph->saddr,
					       &s->peer.sin6.sin6_addr);
			s->local.sin6.sin6_family = AF_INET6;
			s->local.sin6.sin6_port = th->dest;
			ipv6_addr_set_v4mapped(iph->daddr,
					       &s->local.sin6.sin6_addr);
			s->peer_len = sizeof(struct sockaddr_in6);
		} else {
			s->peer.sin.sin_family = AF_INET;
			s->peer.sin.sin_port = th->source;
			s->peer.sin.sin_addr.s_addr = iph->saddr;
			s->local.sin.sin_family = AF_INET;
			s->local.sin.sin_port = th->dest;
			s->local.sin.sin_addr.s_addr = iph->daddr;
			s->peer_len = sizeof(struct sockaddr_in);
		}
	} else if (skb->protocol == htons(ETH_P_IPV6) &&
		   sk->sk_family == AF_INET6) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		u32 scope = 0;

		if (ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL)
			scope = tcp_v6_iif(skb);
		s->peer.sin6.sin6_family = AF_INET6;
		s->peer.sin6.sin6_port = th->source;
		s->peer.sin6.sin6_addr = ip6h->saddr;
		s->peer.sin6.sin6_scope_id = scope;
		s->local.sin6.sin6_family = AF_INET6;
		s->local.sin6.sin6_port = th->dest;
		s->local.sin6.sin6_addr = ip6h->daddr;
		s->local.sin6.sin6_scope_id = scope;
		s->peer_len = sizeof(struct sockaddr_in6);
	} else {
		return false;
	}
	s->local_len = s->peer_len;
	return true;
}

static bool ws_syn_same(const struct ws_syn *a, const struct ws_syn *b)
{
	return a->isn == b->isn && a->peer_len == b->peer_len &&
	       !memcmp(&a->peer, &b->peer, a->peer_len) &&
	       !memcmp(&a->local, &b->local, a->local_len);
}

/* Unclaim @s (counted free again). */
static void ws_syn_unclaim(struct ws_synq *q, struct ws_syn *s)
{
	lockdep_assert_held(&q->lock);
	put_pid(s->claimer);
	s->claimer = NULL;
	if (q->ws)
		WRITE_ONCE(q->ws->syn_free, q->ws->syn_free + 1);
}

/* Take @s off the list; an unclaimed one no longer counts as free. */
static void ws_syn_unlink(struct ws_synq *q, struct ws_syn *s)
{
	lockdep_assert_held(&q->lock);
	list_del(&s->node);
	q->count--;
	q->bytes -= s->skb->truesize;
	if (s->charged) {
		ws_user_uncharge(q->user, WS_LIMIT_SYNS, 1);
		q->charged--;
	}
	if (!s->claimer && q->ws)
		WRITE_ONCE(q->ws->syn_free, q->ws->syn_free - 1);
}

/*
 * TCP's conn_request for a SYN to the listener (softirq, or BH disabled,
 * under rcu_read_lock()): hold it. Returns 0: TCP consumes its reference.
 */
static int ws_syn_conn_request(struct sock *sk, struct sk_buff *skb)
{
	const struct inet_connection_sock_af_ops *ops =
		READ_ONCE(inet_csk(sk)->icsk_af_ops);
	unsigned int max, room;
	struct ws_syn *s, *o, *next;
	struct ws_synq *q;
	bool held = false;
	LIST_HEAD(gone);

	if (ops->conn_request != ws_syn_conn_request)
		return ops->conn_request(sk, skb);
	q = container_of(ops, struct ws_synq, ops);
	/*
	 * What TCP drops unanswered, it drops: a broadcast or multicast SYN,
	 * and an IPv6 one from a v4-mapped source (which a condition
	 * function would take for an IPv4 peer).
	 */
	if (skb->protocol == htons(ETH_P_IP) ?
	    skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST) :
	    (!ipv6_unicast_destination(skb) ||
	     ipv6_addr_v4mapped(&ipv6_hdr(skb)->saddr)))
		return q->orig->conn_request(sk, skb);
	max = READ_ONCE(sk->sk_max_ack_backlog) + 1;
	/* A hint: a flood against a full list allocates nothing. */
	if (data_race(q->count) >= max)
		return 0;

	s = kzalloc(sizeof(*s), GFP_ATOMIC | __GFP_NOWARN);
	if (!s)
		return 0;
	if (!ws_syn_describe(sk, skb, s) || !skb_dst_force(skb)) {
		kfree(s);
		return 0;
	}
	room = max_t(int, READ_ONCE(sk->sk_rcvbuf), 0);

	spin_lock(&q->lock);
	if (q->closing)
		goto unlock;
	/* Those nobody claimed for too long (oldest first). */
	list_for_each_entry_safe(o, next, &q->syns, node) {
		if (!time_after(jiffies, o->since + WS_SYN_MAX_AGE))
			break;
		if (o->claimer)
			continue;
		ws_syn_unlink(q, o);
		list_add(&o->node, &gone);
	}
	/* Full: dropped before any search (a flood costs no more). */
	if (q->count >= max ||
	    (q->count && q->bytes + skb->truesize > room))
		goto unlock;
	list_for_each_entry(o, &q->syns, node)
		if (ws_syn_same(o, s))
			goto unlock;		/* a retransmission */
	/*
	 * Past its first few, the listener's user holds at most
	 * max_syns_per_user: a flood against one listener of the user does
	 * not leave the others none.
	 */
	if (q->count >= WS_SYN_UNCOUNTED) {
		if (ws_user_charge(q->user, WS_LIMIT_SYNS, 1))
			goto unlock;
		s->charged = true;
		q->charged++;
	}
	s->skb = skb_get(skb);
	s->since = jiffies;
	list_add_tail(&s->node, &q->syns);
	q->count++;
	q->bytes += skb->truesize;
	WRITE_ONCE(q->ws->syn_free, q->ws->syn_free + 1);
	held = true;
unlock:
	spin_unlock(&q->lock);

	list_for_each_entry_safe(o, next, &gone, node)
		ws_syn_free(o);
	if (held)
		sk->sk_data_ready(sk);	/* as a queued connection does */
	else
		kfree(s);
	return 0;
}

/*
 * TCP's syn_recv_sock: the child gets the original ops back. (Its
 * opt_child_init argument is a stable fix that Debian's 6.1 and 6.12 both
 * carry.)
 */
static struct sock *ws_syn_recv_sock(const struct sock *sk,
				     struct sk_buff *skb,
				     struct request_sock *req,
				     struct dst_entry *dst,
				     struct request_sock *req_unhash,
				     bool *own_req,
				     void (*opt_child_init)(struct sock *newsk,
							    const struct sock *sk))
{
	const struct inet_connection_sock_af_ops *ops =
		READ_ONCE(inet_csk(sk)->icsk_af_ops);
	const struct inet_connection_sock_af_ops *orig;
	struct sock *child;

	if (ops->syn_recv_sock != ws_syn_recv_sock)
		return ops->syn_recv_sock(sk, skb, req, dst, req_unhash,
					  own_req, opt_child_init);
	orig = container_of(ops, struct ws_synq, ops)->orig;
	child = orig->syn_recv_sock(sk, skb, req, dst, req_unhash, own_req,
				    opt_child_init);
	if (child && inet_csk(child)->icsk_af_ops == ops)
		WRITE_ONCE(inet_csk(child)->icsk_af_ops, orig);
	return child;
}

/**
 * ws_synq_start() - a listener with SO_CONDITIONAL_ACCEPT is about to listen
 * @ws: the socket, a stream socket not listening yet
 *
 * Context: process context, from listen, before the inet listen.
 * Return: 0 or -ENOMEM.
 */
int ws_synq_start(struct ws_sock *ws)
{
	struct sock *sk = ws->sk;
	struct ws_synq *q, *had;
	int err = 0;

	had = READ_ONCE(ws->synq);
	q = had ? NULL : kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
	if (!had && !q)
		return -ENOMEM;

	/*
	 * The socket lock serialises the listens of the socket's threads:
	 * one queue is made, and published, under it.
	 */
	lock_sock(sk);
	had = ws->synq;
	if (sk->sk_state != TCP_CLOSE) {
		/* Listening already (another thread's listen): as it is. */
	} else if (had) {
		/*
		 * A listen again (after a shutdown, or a failed listen): the
		 * copy goes back if TCP put the original back meanwhile (an
		 * IPv6 connect does). Any other ops than those two are not
		 * the ones the copy was made of.
		 */
		if (inet_csk(sk)->icsk_af_ops == had->orig)
			WRITE_ONCE(inet_csk(sk)->icsk_af_ops, &had->ops);
		else if (inet_csk(sk)->icsk_af_ops != &had->ops)
			err = -EINVAL;
	} else {
		spin_lock_init(&q->lock);
		INIT_LIST_HEAD(&q->syns);
		q->ws = ws;
		q->user = ws_user_get();
		if (!q->user) {
			err = -ENOMEM;
		} else {
			q->orig = inet_csk(sk)->icsk_af_ops;
			q->ops = *q->orig;
			q->ops.conn_request = ws_syn_conn_request;
			q->ops.syn_recv_sock = ws_syn_recv_sock;
			/* Only a closed sock gets the copy: no SYN reaches it yet. */
			WRITE_ONCE(inet_csk(sk)->icsk_af_ops, &q->ops);
			/* Initialised before it is seen (ws_synq_get()). */
			smp_store_release(&ws->synq, q);
			q = NULL;
		}
	}
	release_sock(sk);
	kfree(q);
	return err;
}

/**
 * ws_synq_stop() - the listener is released
 * @ws: the socket
 *
 * Puts the original ops back and drops the held SYNs (their peers'
 * connects go on until TCP, without a listener, resets them). The queue
 * is freed here only: every other caller holds the socket's file.
 *
 * Context: process context, from release; no other call on the socket runs.
 */
void ws_synq_stop(struct ws_sock *ws)
{
	struct ws_synq *q = ws->synq;	/* the file is being released */
	struct sock *sk = ws->sk;
	struct ws_syn *s, *next;
	LIST_HEAD(gone);

	if (!q)
		return;
	lock_sock(sk);
	if (inet_csk(sk)->icsk_af_ops == &q->ops)
		WRITE_ONCE(inet_csk(sk)->icsk_af_ops, q->orig);
	release_sock(sk);

	spin_lock_bh(&q->lock);
	q->closing = true;
	q->ws = NULL;
	list_splice_init(&q->syns, &gone);
	ws_user_uncharge(q->user, WS_LIMIT_SYNS, q->charged);
	q->charged = 0;
	q->count = 0;
	q->bytes = 0;
	spin_unlock_bh(&q->lock);
	/* A wrapper still running finds it closing: it charges nothing. */
	ws_user_put(q->user);
	WRITE_ONCE(ws->syn_free, 0);
	WRITE_ONCE(ws->synq, NULL);

	list_for_each_entry_safe(s, next, &gone, node)
		ws_syn_free(s);
	/* Wrappers that read the copy's address may still run. */
	kfree_rcu(q, rcu);
}

/**
 * ws_synq_claim() - claim the oldest unclaimed SYN for the calling thread
 * @ws: the listener, with a queue
 * @info: its description for the condition function
 *
 * Context: process context, the listener's file held.
 * Return: 0, or -EAGAIN if there is none.
 */
int ws_synq_claim(struct ws_sock *ws, struct ws_accept_info *info)
{
	struct ws_synq *q = ws_synq_get(ws);
	struct ws_syn *s, *found = NULL;

	if (!q)
		return -EAGAIN;
	spin_lock_bh(&q->lock);
	list_for_each_entry(s, &q->syns, node) {
		if (s->claimer && !ws_pid_live(s->claimer))
			ws_syn_unclaim(q, s);
		if (!s->claimer) {
			found = s;
			break;
		}
	}
	if (found) {
		found->claimer = get_pid(task_pid(current));
		found->cookie = ++q->cookie | WS_SYN_COOKIE_BIT;
		WRITE_ONCE(ws->syn_free, ws->syn_free - 1);
		info->cookie = found->cookie;
		info->peer_len = found->peer_len;
		info->local_len = found->local_len;
		memcpy(info->peer, &found->peer, found->peer_len);
		memcpy(info->local, &found->local, found->local_len);
	}
	spin_unlock_bh(&q->lock);
	return found ? 0 : -EAGAIN;
}

/**
 * ws_synq_unclaim() - the calling thread's claims end
 * @ws: the listener
 * @cookie: the claim, or 0 for every claim of the thread
 *
 * Context: process context, the listener's file held.
 * Return: true if a claim ended (a SYN is free again).
 */
bool ws_synq_unclaim(struct ws_sock *ws, u64 cookie)
{
	struct ws_synq *q = ws_synq_get(ws);
	struct pid *me = task_pid(current);
	bool freed = false;
	struct ws_syn *s;

	if (!q)
		return false;
	spin_lock_bh(&q->lock);
	list_for_each_entry(s, &q->syns, node) {
		if (s->claimer == me && (!cookie || s->cookie == cookie)) {
			ws_syn_unclaim(q, s);
			freed = true;
		}
	}
	spin_unlock_bh(&q->lock);
	return freed;
}

/* Run TCP's answer to @skb as TCP runs conn_request, and free it. */
static void ws_syn_answer(struct ws_synq *q, struct sock *sk,
			  struct sk_buff *skb, bool accept)
{
	const struct request_sock_ops *rsk;

	rcu_read_lock();
	local_bh_disable();
	if (accept) {
		/* A listener shut down meanwhile answers nothing. */
		if (READ_ONCE(sk->sk_state) == TCP_LISTEN)
			q->orig->conn_request(sk, skb);
	} else {
		/* The reset TCP sends to a SYN it does not accept. */
		rsk = skb->protocol == htons(ETH_P_IP) ?
		      tcp_prot.rsk_prot : sk->sk_prot->rsk_prot;
		ws_compat_send_reset(rsk, sk, skb);
	}
	local_bh_enable();
	rcu_read_unlock();
	consume_skb(skb);
}

/**
 * ws_synq_verdict() - the calling thread's verdict on the SYN it claimed
 * @ws: the listener
 * @cookie: the claim
 * @verdict: WS_CF_*
 *
 * Context: process context, the listener's file held.
 * Return: 0, or -ENOENT if the thread holds no such claim.
 */
int ws_synq_verdict(struct ws_sock *ws, u64 cookie, u32 verdict)
{
	struct ws_synq *q = ws_synq_get(ws);
	struct pid *me = task_pid(current);
	struct ws_syn *s, *found = NULL;
	struct sk_buff *skb;

	if (!q)
		return -ENOENT;
	spin_lock_bh(&q->lock);
	list_for_each_entry(s, &q->syns, node) {
		if (s->claimer == me && s->cookie == cookie) {
			found = s;
			break;
		}
	}
	if (found && verdict == WS_CF_DEFER) {
		ws_syn_unclaim(q, found);
		spin_unlock_bh(&q->lock);
		ws->sk->sk_data_ready(ws->sk);
		return 0;
	}
	if (found)
		ws_syn_unlink(q, found);
	spin_unlock_bh(&q->lock);
	if (!found)
		return -ENOENT;

	skb = found->skb;
	found->skb = NULL;
	ws_syn_answer(q, ws->sk, skb, verdict == WS_CF_ACCEPT);
	put_pid(found->claimer);
	kfree(found);
	return 0;
}

/**
 * ws_synq_accept_one() - accept(2) without a condition: CF_ACCEPT the
 * oldest unclaimed SYN, if no connection is queued
 * @ws: the listener
 *
 * Context: process context, the listener's file held.
 * Return: whether a SYN was answered.
 */
bool ws_synq_accept_one(struct ws_sock *ws)
{
	struct ws_synq *q = ws_synq_get(ws);
	struct ws_syn *s, *found = NULL;
	struct sk_buff *skb;

	/* A hint, as the wrapper's: nothing held, nothing to answer. */
	if (!q || !data_race(q->count) ||
	    !reqsk_queue_empty(&inet_csk(ws->sk)->icsk_accept_queue))
		return false;
	spin_lock_bh(&q->lock);
	list_for_each_entry(s, &q->syns, node) {
		/* A claim whose thread is gone ends here too. */
		if (s->claimer && !ws_pid_live(s->claimer))
			ws_syn_unclaim(q, s);
		if (!s->claimer) {
			found = s;
			break;
		}
	}
	if (found)
		ws_syn_unlink(q, found);
	spin_unlock_bh(&q->lock);
	if (!found)
		return false;
	skb = found->skb;
	found->skb = NULL;
	ws_syn_answer(q, ws->sk, skb, true);
	kfree(found);
	return true;
}
