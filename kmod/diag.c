// SPDX-License-Identifier: GPL-2.0
/*
 * ws: what can be seen of ws from outside -- each network namespace's list
 * of ws sockets, served to sock_diag (NETLINK_SOCK_DIAG, as ss lists inet
 * sockets), and its counters, shown in /proc/net/ws_stat. The formats are
 * in uapi/linux/ws.h ("Observing ws").
 *
 * Objects and lifetimes
 * ---------------------
 * Each namespace has a struct ws_net (pernet data): the list of its ws
 * sockets and its counters. A socket is linked by ws_diag_link() once it is
 * attached (af_ws.c, creation and accept) and unlinked by ws_diag_unlink()
 * first thing in its release, so a socket on the list has its sock and all
 * its fields; the socket holds its namespace, so the list is empty when
 * the namespace goes. The counters (struct ws_stats, ws.h) are reference
 * counted: the namespace holds one reference until its exit, and each event
 * object and completion port one, since such an object can outlive the
 * namespace of the process that created it (its descriptor passed on).
 * Sockets use their namespace's counters without a reference.
 *
 * Locks
 * -----
 * ws_net.lock (a spinlock, process context only) protects the list and
 * nsockets. A dump holds it while it reads the listed sockets, and takes
 * each socket's ev_lock and ovs->lock (both BH-safe) and sk_callback_lock
 * (sock_i_uid()) inside it; nothing takes ws_net.lock under those:
 *   ws_net.lock -> sk_callback_lock, ev_lock, ovs->lock.
 * A multipoint socket's role is immutable, and its join state and group
 * are read without mp->mutex, as ws_mp_dest() reads them (multipoint.c).
 * The counters are per-CPU and need no lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/nsproxy.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sock_diag.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "ws.h"

struct ws_net {
	spinlock_t		lock;		/* sockets, nsockets */
	struct list_head	sockets;	/* ws_sock.net_node */
	unsigned int		nsockets;
	struct ws_stats		*stats;		/* a reference held */
};

static unsigned int ws_net_id __read_mostly;

static struct ws_net *ws_net(const struct net *net)
{
	return net_generic(net, ws_net_id);
}

/* --- counters ------------------------------------------------------------ */

static struct ws_stats *ws_stats_alloc(void)
{
	struct ws_stats *stats = kzalloc(sizeof(*stats), GFP_KERNEL);

	if (!stats)
		return NULL;
	stats->cpu = alloc_percpu(struct ws_stats_cpu);
	if (!stats->cpu) {
		kfree(stats);
		return NULL;
	}
	refcount_set(&stats->ref, 1);
	return stats;
}

/* Any context. */
static void ws_stats_put(struct ws_stats *stats)
{
	if (!refcount_dec_and_test(&stats->ref))
		return;
	free_percpu(stats->cpu);
	kfree(stats);
}

static long ws_stat_read(const struct ws_stats *stats, enum ws_stat i)
{
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(stats->cpu, cpu)->v[i]);
	return sum;
}

/**
 * ws_stats_current() - the counters of the calling task's network namespace
 *
 * Context: process context; valid while the task stays in the namespace,
 * which it cannot leave during a system call.
 */
struct ws_stats *ws_stats_current(void)
{
	return ws_net(current->nsproxy->net_ns)->stats;
}

/**
 * ws_stats_object_new() - count a new object of the caller's namespace
 * @gauge: the counter of such objects that exist
 * @created: the counter of those ever created
 *
 * Context: process context.
 * Return: the counters, with a reference the object keeps until
 * ws_stats_object_put().
 */
struct ws_stats *ws_stats_object_new(enum ws_stat gauge, enum ws_stat created)
{
	struct ws_stats *stats = ws_stats_current();

	refcount_inc(&stats->ref);
	ws_stat_inc(stats, gauge);
	ws_stat_inc(stats, created);
	return stats;
}

/**
 * ws_stats_object_put() - an object counted by ws_stats_object_new() goes
 * @stats: its counters; NULL is allowed
 * @gauge: as given to ws_stats_object_new()
 *
 * Context: any context.
 */
void ws_stats_object_put(struct ws_stats *stats, enum ws_stat gauge)
{
	if (!stats)
		return;
	ws_stat_dec(stats, gauge);
	ws_stats_put(stats);
}

/* --- the socket list ----------------------------------------------------- */

/**
 * ws_diag_link() - list an attached socket in its namespace
 * @ws: the socket, with ->sk and ->id set
 *
 * Context: process context.
 */
void ws_diag_link(struct ws_sock *ws)
{
	struct ws_net *wn = ws_net(sock_net(ws->sk));

	ws->stats = wn->stats;
	ws_stat_inc(ws->stats, WS_STAT_SOCKETS_CREATED);
	spin_lock(&wn->lock);
	list_add_tail(&ws->net_node, &wn->sockets);
	wn->nsockets++;
	spin_unlock(&wn->lock);
}

/**
 * ws_diag_unlink() - take a socket that is being released off the list
 * @ws: the socket, linked by ws_diag_link()
 *
 * Context: process context. No dump sees @ws once this has returned.
 */
void ws_diag_unlink(struct ws_sock *ws)
{
	struct ws_net *wn = ws_net(sock_net(ws->sk));

	spin_lock(&wn->lock);
	list_del(&ws->net_node);
	wn->nsockets--;
	spin_unlock(&wn->lock);
}

static unsigned int ws_list_count(const struct list_head *head)
{
	const struct list_head *pos;
	unsigned int n = 0;

	list_for_each(pos, head)
		n++;
	return n;
}

/* The overlapped operations pending on @ws, and the pages they hold. */
static unsigned int ws_ov_pending(struct ws_sock *ws, unsigned int *pages)
{
	struct ws_ovs *ovs = READ_ONCE(ws->ovs);
	unsigned int n;

	if (!ovs) {
		if (pages)
			*pages = 0;
		return 0;
	}
	spin_lock_bh(&ovs->lock);
	n = ws_list_count(&ovs->rx_reqs) + ws_list_count(&ovs->tx_reqs) +
	    ws_list_count(&ovs->conn_reqs) + ws_list_count(&ovs->acc_reqs) +
	    ws_list_count(&ovs->acc_recv);
	if (pages)
		*pages = ovs->pages;
	spin_unlock_bh(&ovs->lock);
	return n;
}

/* --- sock_diag ----------------------------------------------------------- */

/* The sock's local (@peer false) or remote address, as getname has it. */
static int ws_diag_addr(struct sock *sk, bool peer, union ws_addr *a)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(a, 0, sizeof(*a));
	if (sk->sk_family == AF_INET) {
		a->sin.sin_family = AF_INET;
		if (peer) {
			a->sin.sin_port = READ_ONCE(inet->inet_dport);
			a->sin.sin_addr.s_addr = READ_ONCE(inet->inet_daddr);
		} else {
			a->sin.sin_port = READ_ONCE(inet->inet_sport);
			a->sin.sin_addr.s_addr = READ_ONCE(inet->inet_rcv_saddr) ?:
						 READ_ONCE(inet->inet_saddr);
		}
		return sizeof(a->sin);
	}
	a->sin6.sin6_family = AF_INET6;
	if (peer) {
		a->sin6.sin6_port = READ_ONCE(inet->inet_dport);
		a->sin6.sin6_addr = sk->sk_v6_daddr;
	} else {
		a->sin6.sin6_port = READ_ONCE(inet->inet_sport);
		a->sin6.sin6_addr = ipv6_addr_any(&sk->sk_v6_rcv_saddr) ?
				    inet6_sk(sk)->saddr : sk->sk_v6_rcv_saddr;
	}
	a->sin6.sin6_scope_id = ipv6_iface_scope_id(&a->sin6.sin6_addr,
						    READ_ONCE(sk->sk_bound_dev_if));
	return sizeof(a->sin6);
}

static int ws_diag_put_addrs(struct sk_buff *skb, struct sock *sk)
{
	union ws_addr a;
	int len;

	len = ws_diag_addr(sk, false, &a);
	if (nla_put(skb, WS_DIAG_LOCAL, len, &a))
		return -EMSGSIZE;
	if (!READ_ONCE(inet_sk(sk)->inet_dport))
		return 0;
	len = ws_diag_addr(sk, true, &a);
	return nla_put(skb, WS_DIAG_REMOTE, len, &a);
}

static int ws_diag_put_events(struct sk_buff *skb, struct ws_sock *ws)
{
	struct ws_diag_events ev = { };
	struct ws_diag_async as = { };
	unsigned int i;
	bool async;

	spin_lock_bh(&ws->ev_lock);
	ev.mask = ws->ev_mask;
	ev.pending = ws->ev_pending;
	ev.reported = ws->ev_reported;
	for (i = 0; i < WS_FD_MAX_EVENTS; i++)
		ev.errors[i] = (ev.pending & BIT(i)) ? ws->ev_err[i] : 0;
	async = ws->ev_msgq;
	as.hwnd = ws->ev_hwnd;
	as.message = ws->ev_message;
	spin_unlock_bh(&ws->ev_lock);

	if (!ev.mask)
		return 0;
	if (nla_put(skb, WS_DIAG_EVENTS, sizeof(ev), &ev))
		return -EMSGSIZE;
	if (async && nla_put_64bit(skb, WS_DIAG_ASYNC, sizeof(as), &as, WS_DIAG_PAD))
		return -EMSGSIZE;
	return 0;
}

static int ws_diag_put_ov(struct sk_buff *skb, struct ws_sock *ws)
{
	struct ws_diag_overlapped ov = { };
	struct ws_diag_port p = { };
	/* Pairs with ws_port_associate(): the key before the port. */
	struct ws_port *port = smp_load_acquire(&ws->port);

	ov.pending = ws_ov_pending(ws, &ov.pages);
	if (nla_put(skb, WS_DIAG_OVERLAPPED, sizeof(ov), &ov))
		return -EMSGSIZE;
	if (!port)
		return 0;
	p.key = READ_ONCE(ws->port_key);
	p.notify_modes = READ_ONCE(ws->notify_modes);
	return nla_put_64bit(skb, WS_DIAG_PORT, sizeof(p), &p, WS_DIAG_PAD);
}

static int ws_diag_put_mp(struct sk_buff *skb, struct ws_sock *ws)
{
	struct ws_diag_multipoint m = { };
	u32 state;

	if (!ws->mp_role)
		return 0;
	/* Pairs with ws_mp_join_group(): the group is set once seen here. */
	state = smp_load_acquire(&ws->mp->state);
	m.role = ws->mp_role;
	m.state = (state & WS_MPS_JOINED ? WS_DIAG_MP_JOINED : 0) |
		  (state & WS_MPS_SEND ? WS_DIAG_MP_SEND : 0) |
		  (state & WS_MPS_RECV ? WS_DIAG_MP_RECV : 0);
	m.catalog_entry_id = ws_catalog_info(ws->entry)->catalog_entry_id;
	if (nla_put(skb, WS_DIAG_MULTIPOINT, sizeof(m), &m))
		return -EMSGSIZE;
	if (!(state & WS_MPS_JOINED))
		return 0;
	return nla_put(skb, WS_DIAG_GROUP,
		       ws->mp->group.sa.sa_family == AF_INET ?
		       sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6),
		       &ws->mp->group);
}

static int ws_diag_fill(struct sk_buff *skb, struct ws_sock *ws,
			struct netlink_callback *cb)
{
	struct user_namespace *user_ns = sk_user_ns(NETLINK_CB(cb->skb).sk);
	struct sock *sk = ws->sk;
	struct ws_diag_msg *r;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			SOCK_DIAG_BY_FAMILY, sizeof(*r), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	r = nlmsg_data(nlh);
	r->wdiag_family = ws_family;
	r->wdiag_af = sk->sk_family;
	r->wdiag_type = sk->sk_type;
	r->wdiag_state = READ_ONCE(sk->sk_state);
	r->wdiag_uid = from_kuid_munged(user_ns, sock_i_uid(sk));
	r->wdiag_ino = ws->id;
	if (ws_diag_put_addrs(skb, sk) || ws_diag_put_events(skb, ws) ||
	    ws_diag_put_ov(skb, ws) || ws_diag_put_mp(skb, ws)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static bool ws_diag_match(const struct ws_sock *ws, const struct ws_diag_req *req)
{
	if (req->wdiag_ino && req->wdiag_ino != ws->id)
		return false;
	return !req->wdiag_states ||
	       (req->wdiag_states & BIT(READ_ONCE(ws->sk->sk_state)));
}

/*
 * One part of the dump: cb->args[0] counts the list entries passed in the
 * parts before. Sockets created or released between two parts may be
 * listed twice or missed, as in the other families' dumps.
 */
static int ws_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct ws_diag_req *req = nlmsg_data(cb->nlh);
	struct ws_net *wn = ws_net(sock_net(skb->sk));
	unsigned long skip = cb->args[0], i = 0;
	struct ws_sock *ws;

	spin_lock(&wn->lock);
	list_for_each_entry(ws, &wn->sockets, net_node) {
		if (i >= skip && ws_diag_match(ws, req) &&
		    ws_diag_fill(skb, ws, cb) < 0)
			break;
		i++;
	}
	spin_unlock(&wn->lock);
	cb->args[0] = i;
	return skb->len;
}

static int ws_diag_handler_dump(struct sk_buff *skb, struct nlmsghdr *h)
{
	struct netlink_dump_control c = { .dump = ws_diag_dump };
	const struct ws_diag_req *req;

	if (nlmsg_len(h) < (int)sizeof(*req))
		return -EINVAL;
	req = nlmsg_data(h);
	if (req->sdiag_protocol || req->pad)
		return -EINVAL;
	if (!(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return netlink_dump_start(sock_net(skb->sk)->diag_nlsk, skb, h, &c);
}

/* Not const: the family is the module parameter, set by ws_diag_init(). */
static struct sock_diag_handler ws_diag_handler __ro_after_init = {
	.owner	= THIS_MODULE,
	.dump	= ws_diag_handler_dump,
};

/* --- /proc/net/ws_stat ---------------------------------------------------- */

static int ws_stat_show(struct seq_file *seq, void *v)
{
	struct ws_net *wn = ws_net(seq_file_single_net(seq));
	const struct ws_stats *s = wn->stats;
	unsigned int nsockets, pending = 0;
	struct ws_sock *ws;

	spin_lock(&wn->lock);
	nsockets = wn->nsockets;
	list_for_each_entry(ws, &wn->sockets, net_node)
		pending += ws_ov_pending(ws, NULL);
	spin_unlock(&wn->lock);

	seq_printf(seq, "sockets: inuse %u created %ld\n", nsockets,
		   ws_stat_read(s, WS_STAT_SOCKETS_CREATED));
	seq_printf(seq, "events: inuse %ld created %ld\n",
		   max(ws_stat_read(s, WS_STAT_EVENTS), 0L),
		   ws_stat_read(s, WS_STAT_EVENTS_CREATED));
	seq_printf(seq, "ports: inuse %ld created %ld\n",
		   max(ws_stat_read(s, WS_STAT_PORTS), 0L),
		   ws_stat_read(s, WS_STAT_PORTS_CREATED));
	seq_printf(seq, "overlapped: pending %u completed %ld\n", pending,
		   ws_stat_read(s, WS_STAT_OV_COMPLETED));
	seq_printf(seq, "waits: active %ld total %ld timeouts %ld\n",
		   max(ws_stat_read(s, WS_STAT_WAITS), 0L),
		   ws_stat_read(s, WS_STAT_WAITS_TOTAL),
		   ws_stat_read(s, WS_STAT_WAITS_TIMEDOUT));
	seq_printf(seq, "portwaits: active %ld total %ld timeouts %ld\n",
		   max(ws_stat_read(s, WS_STAT_PORT_WAITS), 0L),
		   ws_stat_read(s, WS_STAT_PORT_WAITS_TOTAL),
		   ws_stat_read(s, WS_STAT_PORT_WAITS_TIMEDOUT));
	return 0;
}

/* --- namespaces and the module ------------------------------------------- */

static int __net_init ws_diag_net_init(struct net *net)
{
	struct ws_net *wn = ws_net(net);

	spin_lock_init(&wn->lock);
	INIT_LIST_HEAD(&wn->sockets);
	wn->stats = ws_stats_alloc();
	if (!wn->stats)
		return -ENOMEM;
	if (!proc_create_net_single("ws_stat", 0444, net->proc_net,
				    ws_stat_show, NULL)) {
		ws_stats_put(wn->stats);
		return -ENOMEM;
	}
	return 0;
}

static void __net_exit ws_diag_net_exit(struct net *net)
{
	struct ws_net *wn = ws_net(net);

	remove_proc_entry("ws_stat", net->proc_net);
	WARN_ON_ONCE(!list_empty(&wn->sockets));
	ws_stats_put(wn->stats);
}

static struct pernet_operations ws_diag_net_ops = {
	.init	= ws_diag_net_init,
	.exit	= ws_diag_net_exit,
	.id	= &ws_net_id,
	.size	= sizeof(struct ws_net),
};

int ws_diag_init(void)
{
	int err = register_pernet_subsys(&ws_diag_net_ops);

	if (err)
		return err;
	ws_diag_handler.family = ws_family;
	err = sock_diag_register(&ws_diag_handler);
	if (err) {
		pr_err("sock_diag has a handler for family %d already\n",
		       ws_family);
		unregister_pernet_subsys(&ws_diag_net_ops);
	}
	return err;
}

void ws_diag_exit(void)
{
	sock_diag_unregister(&ws_diag_handler);
	unregister_pernet_subsys(&ws_diag_net_ops);
}
