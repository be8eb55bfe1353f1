// SPDX-License-Identifier: GPL-2.0
/*
 * Rooted multipoint through libws: a c_root/d_root socket and c_leaf/d_leaf
 * sockets of the rooted catalog entries (SOCK_SEQPACKET over TCP, IPv4 and
 * IPv6), the root in a network namespace of its own and three leaves in
 * three others, each joined to the root's by a veth pair. Leaf-initiated
 * joins (WSAJoinLeaf on a leaf, accept and WSAAccept on the root, with
 * caller and callee data, CF_ACCEPT, CF_REJECT, CF_DEFER), fan-out from
 * the root, leaf-to-root messages with the leaf's address, message
 * boundaries, every teardown path, the network events, WSAJoinLeaf's
 * errors and the catalog entries.
 *
 * Citations: see ws_test.h; "spec multipoint" is the specification's
 * "Multipoint and Multicast Semantics" (lines 1066-1203 of 002_*.txt);
 * "uapi" is uapi/linux/ws.h, "Rooted multipoint", the module's contract
 * where the specification leaves the choice to the provider.
 *
 * Every test runs four times: IPv4 and IPv6, as the user running the
 * program and as uid 65534 (the "user" variants: root builds the
 * namespaces, then the whole process becomes uid 65534 before the first
 * ws socket is made; README "Security model": every Winsock feature works
 * for an ordinary user). Run by another user than root, the program makes
 * a user namespace for the network namespaces, where the system allows it
 * (not in a chroot, as the test VM runs the tests); else the tests skip.
 *
 * A socket is made in its namespace by a thread that entered it (setns),
 * one per namespace: a socket stays in the namespace it was made in, so
 * the test itself uses them from any thread.
 */
#include "ws_test.h"	/* first: it defines _GNU_SOURCE */

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <mswsock.h>

#define PORT		42077
#define NLEAVES		3
#define MP_ROOT		(WSA_FLAG_MULTIPOINT_C_ROOT | WSA_FLAG_MULTIPOINT_D_ROOT)
#define MP_LEAF		(WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_LEAF)
#define RT_MAX_MSG	65536	/* uapi WS_RT_MAX_MSG */
#define RT_MAX_CONNDATA	1024	/* uapi WS_RT_MAX_CONNDATA */

/* uapi, "The protocol catalog": WS_XP1_ROOTED. */
#define ROOTED_FLAGS	(XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | \
			 XP1_MESSAGE_ORIENTED | XP1_GRACEFUL_CLOSE | \
			 XP1_CONNECT_DATA | XP1_SUPPORT_MULTIPOINT | \
			 XP1_MULTIPOINT_CONTROL_PLANE | \
			 XP1_MULTIPOINT_DATA_PLANE | XP1_IFS_HANDLES)

/* Linux's numbers, for the raw sockets of the set-up. */
#define L_AF_INET	2
#define L_AF_INET6	10
#define L_AF_NETLINK	16
#define L_SOCK_RAW	3
#define L_SOCK_CLOEXEC	02000000
#define L_IFF_UP	0x1
#define L_IFF_LOWER_UP	0x10000

/* --- the network namespaces ----------------------------------------------- */

struct nlreq {
	struct nlmsghdr	n;
	char		buf[1024];
};

static void nl_start(struct nlreq *r, int type, int flags, const void *hdr,
		     int len)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(len);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	memcpy(NLMSG_DATA(&r->n), hdr, len);
}

static struct rtattr *nl_attr(struct nlreq *r, int type, const void *data,
			      int len)
{
	struct rtattr *rta = (struct rtattr *)((char *)&r->n +
					       NLMSG_ALIGN(r->n.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void nl_end(struct nlreq *r, struct rtattr *nest)
{
	nest->rta_len = (char *)&r->n + r->n.nlmsg_len - (char *)nest;
}

/*
 * Send the request; 0, the kernel's -errno, or for RTM_GETLINK the link's
 * index (its flags in *@flags if not NULL).
 */
static int nl_talk(int fd, struct nlreq *r, unsigned int *flags)
{
	char buf[8192];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n;

	if (syscall(SYS_sendto, fd, &r->n, r->n.nlmsg_len, 0, NULL, 0) < 0)
		return -errno;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < (ssize_t)sizeof(*h))
			return n < 0 ? -errno : -EPROTO;
		if (h->nlmsg_type == NLMSG_ERROR)
			return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
		if (h->nlmsg_type == RTM_NEWLINK) {
			struct ifinfomsg *ifi = NLMSG_DATA(h);

			if (flags)
				*flags = ifi->ifi_flags;
			return ifi->ifi_index;
		}
	}
}

static int link_get(int fd, const char *name, unsigned int *flags)
{
	struct ifinfomsg ifi = { .ifi_family = 0 };
	struct nlreq r;

	nl_start(&r, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	r.n.nlmsg_flags &= ~NLM_F_ACK;
	nl_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_talk(fd, &r, flags);
}

static int link_up(int fd, int index)
{
	struct ifinfomsg ifi = {
		.ifi_index = index, .ifi_flags = L_IFF_UP, .ifi_change = L_IFF_UP,
	};
	struct nlreq r;

	nl_start(&r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	return nl_talk(fd, &r, NULL);
}

/* A veth pair @name (here) and @peer (in the namespace of @peer_ns). */
static int veth_add(int fd, const char *name, const char *peer, int peer_ns)
{
	struct ifinfomsg ifi = { .ifi_family = 0 };
	struct rtattr *info, *data, *p;
	struct nlreq r;

	nl_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	nl_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	info = nl_attr(&r, IFLA_LINKINFO, NULL, 0);
	nl_attr(&r, IFLA_INFO_KIND, "veth", 5);
	data = nl_attr(&r, IFLA_INFO_DATA, NULL, 0);
	p = nl_attr(&r, VETH_INFO_PEER, NULL, 0);
	/* The peer's ifinfomsg, then its attributes. */
	memset((char *)&r.n + r.n.nlmsg_len, 0, sizeof(ifi));
	r.n.nlmsg_len += NLMSG_ALIGN(sizeof(ifi));
	nl_attr(&r, IFLA_IFNAME, peer, strlen(peer) + 1);
	nl_attr(&r, IFLA_NET_NS_FD, &peer_ns, sizeof(peer_ns));
	nl_end(&r, p);
	nl_end(&r, data);
	nl_end(&r, info);
	return nl_talk(fd, &r, NULL);
}

static int addr_add(int fd, int index, int family, const void *addr, int len,
		    int prefix)
{
	struct ifaddrmsg ifa = {
		.ifa_family = family, .ifa_prefixlen = prefix,
		.ifa_flags = family == L_AF_INET6 ? IFA_F_NODAD : 0,
		.ifa_index = index,
	};
	struct nlreq r;

	nl_start(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));
	nl_attr(&r, IFA_LOCAL, addr, len);
	nl_attr(&r, IFA_ADDRESS, addr, len);
	return nl_talk(fd, &r, NULL);
}

/* Leaf @i's link: 10.77.@i.0/24 and fd77:0:0:@i::/64; the root is .1/::1. */
static void link_addr(int af, int i, int host, void *out)
{
	if (af == AF_INET) {
		unsigned char a[4] = { 10, 77, (unsigned char)i, (unsigned char)host };

		memcpy(out, a, 4);
	} else {
		unsigned char a[16] = { 0xfd, 0x77, [7] = (unsigned char)i,
					[15] = (unsigned char)host };

		memcpy(out, a, 16);
	}
}

/* The worker of a namespace: makes the sockets that must be made there. */
struct worker {
	pthread_t	thread;
	int		nsfd;
	pthread_mutex_t	lock;
	pthread_cond_t	cond;
	int		state;		/* 0 starting, 1 idle, 2 asked, 3 quit */
	SOCKET		(*fn)(void *arg);
	void		*arg;
	SOCKET		result;
	int		error;
	int		setns_err;
};

static void *worker_main(void *p)
{
	struct worker *w = p;

	pthread_mutex_lock(&w->lock);
	w->setns_err = setns(w->nsfd, CLONE_NEWNET) ? errno : 0;
	w->state = 1;
	pthread_cond_broadcast(&w->cond);
	for (;;) {
		while (w->state == 1)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->state == 3)
			break;
		pthread_mutex_unlock(&w->lock);
		w->result = w->fn(w->arg);
		w->error = WSAGetLastError();
		pthread_mutex_lock(&w->lock);
		w->state = 1;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Runs @fn(@arg) in @w's namespace; its WSA error becomes the caller's. */
static SOCKET worker_call(struct worker *w, SOCKET (*fn)(void *), void *arg)
{
	SOCKET s;
	int err;

	pthread_mutex_lock(&w->lock);
	w->fn = fn;
	w->arg = arg;
	w->state = 2;
	pthread_cond_broadcast(&w->cond);
	while (w->state != 1)
		pthread_cond_wait(&w->cond, &w->lock);
	s = w->result;
	err = w->error;
	pthread_mutex_unlock(&w->lock);
	WSASetLastError(err);
	return s;
}

/* --- the fixture ---------------------------------------------------------- */

FIXTURE(rt) {
	int af, len;
	int nsfd[NLEAVES + 1];		/* [0]: the root's; [i]: leaf i's */
	struct worker w[NLEAVES + 1];
	int workers;
	struct sockaddr_storage root_at[NLEAVES + 1];	/* as leaf i sees it */
	struct sockaddr_storage leaf_host[NLEAVES + 1];	/* leaf i, port 0 */
};

FIXTURE_VARIANT(rt) {
	int af;
	bool user;
};

FIXTURE_VARIANT_ADD(rt, ipv4) { .af = AF_INET };
FIXTURE_VARIANT_ADD(rt, ipv6) { .af = AF_INET6 };
FIXTURE_VARIANT_ADD(rt, ipv4_user) { .af = AF_INET, .user = true };
FIXTURE_VARIANT_ADD(rt, ipv6_user) { .af = AF_INET6, .user = true };

/*
 * Is address @addr (@len bytes) on link @index usable: present, and not
 * tentative (IPv6)? Asked of the namespace of netlink socket @fd.
 */
static bool addr_ready(int fd, int family, int index, const void *addr, int len)
{
	struct ifaddrmsg ifa = { .ifa_family = family };
	char buf[16384];
	struct nlreq r;
	bool ok = false, done = false;
	ssize_t n;

	nl_start(&r, RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof(ifa));
	r.n.nlmsg_flags &= ~NLM_F_ACK;
	if (syscall(SYS_sendto, fd, &r.n, r.n.nlmsg_len, 0, NULL, 0) < 0)
		return false;
	while (!done) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return false;
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			struct ifaddrmsg *m = NLMSG_DATA(h);
			struct rtattr *a = IFA_RTA(m);
			int alen = IFA_PAYLOAD(h);

			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
				done = true;
				break;
			}
			if (h->nlmsg_type != RTM_NEWADDR || (int)m->ifa_index != index)
				continue;
			for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == IFA_ADDRESS &&
				    RTA_PAYLOAD(a) == (unsigned int)len &&
				    !memcmp(RTA_DATA(a), addr, len) &&
				    !(m->ifa_flags & IFA_F_TENTATIVE))
					ok = true;
		}
	}
	return ok;
}

/*
 * The namespaces and the veth pairs wsrt<i> (the root's side, .1) and
 * wslf<i> (leaf i's, .2). The calling thread ends in the root's namespace.
 * Returns NULL or why it cannot be done here.
 */
static const char *netns_setup(FIXTURE_DATA(rt) *self)
{
	static char why[160];
	int nl[NLEAVES + 1], idx[2][NLEAVES + 1], i, err = 0;
	unsigned char a[16];
	unsigned int fl;
	char name[16];
	long end;

	if (geteuid() ? unshare(CLONE_NEWUSER | CLONE_NEWNET) :
			unshare(CLONE_NEWNET)) {
		snprintf(why, sizeof(why),
			 "cannot make network namespaces (unshare: %s)",
			 strerror(errno));
		return why;
	}
	for (i = 0; i <= NLEAVES; i++) {
		if (i && unshare(CLONE_NEWNET))
			return "cannot make a second network namespace";
		self->nsfd[i] = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		nl[i] = syscall(SYS_socket, L_AF_NETLINK, L_SOCK_RAW | L_SOCK_CLOEXEC,
				NETLINK_ROUTE);
		if (self->nsfd[i] < 0 || nl[i] < 0)
			return "no namespace descriptor or netlink socket";
	}
	if (setns(self->nsfd[0], CLONE_NEWNET))
		return "setns into the root's namespace failed";
	for (i = 1; i <= NLEAVES && !err; i++) {
		snprintf(name, sizeof(name), "wsrt%d", i);
		char peer[16];

		snprintf(peer, sizeof(peer), "wslf%d", i);
		err = veth_add(nl[0], name, peer, self->nsfd[i]);
		if (err) {
			snprintf(why, sizeof(why), "no veth pair: %s", strerror(-err));
			return why;
		}
		idx[0][i] = link_get(nl[0], name, NULL);
		idx[1][i] = link_get(nl[i], peer, NULL);
		if (idx[0][i] <= 0 || idx[1][i] <= 0)
			return "the veth pair is not there";
		err = link_up(nl[i], 1) || link_up(nl[0], idx[0][i]) ||
		      link_up(nl[i], idx[1][i]);
		link_addr(AF_INET, i, 1, a);
		err = err || addr_add(nl[0], idx[0][i], L_AF_INET, a, 4, 24);
		link_addr(AF_INET6, i, 1, a);
		err = err || addr_add(nl[0], idx[0][i], L_AF_INET6, a, 16, 64);
		link_addr(AF_INET, i, 2, a);
		err = err || addr_add(nl[i], idx[1][i], L_AF_INET, a, 4, 24);
		link_addr(AF_INET6, i, 2, a);
		err = err || addr_add(nl[i], idx[1][i], L_AF_INET6, a, 16, 64);
	}
	err = err || link_up(nl[0], 1);
	if (err)
		return "setting up the veth pairs failed";
	/* Carrier on both sides, and IPv6's addresses usable. */
	end = ws_now_ms() + WAIT_MS;
	for (i = 1; i <= NLEAVES; i++) {
		bool ready;

		snprintf(name, sizeof(name), "wsrt%d", i);
		do {
			ready = link_get(nl[0], name, &fl) > 0 && (fl & L_IFF_LOWER_UP);
			snprintf(name, sizeof(name), "wslf%d", i);
			ready = ready && link_get(nl[i], name, &fl) > 0 &&
				(fl & L_IFF_LOWER_UP);
			link_addr(AF_INET6, i, 1, a);
			ready = ready && addr_ready(nl[0], L_AF_INET6, idx[0][i], a, 16);
			link_addr(AF_INET6, i, 2, a);
			ready = ready && addr_ready(nl[i], L_AF_INET6, idx[1][i], a, 16);
			snprintf(name, sizeof(name), "wsrt%d", i);
			if (!ready)
				ws_sleep_ms(10);
		} while (!ready && ws_now_ms() < end);
		if (!ready)
			return "the veth pairs did not come up";
	}
	for (i = 0; i <= NLEAVES; i++)
		close(nl[i]);
	return NULL;
}

FIXTURE_SETUP(rt)
{
	const char *why = ws_unavailable(variant->af);
	int i;

	self->workers = 0;
	if (why)
		SKIP(return, "%s", why);
	why = netns_setup(self);
	if (why)
		SKIP(return, "%s", why);
	self->af = variant->af;
	for (i = 0; i <= NLEAVES; i++) {
		struct worker *w = &self->w[i];

		w->nsfd = self->nsfd[i];
		w->state = 0;
		pthread_mutex_init(&w->lock, NULL);
		pthread_cond_init(&w->cond, NULL);
		ASSERT_EQ(0, pthread_create(&w->thread, NULL, worker_main, w));
		self->workers++;
		pthread_mutex_lock(&w->lock);
		while (w->state == 0)
			pthread_cond_wait(&w->cond, &w->lock);
		pthread_mutex_unlock(&w->lock);
		ASSERT_EQ(0, w->setns_err) TH_LOG("setns: %s", strerror(w->setns_err));
	}
	/* glibc's setresuid changes every thread's credentials. */
	if (variant->user && geteuid() == 0) {
		ASSERT_EQ(0, setresgid(65534, 65534, 65534));
		ASSERT_EQ(0, setresuid(65534, 65534, 65534));
	}
	ASSERT_EQ(0, ws_startup());
	for (i = 1; i <= NLEAVES; i++) {
		self->len = ws_sockaddr(self->af, false, PORT, &self->root_at[i]);
		ws_sockaddr(self->af, false, 0, &self->leaf_host[i]);
		if (self->af == AF_INET) {
			link_addr(AF_INET, i, 1,
				  &((struct sockaddr_in *)&self->root_at[i])->sin_addr);
			link_addr(AF_INET, i, 2,
				  &((struct sockaddr_in *)&self->leaf_host[i])->sin_addr);
		} else {
			link_addr(AF_INET6, i, 1,
				  ((struct sockaddr_in6 *)&self->root_at[i])->sin6_addr.s6_addr);
			link_addr(AF_INET6, i, 2,
				  ((struct sockaddr_in6 *)&self->leaf_host[i])->sin6_addr.s6_addr);
		}
	}
}

FIXTURE_TEARDOWN(rt)
{
	int i;

	for (i = 0; i < self->workers; i++) {
		pthread_mutex_lock(&self->w[i].lock);
		self->w[i].state = 3;
		pthread_cond_broadcast(&self->w[i].cond);
		pthread_mutex_unlock(&self->w[i].lock);
		pthread_join(self->w[i].thread, NULL);
	}
	WSACleanup();
}

/* --- sockets ---------------------------------------------------------------- */

struct mk {
	int af, type, proto;
	DWORD flags;
	bool bind_listen;	/* bind the wildcard address, PORT; listen */
	u_short port;		/* instead of PORT */
};

static SOCKET mk_socket(void *p)
{
	struct mk *m = p;
	struct sockaddr_storage ss;
	SOCKET s = WSASocket(m->af, m->type, m->proto, NULL, 0, m->flags);
	int len, err;

	if (s == INVALID_SOCKET || !m->bind_listen)
		return s;
	len = ws_sockaddr(m->af, false, m->port ? m->port : PORT, &ss);
	if (bind(s, (struct sockaddr *)&ss, len) || listen(s, 8)) {
		err = WSAGetLastError();
		closesocket(s);
		WSASetLastError(err);
		return INVALID_SOCKET;
	}
	return s;
}

/*
 * The root: a c_root/d_root socket of the rooted entry (SOCK_SEQPACKET,
 * IPPROTO_TCP: uapi, "The protocol catalog") bound to PORT on every
 * address of its namespace, and listening (spec multipoint: "The root
 * application creates a c_root socket and sets it into listen mode").
 */
static SOCKET root_socket(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self)
{
	struct mk m = { self->af, SOCK_SEQPACKET, IPPROTO_TCP,
			MP_ROOT | WSA_FLAG_OVERLAPPED, true };
	SOCKET s = worker_call(&self->w[0], mk_socket, &m);

	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("root: error %d", WSAGetLastError());
	return s;
}

/* A c_leaf/d_leaf socket in leaf @i's namespace. */
static SOCKET leaf_socket(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
			  int i)
{
	struct mk m = { self->af, SOCK_SEQPACKET, IPPROTO_TCP,
			MP_LEAF | WSA_FLAG_OVERLAPPED, false };
	SOCKET s = worker_call(&self->w[i], mk_socket, &m);

	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("leaf %d: error %d", i, WSAGetLastError());
	return s;
}

/* A plain socket of @type in namespace @i. */
static SOCKET plain_socket(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
			   int i, int type)
{
	struct mk m = { self->af, type,
			type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP, 0, false };
	SOCKET s = worker_call(&self->w[i], mk_socket, &m);

	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	return s;
}

/* Same host address (port aside). */
static bool same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	struct sockaddr_storage x = *a;

	ws_set_port(&x, ws_port(b));
	return ws_same_addr(&x, b);
}

/* --- network events --------------------------------------------------------- */

/* A socket's WSAEventSelect, and what WSAEnumNetworkEvents gave so far. */
struct watch {
	SOCKET		s;
	WSAEVENT	ev;
	long		seen;
	int		err[FD_MAX_EVENTS];
};

static void watch_start(struct __test_metadata *_metadata, struct watch *w,
			SOCKET s, long mask)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->ev = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, w->ev);
	ASSERT_EQ(0, WSAEventSelect(s, w->ev, mask)) TH_LOG("error %d", WSAGetLastError());
}

/* Collects the events recorded until @bit (FD_*_BIT) is, for at most @ms. */
static bool watch_for(struct __test_metadata *_metadata, struct watch *w, int bit,
		      int ms)
{
	long end = ws_now_ms() + ms, left;
	WSANETWORKEVENTS ne;
	int i;

	for (;;) {
		memset(&ne, POISON_BYTE, sizeof(ne));
		EXPECT_EQ(0, WSAEnumNetworkEvents(w->s, w->ev, &ne))
			TH_LOG("error %d", WSAGetLastError());
		for (i = 0; i < FD_MAX_EVENTS; i++)
			if (ne.lNetworkEvents & (1L << i)) {
				w->seen |= 1L << i;
				w->err[i] = ne.iErrorCode[i];
			}
		if (w->seen & (1L << bit))
			return true;
		left = end - ws_now_ms();
		if (left <= 0)
			return false;
		WSAWaitForMultipleEvents(1, &w->ev, FALSE, (DWORD)left, FALSE);
	}
}

static void watch_forget(struct watch *w, int bit)
{
	w->seen &= ~(1L << bit);
}

static void watch_stop(struct watch *w)
{
	WSACloseEvent(w->ev);
}

/* --- joins ------------------------------------------------------------------- */

/* A blocking WSAJoinLeaf in a thread of its own. */
struct join {
	FIXTURE_DATA(rt) *self;
	pthread_t	thread;
	volatile pid_t	tid;
	SOCKET		leaf, ret;
	int		i, error;
	WSABUF		caller, callee;
	WSABUF		*callerp, *calleep;
	char		callee_buf[RT_MAX_CONNDATA];
	const struct sockaddr_storage *to;	/* NULL: the root, as leaf i */
	volatile bool	done;
};

static void *join_main(void *p)
{
	struct join *j = p;

	__atomic_store_n(&j->tid, ws_gettid(), __ATOMIC_RELEASE);
	WSASetLastError(POISON_ERR);
	j->ret = WSAJoinLeaf(j->leaf,
			     (struct sockaddr *)(j->to ? j->to : &j->self->root_at[j->i]),
			     j->self->len, j->callerp, j->calleep, NULL, NULL,
			     JL_BOTH);
	j->error = WSAGetLastError();
	__atomic_store_n(&j->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Starts a blocking WSAJoinLeaf of @leaf to @to (NULL: the root, as leaf
 * @i reaches it), with @caller data (NULL: none).
 */
static void join_start_to(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
			  struct join *j, int i, SOCKET leaf, const char *caller,
			  const struct sockaddr_storage *to)
{
	memset(j, 0, sizeof(*j));
	j->self = self;
	j->to = to;
	j->i = i;
	j->leaf = leaf;
	if (caller) {
		j->caller.buf = (char *)caller;
		j->caller.len = strlen(caller);
		j->callerp = &j->caller;
	}
	memset(j->callee_buf, POISON_BYTE, sizeof(j->callee_buf));
	j->callee.buf = j->callee_buf;
	j->callee.len = sizeof(j->callee_buf);
	j->calleep = &j->callee;
	ASSERT_EQ(0, pthread_create(&j->thread, NULL, join_main, j));
}

static void join_start(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
		       struct join *j, int i, SOCKET leaf, const char *caller)
{
	join_start_to(_metadata, self, j, i, leaf, caller, NULL);
}

/* Waits for the join's end; false if it did not end within WAIT_MS. */
static bool join_end(struct join *j)
{
	long end = ws_now_ms() + WAIT_MS;

	while (!__atomic_load_n(&j->done, __ATOMIC_ACQUIRE)) {
		if (ws_now_ms() > end)
			return false;
		ws_sleep_ms(2);
	}
	pthread_join(j->thread, NULL);
	return true;
}

/*
 * A nonblocking join of @leaf (leaf @i), watched in @w (FD_CONNECT and the
 * rest): WSAEWOULDBLOCK now (spec WSAJoinLeaf: "the multipoint session
 * join operation cannot be completed immediately").
 */
static void join_nb(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
		    struct watch *w, int i, SOCKET leaf, DWORD flags)
{
	watch_start(_metadata, w, leaf,
		    FD_CONNECT | FD_READ | FD_WRITE | FD_CLOSE);
	ASSERT_WSAFAIL_SOCKET(WSAEWOULDBLOCK,
			      WSAJoinLeaf(leaf, (struct sockaddr *)&self->root_at[i],
					  self->len, NULL, NULL, NULL, NULL, flags));
}

/* accept on the root, within WAIT_MS; the leaf's address in @from. */
static SOCKET admit(struct __test_metadata *_metadata, SOCKET root,
		    struct sockaddr_storage *from)
{
	struct sockaddr_storage tmp;
	int len = sizeof(tmp);
	SOCKET m;

	if (!from)
		from = &tmp;
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS)) TH_LOG("no join request");
	m = accept(root, (struct sockaddr *)from, &len);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("accept: error %d", WSAGetLastError());
	return m;
}

/*
 * A session: the root and NLEAVES leaves, each joined (nonblocking,
 * JL_BOTH) and admitted by accept; each leaf's FD_CONNECT seen.
 */
static SOCKET session(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
		      SOCKET leaf[], struct watch lw[], SOCKET member[])
{
	SOCKET root = root_socket(_metadata, self);
	struct sockaddr_storage from;
	int i, k;

	for (i = 1; i <= NLEAVES; i++) {
		leaf[i] = leaf_socket(_metadata, self, i);
		join_nb(_metadata, self, &lw[i], i, leaf[i], JL_BOTH);
		member[i] = admit(_metadata, root, &from);
		/* Match the membership socket to its leaf by address. */
		for (k = 1; k <= NLEAVES; k++)
			if (same_host(&from, &self->leaf_host[k]))
				break;
		ASSERT_EQ(i, k) TH_LOG("admitted a join from an unknown address");
		ASSERT_TRUE(watch_for(_metadata, &lw[i], FD_CONNECT_BIT, WAIT_MS))
			TH_LOG("leaf %d: no FD_CONNECT", i);
		ASSERT_EQ(0, lw[i].err[FD_CONNECT_BIT]);
	}
	return root;
}

/* A message on @s within WAIT_MS: recvfrom's result, the sender in @from. */
static int recv_msg(SOCKET s, char *buf, int size, struct sockaddr_storage *from)
{
	struct sockaddr_storage tmp;
	int len = sizeof(tmp), r;
	long end = ws_now_ms() + WAIT_MS;

	if (!from)
		from = &tmp;
	memset(from, POISON_BYTE, sizeof(*from));
	do {
		if (ws_wait(s, WS_READ, WAIT_MS) != WS_READ)
			return -2;
		r = recvfrom(s, buf, size, 0, (struct sockaddr *)from, &len);
	} while (r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK &&
		 ws_now_ms() < end);
	return r;
}

/*
 * send of one message on nonblocking @s, waiting for room (uapi: a send
 * that does not fit fails with WSAEWOULDBLOCK before anything is sent,
 * and FD_WRITE comes when there is room): send's result.
 */
static int send_msg(SOCKET s, const char *buf, int len)
{
	long end = ws_now_ms() + WAIT_MS;
	int r;

	for (;;) {
		r = send(s, buf, len, 0);
		if (r != SOCKET_ERROR || WSAGetLastError() != WSAEWOULDBLOCK ||
		    ws_now_ms() > end)
			return r;
		ws_wait(s, WS_WRITE, 50);
	}
}

/* --- condition functions ------------------------------------------------------ */

struct cond_seen {
	int		calls;
	int		verdict;		/* what to answer */
	const char	*callee;		/* callee data to give, or NULL */
	bool		caller_id, caller_data, callee_id;
	struct sockaddr_storage id, local;
	char		data[RT_MAX_CONNDATA + 1];
	int		data_len;
	ULONG		callee_room;
};

static int CALLBACK condition(LPWSABUF lpCallerId, LPWSABUF lpCallerData,
			      LPQOS lpSQOS, LPQOS lpGQOS, LPWSABUF lpCalleeId,
			      LPWSABUF lpCalleeData, GROUP FAR *g,
			      DWORD_PTR dwCallbackData)
{
	struct cond_seen *c = (struct cond_seen *)dwCallbackData;

	c->calls++;
	c->caller_id = lpCallerId != NULL;
	if (lpCallerId && lpCallerId->len <= sizeof(c->id))
		memcpy(&c->id, lpCallerId->buf, lpCallerId->len);
	c->caller_data = lpCallerData != NULL;
	c->data_len = -1;
	if (lpCallerData && lpCallerData->len <= RT_MAX_CONNDATA) {
		memcpy(c->data, lpCallerData->buf, lpCallerData->len);
		c->data_len = (int)lpCallerData->len;
	}
	c->callee_id = lpCalleeId != NULL;
	if (lpCalleeId && lpCalleeId->len <= sizeof(c->local))
		memcpy(&c->local, lpCalleeId->buf, lpCalleeId->len);
	c->callee_room = lpCalleeData ? lpCalleeData->len : 0;
	if (lpCalleeData) {
		if (c->callee && strlen(c->callee) <= lpCalleeData->len) {
			memcpy(lpCalleeData->buf, c->callee, strlen(c->callee));
			lpCalleeData->len = strlen(c->callee);
		} else {
			lpCalleeData->len = 0;
		}
	}
	return c->verdict;
}

/* --- the tests ------------------------------------------------------------- */

TEST_F(rt, catalog)
{
	WSAPROTOCOL_INFOA all[16], got;
	WSAPROTOCOL_INFOW gotw;
	const WSAPROTOCOL_INFOA *e = NULL;
	DWORD len = sizeof(all);
	int n, i, size, found = 0;
	SOCKET s;

	/*
	 * spec multipoint: XP1_SUPPORT_MULTIPOINT, and
	 * XP1_MULTIPOINT_CONTROL_PLANE and _DATA_PLANE "rooted (value = 1)";
	 * "The application can use WSAEnumProtocols to discover whether
	 * multipoint communications is supported". uapi, "The protocol
	 * catalog": 1005 (IPv4) and 1006 (IPv6), SOCK_SEQPACKET over TCP,
	 * WS_XP1_ROOTED, message size WS_RT_MAX_MSG.
	 */
	memset(all, POISON_BYTE, sizeof(all));
	n = WSAEnumProtocolsA(NULL, all, &len);
	ASSERT_LT(0, n) TH_LOG("error %d", WSAGetLastError());
	for (i = 0; i < n; i++) {
		if (all[i].iSocketType != SOCK_SEQPACKET)
			continue;
		found++;
		ASSERT_EQ(IPPROTO_TCP, all[i].iProtocol);
		ASSERT_EQ(ROOTED_FLAGS, all[i].dwServiceFlags1);
		ASSERT_EQ(RT_MAX_MSG, all[i].dwMessageSize);
		ASSERT_EQ(all[i].iAddressFamily == AF_INET ? 1005 : 1006,
			  all[i].dwCatalogEntryId);
		if (all[i].iAddressFamily == self->af)
			e = &all[i];
	}
	ASSERT_EQ(2, found);
	ASSERT_NE(NULL, e);

	/*
	 * spec WSASocket: FROM_PROTOCOL_INFO takes the values of the
	 * WSAPROTOCOL_INFO, and the socket is "bound to the provider
	 * associated with the indicated WSAPROTOCOL_INFO"; C_ROOT and D_ROOT
	 * "only allowed if a rooted control (data) plane is indicated".
	 */
	s = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       (WSAPROTOCOL_INFOA *)e, 0, MP_ROOT | WSA_FLAG_OVERLAPPED);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	size = sizeof(got);
	memset(&got, POISON_BYTE, sizeof(got));
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&got, &size));
	ASSERT_EQ(0, memcmp(e, &got, sizeof(got)));
	size = sizeof(gotw);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&gotw, &size));
	ASSERT_EQ(e->dwCatalogEntryId, gotw.dwCatalogEntryId);
	ASSERT_EQ(ROOTED_FLAGS, gotw.dwServiceFlags1);
	/* spec getsockopt SO_MAX_MSG_SIZE: "Maximum size of a message for
	 * message-oriented socket types"; uapi: WS_RT_MAX_MSG. */
	ASSERT_EQ(RT_MAX_MSG, ws_get_int(_metadata, s, SOL_SOCKET, SO_MAX_MSG_SIZE));
	ASSERT_EQ(SOCK_SEQPACKET, ws_get_int(_metadata, s, SOL_SOCKET, SO_TYPE));
	closesocket(s);
	/* The W form of the entry, and a leaf made from it. */
	len = sizeof(gotw);
	s = WSASocketW(self->af, SOCK_SEQPACKET, IPPROTO_TCP, NULL, 0, MP_LEAF);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("error %d", WSAGetLastError());
	size = sizeof(got);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&got, &size));
	ASSERT_EQ(e->dwCatalogEntryId, got.dwCatalogEntryId);
	ASSERT_EQ(RT_MAX_MSG, ws_get_int(_metadata, s, SOL_SOCKET, SO_MAX_MSG_SIZE));
	closesocket(s);

	/*
	 * spec WSASocket: "exactly one of ... C_ROOT or C_LEAF ... and exactly
	 * one of ... D_ROOT or D_LEAF"; uapi: no role, or a mixed one, is
	 * EINVAL on these entries.
	 */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(self->af, SOCK_SEQPACKET,
						    IPPROTO_TCP, NULL, 0, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(self->af, SOCK_SEQPACKET,
						    IPPROTO_TCP, NULL, 0,
						    WSA_FLAG_MULTIPOINT_C_ROOT));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(self->af, SOCK_SEQPACKET,
						    IPPROTO_TCP, NULL, 0,
						    MP_ROOT | MP_LEAF));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(self->af, SOCK_SEQPACKET,
						    IPPROTO_TCP, NULL, 0,
						    WSA_FLAG_MULTIPOINT_C_ROOT |
						    WSA_FLAG_MULTIPOINT_D_LEAF));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(self->af, SOCK_SEQPACKET,
						    IPPROTO_TCP, NULL, 0,
						    WSA_FLAG_MULTIPOINT_C_LEAF |
						    WSA_FLAG_MULTIPOINT_D_ROOT));
	/* TCP's stream entry has no rooted plane: no root there. */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSASocketA(self->af, SOCK_STREAM,
						    IPPROTO_TCP, NULL, 0, MP_ROOT));
}

TEST_F(rt, accept_admits)
{
	struct sockaddr_storage from, name, peer;
	WSAPROTOCOL_INFOA pa, pb;
	SOCKET root, leaf, m;
	struct join j;
	int len, size;

	root = root_socket(_metadata, self);
	leaf = leaf_socket(_metadata, self, 2);
	/*
	 * spec multipoint: "A leaf node wishing to join the session creates
	 * a c_leaf socket and uses WSAJoinLeaf to initiate the connection
	 * and request admittance. The root application receives FD_ACCEPT
	 * ..., and admits the leaf node by calling WSAAccept" (or accept:
	 * "The root application uses the usual accept/WSAAccept functions").
	 * spec WSAJoinLeaf: on a blocking socket "the return value indicates
	 * success or failure of the join operation": it has not returned
	 * before the root admitted it.
	 */
	join_start(_metadata, self, &j, 2, leaf, NULL);
	ASSERT_TRUE(ws_wait_blocked(&j.tid));
	ASSERT_FALSE(__atomic_load_n(&j.done, __ATOMIC_ACQUIRE));
	len = sizeof(from);
	m = admit(_metadata, root, &from);
	ASSERT_TRUE(join_end(&j)) TH_LOG("the join did not end");
	/* "the returned socket descriptor is the same as the input" */
	ASSERT_EQ(leaf, j.ret) TH_LOG("error %d", j.error);
	/* "lpCalleeData->len will be set to zero if no user data has been
	 * passed back": accept gives none (uapi). */
	ASSERT_EQ(0, j.callee.len);
	/* The membership socket is the leaf's: accept's address, and its
	 * peer, are the leaf's. spec accept: "addr ... the address of the
	 * connecting entity". */
	len = sizeof(name);
	ASSERT_EQ(0, getsockname(leaf, (struct sockaddr *)&name, &len));
	ASSERT_TRUE(ws_same_addr(&from, &name));
	ASSERT_TRUE(same_host(&from, &self->leaf_host[2]));
	len = sizeof(peer);
	ASSERT_EQ(0, getpeername(m, (struct sockaddr *)&peer, &len));
	ASSERT_TRUE(ws_same_addr(&peer, &name));
	/* The leaf's peer is the root, at the address it joined. */
	len = sizeof(peer);
	ASSERT_EQ(0, getpeername(leaf, (struct sockaddr *)&peer, &len));
	ASSERT_TRUE(ws_same_addr(&peer, &self->root_at[2]));
	/* spec WSAJoinLeaf: "The value returned from either accept or
	 * WSAAccept is also a c_leaf socket": of the same entry. */
	size = sizeof(pa);
	ASSERT_EQ(0, getsockopt(m, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&pa, &size));
	size = sizeof(pb);
	ASSERT_EQ(0, getsockopt(root, SOL_SOCKET, SO_PROTOCOL_INFOA, (char *)&pb, &size));
	ASSERT_EQ(pb.dwCatalogEntryId, pa.dwCatalogEntryId);
	closesocket(m);
	closesocket(leaf);
	closesocket(root);
}

TEST_F(rt, wsaaccept_connect_data)
{
	static const char hello[] = "caller data from leaf 1";
	static const char welcome[] = "callee data from the root";
	struct cond_seen c = { .verdict = CF_ACCEPT, .callee = welcome };
	struct sockaddr_storage addr, name, local;
	char buf[64];
	SOCKET root, leaf, m;
	struct join j;
	int len, addrlen;

	root = root_socket(_metadata, self);
	leaf = leaf_socket(_metadata, self, 1);
	join_start(_metadata, self, &j, 1, leaf, hello);
	/*
	 * spec WSAAccept: "The lpCallerId and lpCallerData are value
	 * parameters which contain the address of the connecting entity and
	 * any user data that was sent along with the connection request";
	 * "The lpCalleeId is a value parameter which contains the local
	 * address of the connected entity"; lpCalleeData "used by the
	 * condition function to supply user data back to the connecting
	 * entity", its len "the length of the buffer allocated by the
	 * service provider" (0 would mean not supported: this entry has
	 * XP1_CONNECT_DATA).
	 */
	addrlen = sizeof(addr);
	memset(&addr, POISON_BYTE, sizeof(addr));
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	m = WSAAccept(root, (struct sockaddr *)&addr, &addrlen, condition,
		      (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("WSAAccept: error %d", WSAGetLastError());
	ASSERT_EQ(1, c.calls);
	ASSERT_TRUE(c.caller_id);
	ASSERT_TRUE(same_host(&c.id, &self->leaf_host[1]));
	ASSERT_TRUE(c.caller_data);
	ASSERT_EQ(strlen(hello), c.data_len);
	ASSERT_EQ(0, memcmp(c.data, hello, strlen(hello)));
	/*
	 * lpCalleeId: the local address of this connection, the root's
	 * address as leaf 1 reached it (the root is bound to the wildcard
	 * address), with the root's port.
	 */
	ASSERT_TRUE(c.callee_id);
	ASSERT_TRUE(same_host(&c.local, &self->root_at[1]));
	ASSERT_EQ(PORT, ws_port(&c.local));
	ASSERT_LE(strlen(welcome), c.callee_room);
	/* "these two parameters will be filled in regardless of whether
	 * the condition function is specified or what it returns" */
	ASSERT_EQ(ws_addrlen(self->af), addrlen);
	ASSERT_TRUE(ws_same_addr(&addr, &c.id));

	/* spec WSAJoinLeaf: "The lpCalleeData information will be valid
	 * when the multipoint join operation is complete. For blocking
	 * sockets, this will be when the [call] returns." */
	ASSERT_TRUE(join_end(&j));
	ASSERT_EQ(leaf, j.ret) TH_LOG("error %d", j.error);
	ASSERT_EQ(strlen(welcome), j.callee.len);
	ASSERT_EQ(0, memcmp(j.callee_buf, welcome, strlen(welcome)));
	len = sizeof(name);
	ASSERT_EQ(0, getsockname(leaf, (struct sockaddr *)&name, &len));
	ASSERT_TRUE(ws_same_addr(&name, &c.id));
	len = sizeof(local);
	ASSERT_EQ(0, getsockname(m, (struct sockaddr *)&local, &len));
	ASSERT_TRUE(ws_same_addr(&local, &self->root_at[1]));

	/*
	 * mswsock.h SO_CONNDATA (libws: the connect data of a rooted
	 * socket's join): the callee data on the leaf, the caller data on
	 * the membership socket (uapi WS_IOC_RT_CONNDATA).
	 */
	len = sizeof(buf);
	ASSERT_EQ(0, getsockopt(leaf, SOL_SOCKET, SO_CONNDATA, buf, &len));
	ASSERT_EQ(strlen(welcome), len);
	ASSERT_EQ(0, memcmp(buf, welcome, len));
	len = sizeof(buf);
	ASSERT_EQ(0, getsockopt(m, SOL_SOCKET, SO_CONNDATA, buf, &len));
	ASSERT_EQ(strlen(hello), len);
	ASSERT_EQ(0, memcmp(buf, hello, len));

	/* A join without caller data: "If no caller ID or caller data is
	 * available, the corresponding parameters will be NULL". */
	closesocket(m);
	closesocket(leaf);
	leaf = leaf_socket(_metadata, self, 3);
	join_start(_metadata, self, &j, 3, leaf, NULL);
	c.callee = NULL;
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	m = WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("WSAAccept: error %d", WSAGetLastError());
	ASSERT_EQ(2, c.calls);
	ASSERT_TRUE(c.caller_id);
	ASSERT_TRUE(same_host(&c.id, &self->leaf_host[3]));
	ASSERT_FALSE(c.caller_data);
	ASSERT_TRUE(join_end(&j));
	ASSERT_EQ(leaf, j.ret) TH_LOG("error %d", j.error);
	/* No callee data passed back: len 0. */
	ASSERT_EQ(0, j.callee.len);
	closesocket(m);
	closesocket(leaf);
	closesocket(root);
}

TEST_F(rt, wsaaccept_reject)
{
	struct cond_seen c = { .verdict = CF_REJECT };
	struct watch w;
	SOCKET root, leaf, m;
	struct join j;

	root = root_socket(_metadata, self);
	leaf = leaf_socket(_metadata, self, 1);
	join_start(_metadata, self, &j, 1, leaf, "let me in");
	/*
	 * spec WSAAccept: "If the condition function returns CF_REJECT, this
	 * routine rejects the connection request": WSAECONNREFUSED "The
	 * connection request was forcefully rejected as indicated in the
	 * return value of the condition function"; spec WSAJoinLeaf:
	 * WSAECONNREFUSED "The attempt to join was forcefully rejected".
	 */
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSAECONNREFUSED,
			      WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c));
	ASSERT_EQ(1, c.calls);
	ASSERT_TRUE(join_end(&j)) TH_LOG("the rejected join did not end");
	ASSERT_EQ(INVALID_SOCKET, j.ret);
	ASSERT_EQ(WSAECONNREFUSED, j.error);
	/* Nothing is left for the root to accept. */
	ASSERT_EQ(0, ws_set_nonblocking(root, true));
	ASSERT_WSAFAIL_SOCKET(WSAEWOULDBLOCK, accept(root, NULL, NULL));

	/*
	 * "If the return error code indicates the multipoint session join
	 * attempt failed (that is, WSAECONNREFUSED, ...) the application may
	 * call WSAJoinLeaf again for the same socket": admitted this time.
	 * Nonblocking: FD_CONNECT carries the refusal, then the admission
	 * (spec WSAJoinLeaf: "an FD_CONNECT indication will be given when the
	 * join operation completes, either successfully or otherwise").
	 */
	join_nb(_metadata, self, &w, 1, leaf, JL_BOTH);
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSAECONNREFUSED,
			      WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c));
	ASSERT_TRUE(watch_for(_metadata, &w, FD_CONNECT_BIT, WAIT_MS));
	ASSERT_EQ(WSAECONNREFUSED, w.err[FD_CONNECT_BIT]);
	watch_forget(&w, FD_CONNECT_BIT);
	ASSERT_WSAFAIL_SOCKET(WSAEWOULDBLOCK,
			      WSAJoinLeaf(leaf, (struct sockaddr *)&self->root_at[1],
					  self->len, NULL, NULL, NULL, NULL, JL_BOTH));
	c.verdict = CF_ACCEPT;
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	m = WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("WSAAccept: error %d", WSAGetLastError());
	ASSERT_TRUE(watch_for(_metadata, &w, FD_CONNECT_BIT, WAIT_MS));
	ASSERT_EQ(0, w.err[FD_CONNECT_BIT]);
	watch_stop(&w);
	closesocket(m);
	closesocket(leaf);
	closesocket(root);
}

TEST_F(rt, wsaaccept_defer)
{
	struct cond_seen c = { .verdict = CF_DEFER };
	struct sockaddr_storage first;
	SOCKET root, leaf, m;
	struct join j;

	root = root_socket(_metadata, self);
	leaf = leaf_socket(_metadata, self, 3);
	join_start(_metadata, self, &j, 3, leaf, "later?");
	/*
	 * spec WSAAccept: "If the decision cannot be made immediately, the
	 * condition function should return CF_DEFER to indicate that no
	 * decision has been made, and no action about this connection request
	 * should be taken by the service provider": WSATRY_AGAIN "The
	 * acceptance of the connection request was deferred". The leaf is
	 * still waiting for its answer.
	 */
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c));
	ASSERT_EQ(1, c.calls);
	first = c.id;
	ws_sleep_ms(QUIET_MS);
	ASSERT_FALSE(__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
		TH_LOG("the deferred join ended: error %d", j.error);
	/* Deferred again: the same request comes back. */
	ASSERT_WSAFAIL_SOCKET(WSATRY_AGAIN,
			      WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c));
	ASSERT_EQ(2, c.calls);
	ASSERT_TRUE(ws_same_addr(&first, &c.id));
	ASSERT_FALSE(__atomic_load_n(&j.done, __ATOMIC_ACQUIRE));
	/* "When the application is ready to take action on the connection
	 * request, it will invoke WSAAccept again and return either
	 * CF_ACCEPT or CF_REJECT". */
	c.verdict = CF_ACCEPT;
	m = WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("WSAAccept: error %d", WSAGetLastError());
	ASSERT_EQ(3, c.calls);
	ASSERT_TRUE(ws_same_addr(&first, &c.id));
	ASSERT_TRUE(join_end(&j));
	ASSERT_EQ(leaf, j.ret) TH_LOG("error %d", j.error);
	closesocket(m);
	closesocket(leaf);
	closesocket(root);
}

TEST_F(rt, fan_out)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1];
	struct sockaddr_storage from;
	char buf[256], big[3000];
	static char got[4000];
	WSABUF wb[2] = { { 4, (char *)"two " }, { 7, (char *)"buffers" } };
	DWORD sent = 0;
	int i, k;

	root = session(_metadata, self, leaf, lw, member);
	/*
	 * spec multipoint: "the data sent on the d_root socket will be
	 * delivered to all the leaves in the same multipoint session"; "The
	 * data sent out from the d_root will be duplicated (if required) and
	 * delivered to every d_leaf". Each leaf receives each message whole,
	 * in order, from the root's address (uapi: msg_name the root's).
	 */
	ASSERT_EQ(5, send(root, "first", 5, 0)) TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(0, WSASend(root, wb, 2, &sent, 0, NULL, NULL))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(11, sent);
	for (k = 0; k < (int)sizeof(big); k++)
		big[k] = (char)(k * 7);
	ASSERT_EQ(sizeof(big), send_msg(root, big, sizeof(big)));
	for (i = 1; i <= NLEAVES; i++) {
		/* spec WSAEventSelect: FD_READ, "readiness for reading". */
		ASSERT_TRUE(watch_for(_metadata, &lw[i], FD_READ_BIT, WAIT_MS))
			TH_LOG("leaf %d: no FD_READ", i);
		memset(buf, 0, sizeof(buf));
		ASSERT_EQ(5, recv_msg(leaf[i], buf, sizeof(buf), &from))
			TH_LOG("leaf %d: error %d", i, WSAGetLastError());
		ASSERT_STREQ("first", buf);
		ASSERT_TRUE(ws_same_addr(&from, &self->root_at[i]));
		memset(buf, 0, sizeof(buf));
		ASSERT_EQ(11, recv_msg(leaf[i], buf, sizeof(buf), NULL));
		ASSERT_STREQ("two buffers", buf);
		ASSERT_EQ(sizeof(big), recv_msg(leaf[i], got, sizeof(got), NULL));
		ASSERT_EQ(0, memcmp(got, big, sizeof(big)));
	}
	/* spec multipoint: "there is no traffic allowed among d_leafs": a
	 * leaf's message reaches the root, no other leaf. */
	ASSERT_EQ(4, send(leaf[1], "mine", 4, 0));
	ASSERT_EQ(4, recv_msg(root, buf, sizeof(buf), NULL));
	ASSERT_EQ(0, ws_wait(leaf[2], WS_READ, QUIET_MS));
	ASSERT_EQ(0, ws_wait(leaf[3], WS_READ, QUIET_MS));
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		closesocket(leaf[i]);
		closesocket(member[i]);
	}
	closesocket(root);
}

TEST_F(rt, leaf_to_root)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1], rw;
	struct sockaddr_storage from, name[NLEAVES + 1];
	char buf[64], text[16];
	WSABUF wb = { sizeof(buf), buf };
	DWORD got, flags;
	int i, k, len, seen = 0;

	root = session(_metadata, self, leaf, lw, member);
	watch_start(_metadata, &rw, root, FD_READ | FD_ACCEPT | FD_CLOSE);
	for (i = 1; i <= NLEAVES; i++) {
		len = sizeof(name[i]);
		ASSERT_EQ(0, getsockname(leaf[i], (struct sockaddr *)&name[i], &len));
		snprintf(text, sizeof(text), "from leaf %d", i);
		ASSERT_EQ((int)strlen(text), send(leaf[i], text, strlen(text), 0))
			TH_LOG("leaf %d: error %d", i, WSAGetLastError());
	}
	/*
	 * spec multipoint: "the data from d_leafs will only go to the d_root";
	 * "the data received on the d_root socket may be from any of the
	 * leaves"; spec recvfrom: "from ... the source address" (uapi: the
	 * leaf's address). FD_READ on the root (spec WSAEventSelect).
	 */
	ASSERT_TRUE(watch_for(_metadata, &rw, FD_READ_BIT, WAIT_MS));
	for (k = 0; k < NLEAVES; k++) {
		memset(buf, 0, sizeof(buf));
		if (k < 2) {
			ASSERT_EQ(11, recv_msg(root, buf, sizeof(buf), &from))
				TH_LOG("error %d", WSAGetLastError());
		} else {
			/* WSARecvFrom, without an OVERLAPPED: the same. */
			len = sizeof(from);
			flags = 0;
			ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
			ASSERT_EQ(0, WSARecvFrom(root, &wb, 1, &got, &flags,
						 (struct sockaddr *)&from, &len,
						 NULL, NULL))
				TH_LOG("error %d", WSAGetLastError());
			ASSERT_EQ(11, got);
			ASSERT_EQ(ws_addrlen(self->af), len);
		}
		ASSERT_EQ(0, strncmp(buf, "from leaf ", 10));
		i = buf[10] - '0';
		ASSERT_TRUE(i >= 1 && i <= NLEAVES);
		ASSERT_TRUE(ws_same_addr(&from, &name[i]))
			TH_LOG("message %d did not come from its leaf's address", i);
		seen |= 1 << i;
	}
	ASSERT_EQ(0x0e, seen);
	/* A membership socket sends to its leaf only (uapi). */
	ASSERT_EQ(4, send(member[2], "side", 4, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, recv_msg(leaf[2], buf, sizeof(buf), NULL));
	ASSERT_STREQ("side", buf);
	ASSERT_EQ(0, ws_wait(leaf[1], WS_READ, QUIET_MS));
	watch_stop(&rw);
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		closesocket(leaf[i]);
		closesocket(member[i]);
	}
	closesocket(root);
}

TEST_F(rt, message_boundaries)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1];
	struct sockaddr_storage from, name;
	static char big[RT_MAX_MSG + 1], got2[RT_MAX_MSG + 16];
	char buf[128];
	WSABUF wb = { 10, buf };
	DWORD got, flags;
	int i, len;

	root = session(_metadata, self, leaf, lw, member);
	/*
	 * XP1_MESSAGE_ORIENTED (spec WSAPROTOCOL_INFO: "The protocol is
	 * message-oriented, honoring message boundaries"): two messages sent
	 * back to back are received one by one.
	 */
	ASSERT_EQ(3, send(root, "one", 3, 0));
	ASSERT_EQ(3, send(root, "two", 3, 0));
	ASSERT_EQ(40, send(root, "a message of forty bytes, to be cut off.", 40, 0));
	ASSERT_EQ(5, send(root, "after", 5, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(3, recv_msg(leaf[1], buf, sizeof(buf), NULL));
	ASSERT_STREQ("one", buf);
	/* MSG_PEEK keeps the message (spec recv: "The data is copied into
	 * the buffer but is not removed from the input queue"). */
	ASSERT_EQ(WS_READ, ws_wait(leaf[1], WS_READ, WAIT_MS));
	ASSERT_EQ(3, recv(leaf[1], buf, sizeof(buf), MSG_PEEK));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(3, recv_msg(leaf[1], buf, sizeof(buf), NULL));
	ASSERT_STREQ("two", buf);
	/*
	 * spec recv: "For message-oriented sockets, data is extracted from
	 * the first enqueued message, up to the size of the buffer supplied.
	 * If the datagram or message is larger than the buffer supplied, the
	 * buffer is filled with the first part of the datagram, and recv
	 * generates the error WSAEMSGSIZE. For unreliable protocols (for
	 * example, UDP) the excess data is lost; for reliable protocols, the
	 * data is retained by the service provider": uapi: the rest dropped.
	 */
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(WS_READ, ws_wait(leaf[1], WS_READ, WAIT_MS));
	ASSERT_WSAFAIL(WSAEMSGSIZE, recv(leaf[1], buf, 10, 0));
	ASSERT_EQ(0, memcmp(buf, "a message ", 10));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(5, recv_msg(leaf[1], buf, sizeof(buf), NULL));
	ASSERT_STREQ("after", buf);

	/* WSARecv: the same, WSAEMSGSIZE with the buffer filled (spec
	 * WSARecv: "If the MSG_PARTIAL feature is not supported ... WSARecv
	 * generates the error WSAEMSGSIZE"). leaf[1] read every message
	 * before this one. */
	ASSERT_EQ(40, send(root, "a message of forty bytes, to be cut off.", 40, 0));
	flags = 0;
	got = 0;
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(WS_READ, ws_wait(leaf[1], WS_READ, WAIT_MS));
	ASSERT_WSAFAIL(WSAEMSGSIZE, WSARecv(leaf[1], &wb, 1, &got, &flags, NULL, NULL));
	ASSERT_EQ(0, memcmp(buf, "a message ", 10));
	ASSERT_EQ(0, ws_wait(leaf[1], WS_READ, QUIET_MS));

	/* Leaf to root: recvfrom with a short buffer, the same; the next
	 * message is whole, from that leaf. */
	ASSERT_EQ(40, send(leaf[3], "a message of forty bytes, to be cut off.", 40, 0));
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	len = sizeof(from);
	memset(buf, 0, sizeof(buf));
	ASSERT_WSAFAIL(WSAEMSGSIZE, recvfrom(root, buf, 10, 0,
					     (struct sockaddr *)&from, &len));
	ASSERT_EQ(0, memcmp(buf, "a message ", 10));
	ASSERT_EQ(4, send(leaf[3], "next", 4, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, recv_msg(root, buf, sizeof(buf), &from));
	ASSERT_STREQ("next", buf);
	len = sizeof(name);
	ASSERT_EQ(0, getsockname(leaf[3], (struct sockaddr *)&name, &len));
	ASSERT_TRUE(ws_same_addr(&from, &name));

	/*
	 * spec send: WSAEMSGSIZE "The socket is message oriented, and the
	 * message is larger than the maximum supported by the underlying
	 * transport": SO_MAX_MSG_SIZE; a message of that size goes.
	 */
	ASSERT_WSAFAIL(WSAEMSGSIZE, send(root, big, sizeof(big), 0));
	ASSERT_WSAFAIL(WSAEMSGSIZE, send(leaf[1], big, sizeof(big), 0));
	ASSERT_EQ(RT_MAX_MSG, send_msg(leaf[1], big, RT_MAX_MSG))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(RT_MAX_MSG, recv_msg(root, got2, sizeof(got2), NULL));
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		closesocket(leaf[i]);
		closesocket(member[i]);
	}
	closesocket(root);
}

TEST_F(rt, leaf_closes)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1], mw;
	char buf[16];
	int i;

	root = session(_metadata, self, leaf, lw, member);
	watch_start(_metadata, &mw, member[1], FD_READ | FD_CLOSE);
	ASSERT_FALSE(watch_for(_metadata, &mw, FD_CLOSE_BIT, QUIET_MS));
	/*
	 * spec WSAJoinLeaf: "An FD_CLOSE indication will be received for this
	 * socket if the corresponding leaf node calls closesocket to drop out
	 * of the multipoint session" (error 0: uapi, LEAVE and FIN).
	 */
	ASSERT_EQ(0, closesocket(leaf[1]));
	ASSERT_TRUE(watch_for(_metadata, &mw, FD_CLOSE_BIT, WAIT_MS))
		TH_LOG("no FD_CLOSE on the membership socket");
	ASSERT_EQ(0, mw.err[FD_CLOSE_BIT]);
	/* The session goes on with the others (uapi: the leaf is out of the
	 * fan-out). */
	ASSERT_EQ(4, send(root, "rest", 4, 0)) TH_LOG("error %d", WSAGetLastError());
	for (i = 2; i <= NLEAVES; i++) {
		memset(buf, 0, sizeof(buf));
		ASSERT_EQ(4, recv_msg(leaf[i], buf, sizeof(buf), NULL));
		ASSERT_STREQ("rest", buf);
	}
	watch_stop(&mw);
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		if (i > 1)
			closesocket(leaf[i]);
		closesocket(member[i]);
	}
	closesocket(root);
}

TEST_F(rt, member_closes)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1];
	char buf[16];
	int i;

	root = session(_metadata, self, leaf, lw, member);
	ASSERT_FALSE(watch_for(_metadata, &lw[2], FD_CLOSE_BIT, QUIET_MS));
	/*
	 * spec WSAJoinLeaf: "invoking closesocket on the c_leaf socket
	 * returned from WSAJoinLeaf will cause the socket in the
	 * corresponding leaf node to get FD_CLOSE notification" (accept's
	 * is "a c_leaf socket descriptor just like those"); error 0, and
	 * recv returns 0 (uapi: "once the root left").
	 */
	ASSERT_EQ(0, closesocket(member[2]));
	ASSERT_TRUE(watch_for(_metadata, &lw[2], FD_CLOSE_BIT, WAIT_MS))
		TH_LOG("no FD_CLOSE at the leaf");
	ASSERT_EQ(0, lw[2].err[FD_CLOSE_BIT]);
	ASSERT_EQ(0, recv(leaf[2], buf, sizeof(buf), 0));
	/* The others stay. */
	ASSERT_FALSE(watch_for(_metadata, &lw[1], FD_CLOSE_BIT, QUIET_MS));
	ASSERT_EQ(2, send(root, "ok", 2, 0));
	ASSERT_EQ(2, recv_msg(leaf[1], buf, sizeof(buf), NULL));
	ASSERT_EQ(2, recv_msg(leaf[3], buf, sizeof(buf), NULL));
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		closesocket(leaf[i]);
		if (i != 2)
			closesocket(member[i]);
	}
	closesocket(root);
}

TEST_F(rt, root_closes)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1];
	char buf[16];
	int i;

	root = session(_metadata, self, leaf, lw, member);
	ASSERT_EQ(4, send(root, "last", 4, 0));
	/*
	 * spec multipoint: "the closing of a c_root socket will cause all the
	 * associated c_leaf sockets to get FD_CLOSE notification"; spec
	 * WSAJoinLeaf: "closesocket on a c_root socket to cause all of the
	 * associated c_leaf sockets ... and their corresponding c_leaf
	 * sockets in the remote leaf nodes, to get FD_CLOSE notification".
	 * What was sent before is still read, then recv returns 0 (uapi).
	 */
	ASSERT_EQ(0, closesocket(root));
	for (i = 1; i <= NLEAVES; i++) {
		ASSERT_TRUE(watch_for(_metadata, &lw[i], FD_CLOSE_BIT, WAIT_MS))
			TH_LOG("leaf %d: no FD_CLOSE", i);
		ASSERT_EQ(0, lw[i].err[FD_CLOSE_BIT]);
		ASSERT_EQ(4, recv_msg(leaf[i], buf, sizeof(buf), NULL));
		ASSERT_EQ(0, recv(leaf[i], buf, sizeof(buf), 0));
	}
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		closesocket(leaf[i]);
		closesocket(member[i]);
	}
}

TEST_F(rt, root_shutdown)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1], mw[NLEAVES + 1];
	int i;

	root = session(_metadata, self, leaf, lw, member);
	for (i = 1; i <= NLEAVES; i++)
		watch_start(_metadata, &mw[i], member[i], FD_READ | FD_CLOSE);
	/*
	 * spec multipoint: "A multipoint root application ... may use
	 * shutdown or closesocket on a c_root socket to cause all of the
	 * associated c_leaf sockets, including those returned from
	 * WSAJoinLeaf [and accept] and their corresponding c_leaf sockets in
	 * the remote leaf nodes, to get FD_CLOSE notification."
	 */
	ASSERT_EQ(0, shutdown(root, SD_BOTH)) TH_LOG("error %d", WSAGetLastError());
	for (i = 1; i <= NLEAVES; i++) {
		ASSERT_TRUE(watch_for(_metadata, &lw[i], FD_CLOSE_BIT, WAIT_MS))
			TH_LOG("leaf %d: no FD_CLOSE", i);
		ASSERT_TRUE(watch_for(_metadata, &mw[i], FD_CLOSE_BIT, WAIT_MS))
			TH_LOG("membership socket of leaf %d: no FD_CLOSE", i);
	}
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		watch_stop(&mw[i]);
		closesocket(leaf[i]);
		closesocket(member[i]);
	}
	closesocket(root);
}

TEST_F(rt, events)
{
	struct watch rw, lw;
	SOCKET root, leaf, plain, m;
	char buf[16];

	root = root_socket(_metadata, self);
	watch_start(_metadata, &rw, root, FD_ACCEPT | FD_READ | FD_CLOSE);
	/*
	 * spec multipoint: "The root application receives FD_ACCEPT when an
	 * incoming admittance request arrives"; uapi: "only once a
	 * connection's JOIN has arrived whole (not at the TCP handshake)".
	 * A plain TCP connection that asks nothing is no request: no
	 * FD_ACCEPT, nothing for accept.
	 */
	plain = plain_socket(_metadata, self, 1, SOCK_STREAM);
	ASSERT_EQ(0, connect(plain, (struct sockaddr *)&self->root_at[1], self->len))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_FALSE(watch_for(_metadata, &rw, FD_ACCEPT_BIT, 2 * QUIET_MS));
	ASSERT_WSAFAIL_SOCKET(WSAEWOULDBLOCK, accept(root, NULL, NULL));

	/* spec WSAJoinLeaf: nonblocking, WSAEWOULDBLOCK, then "an FD_CONNECT
	 * indication will be given when the join operation completes". */
	leaf = leaf_socket(_metadata, self, 2);
	join_nb(_metadata, self, &lw, 2, leaf, JL_BOTH);
	ASSERT_TRUE(watch_for(_metadata, &rw, FD_ACCEPT_BIT, WAIT_MS))
		TH_LOG("no FD_ACCEPT for the join request");
	ASSERT_EQ(0, rw.err[FD_ACCEPT_BIT]);
	/* Not admitted yet: no FD_CONNECT (the join is answered only after
	 * the root's decision). */
	ASSERT_FALSE(watch_for(_metadata, &lw, FD_CONNECT_BIT, QUIET_MS));
	m = accept(root, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("error %d", WSAGetLastError());
	ASSERT_TRUE(watch_for(_metadata, &lw, FD_CONNECT_BIT, WAIT_MS));
	ASSERT_EQ(0, lw.err[FD_CONNECT_BIT]);
	/* spec WSAEventSelect: FD_WRITE "after connect or accept" (uapi:
	 * "once joined"); FD_READ with a message. */
	ASSERT_TRUE(watch_for(_metadata, &lw, FD_WRITE_BIT, WAIT_MS));
	ASSERT_FALSE(watch_for(_metadata, &lw, FD_READ_BIT, QUIET_MS));
	ASSERT_EQ(2, send(root, "hi", 2, 0));
	ASSERT_TRUE(watch_for(_metadata, &lw, FD_READ_BIT, WAIT_MS));
	ASSERT_EQ(2, recv(leaf, buf, sizeof(buf), 0));
	ASSERT_FALSE(watch_for(_metadata, &rw, FD_READ_BIT, QUIET_MS));
	ASSERT_EQ(2, send(leaf, "yo", 2, 0));
	ASSERT_TRUE(watch_for(_metadata, &rw, FD_READ_BIT, WAIT_MS));
	ASSERT_EQ(2, recv(root, buf, sizeof(buf), 0));
	watch_stop(&lw);
	watch_stop(&rw);
	closesocket(plain);
	closesocket(m);
	closesocket(leaf);
	closesocket(root);
}

TEST_F(rt, join_errors)
{
	struct sockaddr_storage other, nowhere;
	struct cond_seen c = { .verdict = CF_ACCEPT };
	static char toolong[RT_MAX_CONNDATA + 1];
	WSABUF big = { sizeof(toolong), toolong };
	struct watch w;
	SOCKET root, leaf, plain, m, fresh;
	QOS qos;
	int len;

	root = root_socket(_metadata, self);
	leaf = leaf_socket(_metadata, self, 1);
	/*
	 * spec WSAJoinLeaf: "Only multipoint sockets created using WSASocket
	 * with appropriate multipoint flags set may be used": WSAEINVAL for
	 * a plain TCP socket (ws: an invalid argument, as for IP multicast).
	 */
	plain = plain_socket(_metadata, self, 1, SOCK_STREAM);
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAJoinLeaf(plain,
						     (struct sockaddr *)&self->root_at[1],
						     self->len, NULL, NULL, NULL,
						     NULL, JL_BOTH));
	/* dwFlags: JL_SENDER_ONLY, JL_RECEIVER_ONLY or JL_BOTH. */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAJoinLeaf(leaf,
						     (struct sockaddr *)&self->root_at[1],
						     self->len, NULL, NULL, NULL,
						     NULL, 0));
	/* spec: WSAEFAULT "The name or the namelen argument is not a valid
	 * part of the user address space, the namelen argument is too
	 * small, ... or the buffer length for lpCallerData is too large"
	 * (uapi: WS_RT_MAX_CONNDATA). */
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSAJoinLeaf(leaf, NULL, self->len, NULL,
						     NULL, NULL, NULL, JL_BOTH));
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSAJoinLeaf(leaf,
						     (struct sockaddr *)&self->root_at[1],
						     self->len - 1, NULL, NULL,
						     NULL, NULL, JL_BOTH));
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSAJoinLeaf(leaf,
						     (struct sockaddr *)&self->root_at[1],
						     self->len, &big, NULL,
						     NULL, NULL, JL_BOTH));
	/* spec: WSAEAFNOSUPPORT "Addresses in the specified family cannot be
	 * used with this socket". */
	len = ws_sockaddr(ws_other_af(self->af), false, PORT, &other);
	ASSERT_WSAFAIL_SOCKET(WSAEAFNOSUPPORT,
			      WSAJoinLeaf(leaf, (struct sockaddr *)&other,
					  len > self->len ? len : self->len, NULL,
					  NULL, NULL, NULL, JL_BOTH));
	/* spec: WSAEOPNOTSUPP "The flow specifications specified in lpSQOS
	 * and lpGQOS cannot be satisfied" (no XP1_QOS_SUPPORTED). */
	memset(&qos, 0, sizeof(qos));
	ASSERT_WSAFAIL_SOCKET(WSAEOPNOTSUPP,
			      WSAJoinLeaf(leaf, (struct sockaddr *)&self->root_at[1],
					  self->len, NULL, NULL, &qos, NULL, JL_BOTH));
	/* spec: WSAECONNREFUSED "The attempt to join was forcefully
	 * rejected": nobody listens on that port (uapi: "ECONNREFUSED
	 * (REJECT, or TCP refused)"). A new leaf, which nothing failed on. */
	fresh = leaf_socket(_metadata, self, 2);
	nowhere = self->root_at[2];
	ws_set_port(&nowhere, PORT + 1);
	ASSERT_WSAFAIL_SOCKET(WSAECONNREFUSED,
			      WSAJoinLeaf(fresh, (struct sockaddr *)&nowhere,
					  self->len, NULL, NULL, NULL,
					  NULL, JL_BOTH));
	closesocket(fresh);
	/*
	 * spec: "until the multipoint session join attempt completes all
	 * subsequent calls to WSAJoinLeaf on the same socket will fail with
	 * the error code WSAEALREADY"; once joined, WSAEISCONN "The socket
	 * is already member of the multipoint session".
	 */
	join_nb(_metadata, self, &w, 1, leaf, JL_BOTH);
	ASSERT_WSAFAIL_SOCKET(WSAEALREADY,
			      WSAJoinLeaf(leaf, (struct sockaddr *)&self->root_at[1],
					  self->len, NULL, NULL, NULL, NULL, JL_BOTH));
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	m = accept(root, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("error %d", WSAGetLastError());
	ASSERT_TRUE(watch_for(_metadata, &w, FD_CONNECT_BIT, WAIT_MS));
	ASSERT_EQ(0, w.err[FD_CONNECT_BIT]);
	ASSERT_WSAFAIL_SOCKET(WSAEISCONN,
			      WSAJoinLeaf(leaf, (struct sockaddr *)&self->root_at[1],
					  self->len, NULL, NULL, NULL, NULL, JL_BOTH));
	/* spec WSAAccept: WSAEINVAL "listen was not invoked prior to
	 * WSAAccept": a leaf does not listen. */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAAccept(leaf, NULL, NULL, condition,
						   (DWORD_PTR)&c));
	ASSERT_EQ(0, c.calls);
	watch_stop(&w);
	closesocket(m);
	closesocket(plain);
	closesocket(leaf);
	closesocket(root);
}

TEST_F(rt, join_flags)
{
	static const char hi[] = "welcome, sender";
	struct cond_seen c = { .verdict = CF_ACCEPT, .callee = hi };
	SOCKET root, snd, rcv, ms, mr;
	struct watch ws, wr;
	char buf[64];
	int len;

	root = root_socket(_metadata, self);
	snd = leaf_socket(_metadata, self, 1);
	rcv = leaf_socket(_metadata, self, 2);
	/*
	 * spec WSAJoinLeaf: "The dwFlags parameter is used to indicate
	 * whether the socket will be acting only as a sender
	 * (JL_SENDER_ONLY), only as a receiver (JL_RECEIVER_ONLY), or both";
	 * uapi: the root's sends go to the leaves "that receive (not
	 * WS_JL_SENDER_ONLY)", and a receiver-only leaf cannot send
	 * (ESHUTDOWN).
	 */
	join_nb(_metadata, self, &ws, 1, snd, JL_SENDER_ONLY);
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	ms = WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, ms) TH_LOG("error %d", WSAGetLastError());
	ASSERT_TRUE(watch_for(_metadata, &ws, FD_CONNECT_BIT, WAIT_MS));
	ASSERT_EQ(0, ws.err[FD_CONNECT_BIT]);
	/*
	 * spec WSAJoinLeaf: "For nonblocking sockets, [the lpCalleeData
	 * information will be valid] after the FD_CONNECT notification":
	 * libws gives it through getsockopt SO_CONNDATA (mswsock.h).
	 */
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(0, getsockopt(snd, SOL_SOCKET, SO_CONNDATA, buf, &len))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(strlen(hi), len);
	ASSERT_STREQ(hi, buf);
	join_nb(_metadata, self, &wr, 2, rcv, JL_RECEIVER_ONLY);
	c.callee = NULL;
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	mr = WSAAccept(root, NULL, NULL, condition, (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, mr) TH_LOG("error %d", WSAGetLastError());
	ASSERT_TRUE(watch_for(_metadata, &wr, FD_CONNECT_BIT, WAIT_MS));
	ASSERT_EQ(0, wr.err[FD_CONNECT_BIT]);
	/* No callee data: SO_CONNDATA reads none. */
	len = sizeof(buf);
	ASSERT_EQ(0, getsockopt(rcv, SOL_SOCKET, SO_CONNDATA, buf, &len));
	ASSERT_EQ(0, len);

	ASSERT_EQ(5, send(root, "to rx", 5, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(5, recv_msg(rcv, buf, sizeof(buf), NULL));
	ASSERT_STREQ("to rx", buf);
	ASSERT_EQ(0, ws_wait(snd, WS_READ, QUIET_MS));
	ASSERT_EQ(5, send(snd, "to rt", 5, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(5, recv_msg(root, buf, sizeof(buf), NULL));
	ASSERT_STREQ("to rt", buf);
	/* spec send: WSAESHUTDOWN "The socket has been shut down; it is not
	 * possible to send on a socket after shutdown has been invoked". */
	ASSERT_WSAFAIL(WSAESHUTDOWN, send(rcv, "no", 2, 0));
	watch_stop(&ws);
	watch_stop(&wr);
	closesocket(ms);
	closesocket(mr);
	closesocket(snd);
	closesocket(rcv);
	closesocket(root);
}

/* Receive exactly @len bytes on plain stream socket @s (nonblocking or not). */
static bool recv_all(SOCKET s, char *buf, int len)
{
	long end = ws_now_ms() + WAIT_MS;
	int got = 0, r;

	while (got < len && ws_now_ms() < end) {
		if (ws_wait(s, WS_READ, WAIT_MS) != WS_READ)
			return false;
		r = recv(s, buf + got, len - got, 0);
		if (r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK)
			continue;
		if (r <= 0)
			return false;
		got += r;
	}
	return got == len;
}

TEST_F(rt, wire_and_garbage)
{
	static const char caller[] = "wire check";
	unsigned char hdr[8 + 4 + sizeof(caller)];
	static const unsigned char bad[8] = { 0x57, 0x52, 9, 2, 0, 0, 0, 0 };
	struct sockaddr_storage any;
	struct watch pw, rw;
	SOCKET root, plain, fake, conn, leaf, m;
	struct mk mk = { self->af, SOCK_STREAM, IPPROTO_TCP, 0, true };
	struct join j;
	int len;

	/*
	 * uapi "Wire format": a leaf's join starts with JOIN: magic 0x5752,
	 * version 1, type 1, the payload's length; then the role (2, leaf),
	 * a reserved 0, the JL_* flags (big-endian), the caller data. A
	 * plain TCP socket plays the root here, in the root's namespace.
	 */
	fake = worker_call(&self->w[0], mk_socket, &mk);
	ASSERT_NE(INVALID_SOCKET, fake) TH_LOG("error %d", WSAGetLastError());
	leaf = leaf_socket(_metadata, self, 1);
	join_start(_metadata, self, &j, 1, leaf, caller);
	ASSERT_EQ(WS_READ, ws_wait(fake, WS_READ, WAIT_MS));
	len = sizeof(any);
	conn = accept(fake, (struct sockaddr *)&any, &len);
	ASSERT_NE(INVALID_SOCKET, conn) TH_LOG("error %d", WSAGetLastError());
	ASSERT_TRUE(recv_all(conn, (char *)hdr, sizeof(hdr) - 1));
	ASSERT_EQ(0x57, hdr[0]);
	ASSERT_EQ(0x52, hdr[1]);
	ASSERT_EQ(1, hdr[2]);
	ASSERT_EQ(1, hdr[3]);
	ASSERT_EQ(0, hdr[4]);
	ASSERT_EQ(0, hdr[5]);
	ASSERT_EQ(0, hdr[6]);
	ASSERT_EQ(4 + strlen(caller), hdr[7]);
	ASSERT_EQ(2, hdr[8]);
	ASSERT_EQ(0, hdr[9]);
	ASSERT_EQ(0, hdr[10]);
	ASSERT_EQ(JL_BOTH, hdr[11]);
	ASSERT_EQ(0, memcmp(hdr + 12, caller, strlen(caller)));
	/*
	 * uapi: a frame with a bad version is a protocol error: the
	 * connection is reset; the leaf's join fails as a TCP connect that
	 * was reset would (WSAECONNABORTED or WSAECONNRESET; spec WSAJoinLeaf
	 * lists neither, and the join failed all the same).
	 */
	ASSERT_EQ(8, send(conn, (const char *)bad, 8, 0));
	ASSERT_TRUE(join_end(&j));
	ASSERT_EQ(INVALID_SOCKET, j.ret);
	ASSERT_TRUE(j.error == WSAECONNABORTED || j.error == WSAECONNRESET)
		TH_LOG("error %d", j.error);
	closesocket(conn);
	closesocket(fake);
	closesocket(leaf);

	/*
	 * A plain TCP peer that sends the root garbage is cut off (uapi:
	 * "the connection is reset"): it sees FD_CLOSE with an error, the
	 * root no FD_ACCEPT, and a real leaf still joins after it.
	 */
	root = root_socket(_metadata, self);
	watch_start(_metadata, &rw, root, FD_ACCEPT);
	plain = plain_socket(_metadata, self, 2, SOCK_STREAM);
	ASSERT_EQ(0, connect(plain, (struct sockaddr *)&self->root_at[2], self->len));
	watch_start(_metadata, &pw, plain, FD_CLOSE | FD_READ);
	ASSERT_EQ(8, send(plain, (const char *)"GET / HTTP/1.0\r\n\r\n", 8, 0));
	ASSERT_TRUE(watch_for(_metadata, &pw, FD_CLOSE_BIT, WAIT_MS))
		TH_LOG("the garbage sender was not cut off");
	ASSERT_NE(0, pw.err[FD_CLOSE_BIT]);
	ASSERT_FALSE(watch_for(_metadata, &rw, FD_ACCEPT_BIT, QUIET_MS));
	leaf = leaf_socket(_metadata, self, 3);
	join_start(_metadata, self, &j, 3, leaf, NULL);
	ASSERT_TRUE(watch_for(_metadata, &rw, FD_ACCEPT_BIT, WAIT_MS));
	m = accept(root, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("error %d", WSAGetLastError());
	ASSERT_TRUE(join_end(&j));
	ASSERT_EQ(leaf, j.ret) TH_LOG("error %d", j.error);
	watch_stop(&pw);
	watch_stop(&rw);
	closesocket(m);
	closesocket(leaf);
	closesocket(plain);
	closesocket(root);
}

TEST_F(rt, root_invites)
{
	static const char invite[] = "an invitation from the root";
	static const char yes[] = "accepted by leaf 2";
	struct cond_seen c = { .verdict = CF_ACCEPT, .callee = yes };
	struct mk lm = { self->af, SOCK_SEQPACKET, IPPROTO_TCP,
			 MP_LEAF | WSA_FLAG_OVERLAPPED, true };
	struct sockaddr_storage at, from, name;
	struct watch lw, sw;
	SOCKET root, listener, joined, m;
	char buf[64];
	struct join j;
	int len;

	/*
	 * spec multipoint: "the root uses WSAJoinLeaf to initiate a connection
	 * with a leaf node and invite it to become a participant. On the leaf
	 * node, the peer application must have created a c_leaf socket and
	 * used listen to set it into listen mode. The leaf node will receive
	 * an FD_ACCEPT indication when invited to join the session, and
	 * signals its willingness to join by calling WSAAccept." spec
	 * WSAJoinLeaf: on a c_root "the returned socket descriptor is a c_leaf
	 * socket corresponding to the newly added leaf node"; on a blocking
	 * socket the call returns with the join's result and lpCalleeData.
	 */
	root = root_socket(_metadata, self);
	listener = worker_call(&self->w[2], mk_socket, &lm);
	ASSERT_NE(INVALID_SOCKET, listener) TH_LOG("leaf listener: error %d",
						  WSAGetLastError());
	watch_start(_metadata, &lw, listener, FD_ACCEPT);
	at = self->leaf_host[2];
	ws_set_port(&at, PORT);
	join_start_to(_metadata, self, &j, 2, root, invite, &at);
	ASSERT_TRUE(watch_for(_metadata, &lw, FD_ACCEPT_BIT, WAIT_MS))
		TH_LOG("no FD_ACCEPT at the invited leaf");
	ASSERT_FALSE(__atomic_load_n(&j.done, __ATOMIC_ACQUIRE));
	joined = WSAAccept(listener, NULL, NULL, condition, (DWORD_PTR)&c);
	ASSERT_NE(INVALID_SOCKET, joined) TH_LOG("WSAAccept: error %d", WSAGetLastError());
	/* spec WSAAccept: lpCallerId, "the address of the connecting entity"
	 * (the root, as the leaf reaches it), and its caller data. */
	ASSERT_EQ(1, c.calls);
	ASSERT_TRUE(same_host(&c.id, &self->root_at[2]));
	ASSERT_TRUE(c.caller_data);
	ASSERT_EQ(strlen(invite), c.data_len);
	ASSERT_EQ(0, memcmp(c.data, invite, strlen(invite)));
	ASSERT_TRUE(join_end(&j));
	m = j.ret;
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("WSAJoinLeaf: error %d", j.error);
	ASSERT_NE(root, m);
	ASSERT_EQ(strlen(yes), j.callee.len);
	ASSERT_EQ(0, memcmp(j.callee_buf, yes, strlen(yes)));
	/* The new socket's peer is the leaf. */
	len = sizeof(name);
	ASSERT_EQ(0, getpeername(m, (struct sockaddr *)&name, &len));
	ASSERT_TRUE(ws_same_addr(&name, &at));

	/*
	 * The invited leaf is in the session: the root's sends reach it
	 * (spec multipoint: "delivered to all the leaves"), its sends reach
	 * the root with its address, and closing the root's c_leaf socket
	 * gives it FD_CLOSE (spec WSAJoinLeaf: "invoking closesocket on the
	 * c_leaf socket returned from WSAJoinLeaf will cause the socket in
	 * the corresponding leaf node to get FD_CLOSE notification").
	 */
	watch_start(_metadata, &sw, joined, FD_READ | FD_CLOSE);
	ASSERT_EQ(6, send(root, "to all", 6, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(6, recv_msg(joined, buf, sizeof(buf), NULL));
	ASSERT_STREQ("to all", buf);
	ASSERT_EQ(8, send(joined, "invitee!", 8, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(8, recv_msg(root, buf, sizeof(buf), &from));
	ASSERT_STREQ("invitee!", buf);
	ASSERT_TRUE(ws_same_addr(&from, &at));
	ASSERT_EQ(0, closesocket(m));
	ASSERT_TRUE(watch_for(_metadata, &sw, FD_CLOSE_BIT, WAIT_MS))
		TH_LOG("no FD_CLOSE at the leaf");

	watch_stop(&sw);
	watch_stop(&lw);
	closesocket(joined);
	closesocket(listener);
	closesocket(root);
}

/* A nonblocking root's join of leaf 3, watched in @rw; the new socket. */
static SOCKET invite_nb(struct __test_metadata *_metadata, FIXTURE_DATA(rt) *self,
			SOCKET root, SOCKET listener, int verdict, struct watch *rw)
{
	struct cond_seen c = { .verdict = verdict };
	struct sockaddr_storage at = self->leaf_host[3];
	SOCKET m, joined;

	ws_set_port(&at, PORT);
	/*
	 * spec WSAJoinLeaf: "With a nonblocking socket, successful initiation
	 * of a join operation is indicated by a return of a valid socket
	 * descriptor. Subsequently, an FD_CONNECT indication will be given
	 * when the join operation completes, either successfully or
	 * otherwise" (on the root: spec multipoint, "The root application
	 * will receive an FD_CONNECT indication").
	 */
	WSASetLastError(POISON_ERR);
	m = WSAJoinLeaf(root, (struct sockaddr *)&at, self->len, NULL, NULL,
			NULL, NULL, JL_BOTH);
	ASSERT_NE(INVALID_SOCKET, m) TH_LOG("error %d", WSAGetLastError());
	ASSERT_NE(root, m);
	ASSERT_FALSE(watch_for(_metadata, rw, FD_CONNECT_BIT, QUIET_MS));
	ASSERT_EQ(WS_READ, ws_wait(listener, WS_READ, WAIT_MS));
	if (verdict == CF_REJECT) {
		ASSERT_WSAFAIL_SOCKET(WSAECONNREFUSED,
				      WSAAccept(listener, NULL, NULL, condition,
						(DWORD_PTR)&c));
	} else {
		joined = WSAAccept(listener, NULL, NULL, condition, (DWORD_PTR)&c);
		ASSERT_NE(INVALID_SOCKET, joined) TH_LOG("error %d", WSAGetLastError());
		closesocket(joined);
	}
	ASSERT_TRUE(watch_for(_metadata, rw, FD_CONNECT_BIT, WAIT_MS))
		TH_LOG("no FD_CONNECT on the root");
	ASSERT_EQ(verdict == CF_REJECT ? WSAECONNREFUSED : 0,
		  rw->err[FD_CONNECT_BIT]);
	watch_forget(rw, FD_CONNECT_BIT);
	return m;
}

TEST_F(rt, root_invites_nonblocking)
{
	struct mk lm = { self->af, SOCK_SEQPACKET, IPPROTO_TCP,
			 MP_LEAF | WSA_FLAG_OVERLAPPED, true };
	SOCKET root, listener, m;
	struct watch rw;

	root = root_socket(_metadata, self);
	listener = worker_call(&self->w[3], mk_socket, &lm);
	ASSERT_NE(INVALID_SOCKET, listener);
	watch_start(_metadata, &rw, root, FD_CONNECT | FD_READ);
	/* Refused (CF_REJECT): FD_CONNECT with WSAECONNREFUSED. */
	m = invite_nb(_metadata, self, root, listener, CF_REJECT, &rw);
	closesocket(m);
	watch_stop(&rw);
	closesocket(listener);
	closesocket(root);
}

TEST_F(rt, root_invites_twice)
{
	struct mk lm = { self->af, SOCK_SEQPACKET, IPPROTO_TCP,
			 MP_LEAF | WSA_FLAG_OVERLAPPED, true };
	SOCKET root, listener, m1, m2;
	struct watch rw;

	root = root_socket(_metadata, self);
	listener = worker_call(&self->w[3], mk_socket, &lm);
	ASSERT_NE(INVALID_SOCKET, listener);
	watch_start(_metadata, &rw, root, FD_CONNECT | FD_READ);
	/*
	 * spec WSAJoinLeaf: "A root application in a multipoint session may
	 * call WSAJoinLeaf one or more times in order to add a number of leaf
	 * nodes": each join ends with its own FD_CONNECT, a refused one
	 * (WSAECONNREFUSED) as an admitted one (0).
	 */
	m1 = invite_nb(_metadata, self, root, listener, CF_REJECT, &rw);
	m2 = invite_nb(_metadata, self, root, listener, CF_ACCEPT, &rw);
	closesocket(m1);
	closesocket(m2);
	watch_stop(&rw);
	closesocket(listener);
	closesocket(root);
}

TEST_F(rt, join_cancelled)
{
	SOCKET root, leaf;
	struct join j;

	root = root_socket(_metadata, self);
	leaf = leaf_socket(_metadata, self, 1);
	/*
	 * spec WSAJoinLeaf: WSAEINTR "The (blocking) call was canceled";
	 * spec closesocket: "Any pending blocking, asynchronous calls issued
	 * by any thread in this process are canceled"; uapi: the join is
	 * then abandoned and its connection reset.
	 */
	join_start(_metadata, self, &j, 1, leaf, "never answered");
	ASSERT_EQ(WS_READ, ws_wait(root, WS_READ, WAIT_MS));
	ASSERT_TRUE(ws_wait_blocked(&j.tid));
	ASSERT_EQ(0, closesocket(leaf));
	ASSERT_TRUE(join_end(&j)) TH_LOG("closesocket did not end the join");
	ASSERT_EQ(INVALID_SOCKET, j.ret);
	ASSERT_EQ(WSAEINTR, j.error);
	closesocket(root);
}

TEST_F(rt, overlapped_refused)
{
	SOCKET root, leaf[NLEAVES + 1], member[NLEAVES + 1];
	struct watch lw[NLEAVES + 1];
	WSAOVERLAPPED ov;
	char buf[16];
	WSABUF wb = { sizeof(buf), buf };
	DWORD n = 0, flags = 0;
	int i;

	root = session(_metadata, self, leaf, lw, member);
	/*
	 * uapi: overlapped operations "fail with EOPNOTSUPP on these
	 * sockets" (spec WSAEOPNOTSUPP, the operation is not supported for
	 * the type of object referenced); without an OVERLAPPED the same
	 * calls work (the other tests).
	 */
	memset(&ov, 0, sizeof(ov));
	ov.hEvent = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, ov.hEvent);
	ASSERT_WSAFAIL(WSAEOPNOTSUPP, WSARecv(leaf[1], &wb, 1, &n, &flags, &ov, NULL));
	ASSERT_WSAFAIL(WSAEOPNOTSUPP, WSASend(root, &wb, 1, &n, 0, &ov, NULL));
	WSACloseEvent(ov.hEvent);
	for (i = 1; i <= NLEAVES; i++) {
		watch_stop(&lw[i]);
		closesocket(leaf[i]);
		closesocket(member[i]);
	}
	closesocket(root);
}

TEST_HARNESS_MAIN
