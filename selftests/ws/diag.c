// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of what can be observed of ws from outside, through the raw
 * kernel ABI: the socket list of sock_diag, /proc/net/ws_stat, the
 * tracepoints, and the wsstat tool.
 *
 * Sources of the expectations:
 *  - "uapi": uapi/linux/ws.h, section "Observing ws" (the listing's fields
 *    and the counters), and its network-event rules (what the record holds
 *    after a given sequence of calls);
 *  - "sock_diag": Linux's convention for listing sockets, as inet_diag and
 *    unix_diag follow it (net/ipv4/inet_diag.c, net/unix/diag.c): a dump
 *    lists the sockets of the requesting socket's network namespace only,
 *    to any user of it, with the owner's uid and the TCP_* state numbers
 *    of include/net/tcp_states.h;
 *  - "tracepoints": kmod/ws_trace.h, the events' names and formats, as
 *    tracefs shows them (Documentation/trace/events.rst);
 *  - "WSAJoinLeaf": uapi/linux/ws.h, what a join does (a sender-only leaf
 *    joins no group, a receiving one does; the sock is not connected; an
 *    unbound socket is bound first), and the catalog's entries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

#define FD(bit)		(1u << WS_FD_##bit##_BIT)
#define WAIT_MS		5000
#define TCP_ESTABLISHED	1
#define TCP_CLOSE	7
#define TCP_LISTEN	10
#define KSFT_SKIP_RC	4

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t sock_id(int s)
{
	uint64_t id = 0;

	if (ioctl(s, WS_IOC_GET_ID, &id))
		return 0;
	return id;
}

static int create_event(int dev)
{
	struct ws_event_args a = { .fd = -1 };

	return ioctl(dev, WS_IOC_CREATE_EVENT, &a) ? -1 : a.fd;
}

static int create_port(int dev)
{
	struct ws_port_args a = { .fd = -1 };

	return ioctl(dev, WS_IOC_CREATE_PORT, &a) ? -1 : a.fd;
}

/* WS_IOC_WAIT on @n events for up to @ms; the index or -errno. */
static int wait_events(int dev, const int *fds, int n, uint64_t ms)
{
	struct ws_wait_args a = {
		.objs = (uintptr_t)fds, .count = n,
		.timeout = ms == ~0ull ? WS_TIMEOUT_INFINITE : now_ns() + ms * 1000000ull,
	};

	return ioctl(dev, WS_IOC_WAIT, &a) ? -errno : (int)a.index;
}

/* A pending overlapped receive into @buf; 0 if it pends, else -errno or 1. */
static int submit_recv(int s, uint64_t *ov, void *buf, uint32_t len)
{
	struct ws_iovec b = { .len = len, .buf = (uintptr_t)buf };
	struct ws_io io = {
		.op = WS_OP_RECV, .event_fd = -1, .dev_fd = -1,
		.ov = (uintptr_t)ov, .bufs = (uintptr_t)&b, .nbufs = 1,
	};

	if (!ioctl(s, WS_IOC_SUBMIT, &io))
		return 1;
	return errno == EINPROGRESS ? 0 : -errno;
}

static int bind_lo4(int s, struct sockaddr_in *a)
{
	socklen_t len = sizeof(*a);

	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (void *)a, sizeof(*a)))
		return -1;
	return getsockname(s, (void *)a, &len);
}

/* --- the listing ----------------------------------------------------------- */

struct rec {
	struct ws_diag_msg m;
	const char *has[WS_DIAG_MAX + 1];	/* non-NULL: the attribute came */
	struct sockaddr_in6 local, remote;	/* room for either family */
	struct ws_diag_events ev;
	struct ws_diag_async as;
	struct ws_diag_overlapped ov;
	struct ws_diag_port port;
	struct ws_diag_multipoint mp;
	struct sockaddr_in6 group;
};

#define MAX_RECS	256

/*
 * Dump the ws sockets of this namespace into @recs; the count, or -errno
 * (the error of the netlink answer). @flags: the request's nlmsg_flags.
 */
static int dump(int fam, uint32_t states, uint64_t ino, uint8_t proto,
		uint16_t flags, struct rec *recs)
{
	struct {
		struct nlmsghdr nlh;
		struct ws_diag_req req;
	} msg = {
		.nlh = { .nlmsg_len = sizeof(msg), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			 .nlmsg_flags = flags, .nlmsg_seq = 7 },
		.req = { .sdiag_family = fam, .sdiag_protocol = proto,
			 .wdiag_states = states, .wdiag_ino = ino },
	};
	static char buf[65536];
	int fd, n = 0, done = 0;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	if (send(fd, &msg, sizeof(msg), 0) != sizeof(msg)) {
		close(fd);
		return -EIO;
	}
	while (!done) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len <= 0) {
			n = -EIO;
			break;
		}
		for (h = (void *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			struct rec *r = &recs[n];
			struct nlattr *a;
			int rest;

			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				n = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				done = 1;
				break;
			}
			if (n == MAX_RECS)
				continue;
			memset(r, 0, sizeof(*r));
			memcpy(&r->m, NLMSG_DATA(h), sizeof(r->m));
			a = (void *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(r->m)));
			rest = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(r->m)));
			while (rest >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
			       a->nla_len <= rest) {
				unsigned int t = a->nla_type, plen = a->nla_len - NLA_HDRLEN;
				void *p = (char *)a + NLA_HDRLEN, *to = NULL;
				size_t room = 0;

				switch (t) {
				case WS_DIAG_LOCAL:
					to = &r->local; room = sizeof(r->local); break;
				case WS_DIAG_REMOTE:
					to = &r->remote; room = sizeof(r->remote); break;
				case WS_DIAG_EVENTS:
					to = &r->ev; room = sizeof(r->ev); break;
				case WS_DIAG_ASYNC:
					to = &r->as; room = sizeof(r->as); break;
				case WS_DIAG_OVERLAPPED:
					to = &r->ov; room = sizeof(r->ov); break;
				case WS_DIAG_PORT:
					to = &r->port; room = sizeof(r->port); break;
				case WS_DIAG_MULTIPOINT:
					to = &r->mp; room = sizeof(r->mp); break;
				case WS_DIAG_GROUP:
					to = &r->group; room = sizeof(r->group); break;
				}
				if (to) {
					memcpy(to, p, plen < room ? plen : room);
					r->has[t] = "yes";
				}
				rest -= NLA_ALIGN(a->nla_len);
				a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
			}
			n++;
		}
	}
	close(fd);
	return n;
}

static struct rec *find(struct rec *recs, int n, uint64_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (recs[i].m.wdiag_ino == id)
			return &recs[i];
	return NULL;
}

static struct rec recs[MAX_RECS];

FIXTURE(listing) {
	int fam, dev;
	int l, c, a, u6, u4, ev, q, port;
	struct sockaddr_in laddr, caddr;
	struct sockaddr_in6 u6addr, u6peer;
	uint64_t ov[4];
	char buf[64];
};

FIXTURE_SETUP(listing)
{
	struct ws_event_select es = { 0 };
	struct ws_async_select as = { 0 };
	struct ws_msgq_args qa = { .fd = -1 };
	struct ws_associate assoc = { 0 };
	socklen_t len = sizeof(self->caddr);

	self->l = self->c = self->a = self->u6 = self->u4 = -1;
	self->ev = self->q = self->port = self->dev = -1;
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);

	/* A listener, a connection to it, and the accepted socket. */
	self->l = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, self->l);
	ASSERT_EQ(0, bind_lo4(self->l, &self->laddr));
	ASSERT_EQ(0, listen(self->l, 4));
	self->c = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, self->c);
	ASSERT_EQ(0, connect(self->c, (void *)&self->laddr, sizeof(self->laddr)));
	ASSERT_EQ(0, getsockname(self->c, (void *)&self->caddr, &len));
	self->a = accept(self->l, NULL, NULL);
	ASSERT_LE(0, self->a);

	/*
	 * WSAEventSelect(FD_READ | FD_CLOSE) on the accepted socket, then data
	 * for it: FD_READ is recorded (uapi: network-event rules).
	 */
	self->ev = create_event(self->dev);
	ASSERT_LE(0, self->ev);
	es.event_fd = self->ev;
	es.mask = FD(READ) | FD(CLOSE);
	ASSERT_EQ(0, ioctl(self->a, WS_IOC_EVENT_SELECT, &es));
	ASSERT_EQ(5, send(self->c, "hello", 5, 0));
	ASSERT_EQ(0, wait_events(self->dev, &self->ev, 1, WAIT_MS));

	/*
	 * WSAAsyncSelect on the connecting socket: a connected stream
	 * socket records FD_WRITE at once (uapi: FD_WRITE "when the socket
	 * connects").
	 */
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CREATE_MSGQ, &qa));
	self->q = qa.fd;
	as.msgq_fd = self->q;
	as.hwnd = 0x1234;
	as.message = 0x401;
	as.mask = FD(READ) | FD(WRITE) | FD(CLOSE);
	ASSERT_EQ(0, ioctl(self->c, WS_IOC_ASYNC_SELECT, &as));

	/* A completion port with key 0x2a, and a receive that pends. */
	self->port = create_port(self->dev);
	ASSERT_LE(0, self->port);
	assoc.port_fd = self->port;
	assoc.key = 0x2a;
	ASSERT_EQ(0, ioctl(self->c, WS_IOC_ASSOCIATE, &assoc));
	ASSERT_EQ(0, submit_recv(self->c, self->ov, self->buf, sizeof(self->buf)));

	/* An IPv6 datagram socket with an association, and an idle IPv4 one. */
	self->u6 = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET6, 0));
	ASSERT_LE(0, self->u6);
	memset(&self->u6addr, 0, sizeof(self->u6addr));
	self->u6addr.sin6_family = AF_INET6;
	self->u6addr.sin6_addr = in6addr_loopback;
	ASSERT_EQ(0, bind(self->u6, (void *)&self->u6addr, sizeof(self->u6addr)));
	len = sizeof(self->u6addr);
	ASSERT_EQ(0, getsockname(self->u6, (void *)&self->u6addr, &len));
	self->u6peer = self->u6addr;
	self->u6peer.sin6_port = htons(9);
	ASSERT_EQ(0, connect(self->u6, (void *)&self->u6peer, sizeof(self->u6peer)));
	self->u4 = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, self->u4);
}

FIXTURE_TEARDOWN(listing)
{
	int fds[] = { self->l, self->c, self->a, self->u6, self->u4, self->ev,
		      self->q, self->port, self->dev };
	unsigned int i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static void check_in(struct __test_metadata *_metadata,
		     const struct sockaddr_in6 *got, const struct sockaddr_in *want)
{
	const struct sockaddr_in *sin = (const void *)got;

	ASSERT_EQ(AF_INET, sin->sin_family);
	ASSERT_EQ(want->sin_port, sin->sin_port);
	ASSERT_EQ(want->sin_addr.s_addr, sin->sin_addr.s_addr);
}

static void check_in6(struct __test_metadata *_metadata,
		      const struct sockaddr_in6 *got, const struct sockaddr_in6 *want)
{
	ASSERT_EQ(AF_INET6, got->sin6_family);
	ASSERT_EQ(want->sin6_port, got->sin6_port);
	ASSERT_EQ(0, memcmp(&want->sin6_addr, &got->sin6_addr, 16));
}

/* uapi and sock_diag: every field of every kind of socket. */
TEST_F(listing, fields)
{
	static const int32_t no_errors[WS_FD_MAX_EVENTS];
	struct rec *r;
	int n;

	n = dump(self->fam, 0, 0, 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_LE(5, n);

	/* The listener: bound, no peer, nothing selected, nothing pending. */
	r = find(recs, n, sock_id(self->l));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(self->fam, r->m.wdiag_family);
	EXPECT_EQ(AF_INET, r->m.wdiag_af);
	EXPECT_EQ(SOCK_STREAM, r->m.wdiag_type);
	EXPECT_EQ(TCP_LISTEN, r->m.wdiag_state);
	EXPECT_EQ(getuid(), r->m.wdiag_uid);
	ASSERT_NE(NULL, r->has[WS_DIAG_LOCAL]);
	check_in(_metadata, &r->local, &self->laddr);
	EXPECT_EQ(NULL, r->has[WS_DIAG_REMOTE]);
	EXPECT_EQ(NULL, r->has[WS_DIAG_MULTIPOINT]);	/* point to point */
	EXPECT_EQ(NULL, r->has[WS_DIAG_EVENTS]);
	EXPECT_EQ(NULL, r->has[WS_DIAG_ASYNC]);
	ASSERT_NE(NULL, r->has[WS_DIAG_OVERLAPPED]);
	EXPECT_EQ(0, r->ov.pending);
	EXPECT_EQ(NULL, r->has[WS_DIAG_PORT]);

	/* The accepted socket: its peer, WSAEventSelect's mask and record. */
	r = find(recs, n, sock_id(self->a));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(SOCK_STREAM, r->m.wdiag_type);
	EXPECT_EQ(TCP_ESTABLISHED, r->m.wdiag_state);
	check_in(_metadata, &r->local, &self->laddr);
	ASSERT_NE(NULL, r->has[WS_DIAG_REMOTE]);
	check_in(_metadata, &r->remote, &self->caddr);
	ASSERT_NE(NULL, r->has[WS_DIAG_EVENTS]);
	EXPECT_EQ(FD(READ) | FD(CLOSE), r->ev.mask);
	EXPECT_EQ(FD(READ), r->ev.pending);
	EXPECT_EQ(FD(READ), r->ev.reported);
	EXPECT_EQ(0, memcmp(no_errors, r->ev.errors, sizeof(no_errors)));
	EXPECT_EQ(NULL, r->has[WS_DIAG_ASYNC]);
	EXPECT_EQ(0, r->ov.pending);
	EXPECT_EQ(NULL, r->has[WS_DIAG_PORT]);

	/* The connecting socket: WSAAsyncSelect, a pending receive, a port. */
	r = find(recs, n, sock_id(self->c));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(TCP_ESTABLISHED, r->m.wdiag_state);
	check_in(_metadata, &r->local, &self->caddr);
	check_in(_metadata, &r->remote, &self->laddr);
	ASSERT_NE(NULL, r->has[WS_DIAG_EVENTS]);
	EXPECT_EQ(FD(READ) | FD(WRITE) | FD(CLOSE), r->ev.mask);
	EXPECT_EQ(FD(WRITE), r->ev.pending);
	EXPECT_EQ(FD(WRITE), r->ev.reported);
	ASSERT_NE(NULL, r->has[WS_DIAG_ASYNC]);
	EXPECT_EQ(0x1234, r->as.hwnd);
	EXPECT_EQ(0x401, r->as.message);
	ASSERT_NE(NULL, r->has[WS_DIAG_OVERLAPPED]);
	EXPECT_EQ(1, r->ov.pending);
	EXPECT_LE(1, r->ov.pages);
	ASSERT_NE(NULL, r->has[WS_DIAG_PORT]);
	EXPECT_EQ(0x2a, r->port.key);
	EXPECT_EQ(0, r->port.notify_modes);

	/* A datagram association: TCP_ESTABLISHED and the peer. */
	r = find(recs, n, sock_id(self->u6));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(AF_INET6, r->m.wdiag_af);
	EXPECT_EQ(SOCK_DGRAM, r->m.wdiag_type);
	EXPECT_EQ(TCP_ESTABLISHED, r->m.wdiag_state);
	check_in6(_metadata, &r->local, &self->u6addr);
	ASSERT_NE(NULL, r->has[WS_DIAG_REMOTE]);
	check_in6(_metadata, &r->remote, &self->u6peer);

	/* An unbound datagram socket: TCP_CLOSE, the zero address, no peer. */
	r = find(recs, n, sock_id(self->u4));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(AF_INET, r->m.wdiag_af);
	EXPECT_EQ(SOCK_DGRAM, r->m.wdiag_type);
	EXPECT_EQ(TCP_CLOSE, r->m.wdiag_state);
	ASSERT_NE(NULL, r->has[WS_DIAG_LOCAL]);
	EXPECT_EQ(AF_INET, ((struct sockaddr_in *)&r->local)->sin_family);
	EXPECT_EQ(0, ((struct sockaddr_in *)&r->local)->sin_port);
	EXPECT_EQ(0, ((struct sockaddr_in *)&r->local)->sin_addr.s_addr);
	EXPECT_EQ(NULL, r->has[WS_DIAG_REMOTE]);
	EXPECT_EQ(NULL, r->has[WS_DIAG_EVENTS]);
}

/* uapi: the listing follows the socket: the receive completes, enumerating
 * takes the record, cancelling the selection removes it.
 */
TEST_F(listing, follows)
{
	struct ws_network_events ne = { .event_fd = -1 };
	struct ws_event_select none = { .event_fd = -1 };
	uint64_t deadline = now_ns() + WAIT_MS * 1000000ull, aid;
	struct rec *r;
	int n;

	ASSERT_EQ(1, send(self->a, "x", 1, 0));
	do {
		n = dump(self->fam, 0, sock_id(self->c), 0,
			 NLM_F_REQUEST | NLM_F_DUMP, recs);
		ASSERT_EQ(1, n);
		r = &recs[0];
		if (!r->ov.pending)
			break;
		usleep(10000);
	} while (now_ns() < deadline);
	EXPECT_EQ(0, r->ov.pending);
	EXPECT_EQ(WS_STATUS_SUCCESS, self->ov[0]);

	ASSERT_EQ(0, ioctl(self->a, WS_IOC_ENUM_NETWORK_EVENTS, &ne));
	ASSERT_EQ(FD(READ), ne.events);
	n = dump(self->fam, 0, sock_id(self->a), 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_EQ(1, n);
	EXPECT_EQ(0, recs[0].ev.pending);
	EXPECT_EQ(FD(READ), recs[0].ev.reported);

	ASSERT_EQ(0, ioctl(self->a, WS_IOC_EVENT_SELECT, &none));
	n = dump(self->fam, 0, sock_id(self->a), 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_EQ(1, n);
	EXPECT_EQ(NULL, recs[0].has[WS_DIAG_EVENTS]);

	/* A closed socket is no longer listed. */
	aid = sock_id(self->a);
	ASSERT_EQ(0, close(self->a));
	self->a = -1;
	n = dump(self->fam, 0, 0, 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_LE(1, n);
	EXPECT_NE(NULL, find(recs, n, sock_id(self->c)));
	EXPECT_EQ(NULL, find(recs, n, aid));
}

/* uapi: selection by state and by id; a request that is not a dump. */
TEST_F(listing, request)
{
	uint64_t lid = sock_id(self->l);
	int i, n;

	n = dump(self->fam, 1u << TCP_LISTEN, 0, 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_LE(1, n);
	for (i = 0; i < n; i++)
		EXPECT_EQ(TCP_LISTEN, recs[i].m.wdiag_state);
	ASSERT_NE(NULL, find(recs, n, lid));
	EXPECT_EQ(NULL, find(recs, n, sock_id(self->c)));

	n = dump(self->fam, 0, lid, 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_EQ(1, n);
	EXPECT_EQ(lid, recs[0].m.wdiag_ino);

	EXPECT_EQ(-EINVAL, dump(self->fam, 0, 0, 1, NLM_F_REQUEST | NLM_F_DUMP, recs));
	EXPECT_EQ(-EOPNOTSUPP, dump(self->fam, 0, 0, 0, NLM_F_REQUEST, recs));
}

/* wsstat prints the fields of the listing (tools/wsstat/wsstat.c). */
TEST_F(listing, wsstat)
{
	char exe[PATH_MAX], cmd[PATH_MAX + 64], line[512], want[64];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash, *tok, *cols[13];
	int ntok;
	FILE *f;
	bool seen;

	ASSERT_LT(0, len);
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	ASSERT_NE(NULL, slash);
	*slash = '\0';
	/* build/selftests/ws_diag -> build/tools/wsstat */
	snprintf(cmd, sizeof(cmd), "%s/../tools/wsstat -H -i %llu", exe,
		 (unsigned long long)sock_id(self->c));
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f)) TH_LOG("%s printed nothing", cmd);
	EXPECT_EQ(NULL, fgets(want, sizeof(want), f));
	EXPECT_EQ(0, pclose(f));
	TH_LOG("%s", line);
	/* The columns, in wsstat's order. */
	for (ntok = 0, tok = strtok(line, " \n"); tok && ntok < 13;
	     tok = strtok(NULL, " \n"))
		cols[ntok++] = tok;
	ASSERT_EQ(13, ntok);
	snprintf(want, sizeof(want), "%llu", (unsigned long long)sock_id(self->c));
	EXPECT_STREQ(want, cols[0]);
	EXPECT_STREQ("tcp", cols[1]);
	EXPECT_STREQ("ESTAB", cols[2]);
	snprintf(want, sizeof(want), "127.0.0.1:%u", ntohs(self->caddr.sin_port));
	EXPECT_STREQ(want, cols[3]);
	snprintf(want, sizeof(want), "127.0.0.1:%u", ntohs(self->laddr.sin_port));
	EXPECT_STREQ(want, cols[4]);
	snprintf(want, sizeof(want), "%u", getuid());
	EXPECT_STREQ(want, cols[5]);
	EXPECT_STREQ("READ|WRITE|CLOSE", cols[6]);	/* selected */
	EXPECT_STREQ("WRITE", cols[7]);			/* recorded */
	EXPECT_STREQ("WRITE", cols[8]);			/* since re-enabled */
	EXPECT_STREQ("0x1234/0x401", cols[9]);
	EXPECT_STREQ("1", cols[10]);			/* pending */
	EXPECT_STREQ("0x2a", cols[11]);			/* completion key */
	EXPECT_STREQ("-", cols[12]);			/* not multipoint */

	snprintf(cmd, sizeof(cmd), "%s/../tools/wsstat -s", exe);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	seen = false;
	while (fgets(line, sizeof(line), f))
		seen |= !strncmp(line, "sockets: inuse ", 15);
	EXPECT_EQ(0, pclose(f));
	EXPECT_TRUE(seen);
}

/* --- namespaces -------------------------------------------------------------- */

/* build/selftests/ws_diag -> build/tools/wsstat; 0, or -1. */
static int wsstat_path(char *path, size_t size)
{
	char exe[PATH_MAX], *slash;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (len <= 0)
		return -1;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return snprintf(path, size, "%s/../tools/wsstat", exe) < (int)size ? 0 : -1;
}

/*
 * The ids (first column) of the sockets `wsstat -H` lists, at most @max;
 * their number, or -1 if wsstat failed.
 */
static int wsstat_ids(const char *wsstat, uint64_t *ids, int max)
{
	char cmd[PATH_MAX + 16], line[512];
	int n = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -H", wsstat);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (n < max)
			ids[n++] = strtoull(line, NULL, 10);
	return pclose(f) ? -1 : n;
}

/* Enter a new network namespace (with a user namespace if not root). */
static int enter_netns(void)
{
	if (!unshare(CLONE_NEWNET))
		return 0;
	return unshare(CLONE_NEWUSER | CLONE_NEWNET);
}

/* --- multipoint ------------------------------------------------------------ */

#define MP_LEAF		(WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF)
#define GROUP4		0xefff4d07u	/* 239.255.77.7, administratively scoped */

/*
 * The catalog_entry_id of the first entry of @af and @type that admits a
 * leaf (uapi: a socket with no WS_PROTOCOL_ENTRY gets that one), or 0.
 */
static uint32_t leaf_entry_id(int fd, int af, int type)
{
	struct ws_protocol_info info[16];
	struct ws_protocols p = { .entries = (uintptr_t)info, .max = 16 };
	unsigned int i;

	if (ioctl(fd, WS_IOC_PROTOCOLS, &p))
		return 0;
	for (i = 0; i < p.count && i < 16; i++)
		if (info[i].address_family == af && info[i].socket_type == type &&
		    (info[i].service_flags[0] & WS_XP1_SUPPORT_MULTIPOINT))
			return info[i].catalog_entry_id;
	return 0;
}

/*
 * A c_leaf/d_leaf UDP socket, its multicast interface the loopback one (no
 * route or privilege needed, uapi "WSAJoinLeaf"); -1 on an error.
 */
static int mp_leaf(int fam)
{
	uint32_t lo = htonl(INADDR_LOOPBACK);
	int s = socket(fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0) | MP_LEAF);

	if (s < 0)
		return -1;
	if (setsockopt(s, WS_IPPROTO_IP, WS_IP_MULTICAST_IF, &lo, sizeof(lo))) {
		close(s);
		return -1;
	}
	return s;
}

/* WSAJoinLeaf at the raw ABI: register, then connect to @group; -errno. */
static int join_leaf(int s, uint32_t flags, const struct sockaddr_in *group)
{
	struct ws_join_leaf j = { .flags = flags };

	if (ioctl(s, WS_IOC_JOIN_LEAF, &j))
		return -errno;
	return connect(s, (const void *)group, sizeof(*group)) ? -errno : 0;
}

/*
 * uapi: a multipoint socket is listed with its role, its catalog entry and
 * what WSAJoinLeaf did, and, once joined, the group; a sender-only leaf is
 * no member of it, a leaf that joins both ways is; neither is connected
 * (no peer), and both were bound first. wsstat prints the same.
 */
TEST(multipoint)
{
	struct sockaddr_in group = {
		.sin_family = AF_INET, .sin_addr.s_addr = htonl(GROUP4),
	};
	char wsstat[PATH_MAX], cmd[PATH_MAX + 64], line[512], want[96];
	int fam = ws_family(), both, sender, n;
	uint32_t entry;
	struct rec *r;
	FILE *f;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	ASSERT_EQ(0, wsstat_path(wsstat, sizeof(wsstat)));
	both = mp_leaf(fam);
	sender = mp_leaf(fam);
	ASSERT_LE(0, both);
	ASSERT_LE(0, sender);
	entry = leaf_entry_id(both, WS_AF_INET, SOCK_DGRAM);
	ASSERT_NE(0, entry);

	/* Not joined yet: the role and the entry, no group. */
	n = dump(fam, 0, sock_id(both), 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_EQ(1, n);
	r = &recs[0];
	ASSERT_NE(NULL, r->has[WS_DIAG_MULTIPOINT]);
	EXPECT_EQ(MP_LEAF, r->mp.role);
	EXPECT_EQ(0, r->mp.state);
	EXPECT_EQ(entry, r->mp.catalog_entry_id);
	EXPECT_EQ(0, r->mp.pad);
	EXPECT_EQ(NULL, r->has[WS_DIAG_GROUP]);

	group.sin_port = htons(42077);
	ASSERT_EQ(0, join_leaf(both, WS_JL_BOTH, &group));
	ASSERT_EQ(0, join_leaf(sender, WS_JL_SENDER_ONLY, &group));

	n = dump(fam, 0, sock_id(both), 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_EQ(1, n);
	r = &recs[0];
	EXPECT_EQ(WS_DIAG_MP_JOINED | WS_DIAG_MP_SEND | WS_DIAG_MP_RECV, r->mp.state);
	ASSERT_NE(NULL, r->has[WS_DIAG_GROUP]);
	check_in(_metadata, &r->group, &group);
	EXPECT_EQ(NULL, r->has[WS_DIAG_REMOTE]);	/* not connected */
	ASSERT_NE(NULL, r->has[WS_DIAG_LOCAL]);
	EXPECT_NE(0, ((struct sockaddr_in *)&r->local)->sin_port);	/* bound */

	n = dump(fam, 0, sock_id(sender), 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	ASSERT_EQ(1, n);
	r = &recs[0];
	EXPECT_EQ(WS_DIAG_MP_JOINED | WS_DIAG_MP_SEND, r->mp.state);
	ASSERT_NE(NULL, r->has[WS_DIAG_GROUP]);
	check_in(_metadata, &r->group, &group);

	/* wsstat's last column. */
	snprintf(cmd, sizeof(cmd), "%s -H -i %llu", wsstat,
		 (unsigned long long)sock_id(both));
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	EXPECT_EQ(0, pclose(f));
	snprintf(want, sizeof(want), " c_leaf|d_leaf=239.255.77.7:42077/both\n");
	EXPECT_NE(NULL, strstr(line, want)) TH_LOG("%s", line);
	close(sender);
	close(both);
}

/* As root, become uid 65534, an ordinary user; 0, or -1. */
static int become_nobody(void)
{
	if (geteuid())
		return 0;
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -1;
	return 0;
}

/*
 * What the caller sees of its namespace, through sock_diag and through
 * wsstat: @want listed (and nothing else if @only), @other not. 0, or 3
 * (sock_diag) or 4 (wsstat) for the check that failed.
 */
static int sees(int fam, const char *wsstat, uint64_t want, uint64_t other,
		bool only)
{
	uint64_t ids[64];
	bool listed = false;
	int n, i;

	n = dump(fam, 0, 0, 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
	if (!find(recs, n, want) || find(recs, n, other) || (only && n != 1))
		return 3;
	n = wsstat_ids(wsstat, ids, 64);
	if (n < 0 || (only && n != 1))
		return 4;
	for (i = 0; i < n; i++) {
		if (ids[i] == other)
			return 4;
		listed |= ids[i] == want;
	}
	return listed ? 0 : 4;
}

/*
 * sock_diag: a dump lists the sockets of the requester's namespace only.
 * A child in a new namespace and its parent each see their own socket and
 * not the other's, through sock_diag and through wsstat. They look as an
 * ordinary user (uid 65534 when the test runs as root): wsstat is open to
 * every user, as ss is.
 */
TEST(namespaces)
{
	int fam = ws_family(), s, to_parent[2], to_child[2], status, looked;
	uint64_t mine, theirs = 0;
	char go = 0, wsstat[PATH_MAX];
	pid_t pid, looker;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	ASSERT_EQ(0, wsstat_path(wsstat, sizeof(wsstat)));
	s = socket(fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, s);
	mine = sock_id(s);
	ASSERT_NE(0, mine);
	ASSERT_EQ(0, pipe(to_parent));
	ASSERT_EQ(0, pipe(to_child));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint64_t child_id;
		int cs, rc;

		close(s);
		if (enter_netns()) {
			child_id = 0;
			if (write(to_parent[1], &child_id, sizeof(child_id)) < 0)
				_exit(1);
			_exit(KSFT_SKIP_RC);
		}
		cs = socket(fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
		child_id = cs < 0 ? 0 : sock_id(cs);
		if (!child_id || become_nobody())
			_exit(2);
		/* Its one socket, not the parent's. */
		rc = sees(fam, wsstat, child_id, mine, true);
		if (write(to_parent[1], &child_id, sizeof(child_id)) < 0)
			rc = 1;
		/* The socket lives until the parent has looked. */
		if (read(to_child[0], &go, 1) != 1)
			rc = 1;
		_exit(rc);
	}
	ASSERT_EQ(sizeof(theirs), read(to_parent[0], &theirs, sizeof(theirs)));
	looked = 0;
	if (theirs) {
		/* The parent's namespace: its socket, not the child's. */
		looker = fork();
		ASSERT_LE(0, looker);
		if (looker == 0)
			_exit(become_nobody() ? 2 : sees(fam, wsstat, mine, theirs, false));
		ASSERT_EQ(looker, waitpid(looker, &looked, 0));
	}
	ASSERT_EQ(1, write(to_child[1], &go, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	close(s);
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == KSFT_SKIP_RC)
		SKIP(return, "cannot create a network namespace (%s)",
		     geteuid() ? "user namespaces refused to this user" : "no CLONE_NEWNET");
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("in the new namespace, %s is wrong",
		       WEXITSTATUS(status) == 4 ? "wsstat" : "sock_diag");
	ASSERT_TRUE(WIFEXITED(looked));
	EXPECT_EQ(0, WEXITSTATUS(looked))
		TH_LOG("in the first namespace, %s is wrong",
		       WEXITSTATUS(looked) == 4 ? "wsstat" : "sock_diag");
}

/* sock_diag: any user of the namespace sees every socket, with its owner. */
TEST(other_user)
{
	int fam = ws_family(), s, status;
	uint64_t id;
	pid_t pid;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	if (geteuid())
		SKIP(return, "needs root to act as a second user");
	s = socket(fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, s);
	id = sock_id(s);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct rec *r;
		int n;

		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(1);
		n = dump(fam, 0, 0, 0, NLM_F_REQUEST | NLM_F_DUMP, recs);
		r = find(recs, n, id);
		_exit(!r ? 2 : r->m.wdiag_uid != 0 ? 3 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	close(s);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* --- counters ---------------------------------------------------------------- */

struct ws_counters {
	long sockets, sockets_created, events, events_created, ports,
	     ports_created, ov_pending, ov_completed, waits, waits_total,
	     waits_timeouts, pwaits, pwaits_total, pwaits_timeouts;
};

/* /proc/net/ws_stat, in the format uapi describes; 0 or -1. */
static int read_counters(struct ws_counters *c)
{
	FILE *f = fopen("/proc/net/ws_stat", "r");
	int got = 0;

	if (!f)
		return -1;
	memset(c, 0xff, sizeof(*c));
	got += fscanf(f, "sockets: inuse %ld created %ld\n", &c->sockets,
		      &c->sockets_created);
	got += fscanf(f, "events: inuse %ld created %ld\n", &c->events,
		      &c->events_created);
	got += fscanf(f, "ports: inuse %ld created %ld\n", &c->ports,
		      &c->ports_created);
	got += fscanf(f, "overlapped: pending %ld completed %ld\n",
		      &c->ov_pending, &c->ov_completed);
	got += fscanf(f, "waits: active %ld total %ld timeouts %ld\n",
		      &c->waits, &c->waits_total, &c->waits_timeouts);
	got += fscanf(f, "portwaits: active %ld total %ld timeouts %ld\n",
		      &c->pwaits, &c->pwaits_total, &c->pwaits_timeouts);
	fclose(f);
	return got == 14 ? 0 : -1;
}

static int lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -1;
	ret = ioctl(fd, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	if (!ret)
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	close(fd);
	return ret;
}

struct waiter {
	int dev, ev, ret;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->ret = wait_events(w->dev, &w->ev, 1, ~0ull);
	return NULL;
}

/* Poll the counters until @cond holds (bounded); the last reading. */
#define COUNTERS_UNTIL(c, cond) ({					\
	uint64_t __end = now_ns() + WAIT_MS * 1000000ull;		\
	int __r;							\
	while (!(__r = read_counters(&(c))) && !(cond) && now_ns() < __end) \
		usleep(10000);						\
	__r;								\
})

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "# failed: %s (line %d)\n", #cond, __LINE__); return 10; } } while (0)

/* The counters' run, in a new namespace so that they start at zero. */
static int counters_child(int fam)
{
	struct ws_counters c;
	struct ws_port_wait pw = { 0 };
	struct ws_port_entry ent;
	struct sockaddr_in a1;
	struct waiter w;
	pthread_t th;
	int dev, u1, u2, e1, e2, port;
	uint64_t ov[4] = { 0 };
	char buf[16];

	if (enter_netns())
		return KSFT_SKIP_RC;
	CHECK(!lo_up());
	CHECK(!read_counters(&c));
	/* uapi: a new namespace has counted nothing. */
	CHECK(c.sockets == 0 && c.sockets_created == 0 && c.events == 0 &&
	      c.events_created == 0 && c.ports == 0 && c.ports_created == 0 &&
	      c.ov_pending == 0 && c.ov_completed == 0 && c.waits == 0 &&
	      c.waits_total == 0 && c.waits_timeouts == 0 && c.pwaits == 0 &&
	      c.pwaits_total == 0 && c.pwaits_timeouts == 0);

	dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	CHECK(dev >= 0);
	u1 = socket(fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	u2 = socket(fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	e1 = create_event(dev);
	e2 = create_event(dev);
	port = create_port(dev);
	CHECK(u1 >= 0 && u2 >= 0 && e1 >= 0 && e2 >= 0 && port >= 0);
	CHECK(!read_counters(&c));
	CHECK(c.sockets == 2 && c.sockets_created == 2);
	CHECK(c.events == 2 && c.events_created == 2);
	CHECK(c.ports == 1 && c.ports_created == 1);

	/* A receive that pends, then completes. */
	CHECK(!bind_lo4(u1, &a1));
	CHECK(submit_recv(u1, ov, buf, sizeof(buf)) == 0);
	CHECK(!read_counters(&c));
	CHECK(c.ov_pending == 1 && c.ov_completed == 0);
	CHECK(sendto(u2, "x", 1, 0, (void *)&a1, sizeof(a1)) == 1);
	CHECK(!COUNTERS_UNTIL(c, c.ov_completed == 1));
	CHECK(c.ov_pending == 0 && c.ov_completed == 1);

	/* A wait in progress, then satisfied; a wait that times out. */
	w.dev = dev;
	w.ev = e1;
	w.ret = -1;
	CHECK(!pthread_create(&th, NULL, wait_thread, &w));
	CHECK(!COUNTERS_UNTIL(c, c.waits == 1));
	CHECK(c.waits == 1 && c.waits_total == 1);
	CHECK(!ioctl(e1, WS_IOC_EVENT_SET));
	CHECK(!pthread_join(th, NULL));
	CHECK(w.ret == 0);
	CHECK(wait_events(dev, &e2, 1, 0) == -ETIMEDOUT);
	CHECK(!read_counters(&c));
	CHECK(c.waits == 0 && c.waits_total == 2 && c.waits_timeouts == 1);

	/* GetQueuedCompletionStatus on an empty port, polling. */
	pw.entries = (uintptr_t)&ent;
	pw.port_fd = port;
	pw.max = 1;
	CHECK(ioctl(dev, WS_IOC_PORT_WAIT, &pw) == -1 && errno == ETIMEDOUT);
	CHECK(!read_counters(&c));
	CHECK(c.pwaits == 0 && c.pwaits_total == 1 && c.pwaits_timeouts == 1);

	/* Everything closed: the gauges are back to zero, the totals stay. */
	close(u1);
	close(u2);
	close(e1);
	close(e2);
	close(port);
	CHECK(!COUNTERS_UNTIL(c, c.sockets == 0));
	CHECK(c.sockets == 0 && c.sockets_created == 2);
	CHECK(c.events == 0 && c.events_created == 2);
	CHECK(c.ports == 0 && c.ports_created == 1);
	close(dev);
	return 0;
}

/* uapi: /proc/net/ws_stat counts the namespace's objects, and only its. */
TEST(counters)
{
	struct ws_counters before, after;
	int fam = ws_family(), status;
	pid_t pid;

	if (fam < 0)
		SKIP(return, "ws module not loaded");
	ASSERT_EQ(0, read_counters(&before));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(counters_child(fam));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	if (WEXITSTATUS(status) == KSFT_SKIP_RC)
		SKIP(return, "cannot create a network namespace");
	ASSERT_EQ(0, WEXITSTATUS(status));
	/* Nothing of the child's namespace was counted here. */
	ASSERT_EQ(0, read_counters(&after));
	EXPECT_EQ(before.sockets_created, after.sockets_created);
	EXPECT_EQ(before.events_created, after.events_created);
	EXPECT_EQ(before.ports_created, after.ports_created);
	EXPECT_EQ(before.waits_total, after.waits_total);
}

/* --- tracepoints --------------------------------------------------------------- */

static char trace_dir[256];

/* The tracefs mount, mounted if need be; NULL if there is none. */
static const char *tracefs(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char p[PATH_MAX];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/instances", dirs[i]);
		if (!access(p, F_OK))
			return dirs[i];
	}
	if (!mount("tracefs", dirs[0], "tracefs", 0, NULL))
		return dirs[0];
	return NULL;
}

/* The instance's trace so far (static buffer). */
static const char *read_trace(void)
{
	static char text[1 << 20];
	char p[PATH_MAX];
	ssize_t n, at = 0;
	int fd;

	snprintf(p, sizeof(p), "%s/trace", trace_dir);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return "";
	while (at < (ssize_t)sizeof(text) - 1 &&
	       (n = read(fd, text + at, sizeof(text) - 1 - at)) > 0)
		at += n;
	close(fd);
	text[at] = '\0';
	return text;
}

#define EXPECT_TRACED(fmt, ...) do {					\
	char __want[256];						\
	snprintf(__want, sizeof(__want), fmt, ##__VA_ARGS__);		\
	EXPECT_NE(NULL, strstr(read_trace(), __want))			\
		TH_LOG("no \"%s\" in the trace:\n%s", __want, read_trace()); \
} while (0)

FIXTURE(trace) {
	int fam, dev;
	bool on;
	bool record_cmd_off;	/* we turned the global option off */
};

/*
 * With the global option record-cmd on (the default, and an instance
 * inherits it when made), enabling an event also hooks the scheduler's
 * sched_switch tracepoint to record command names, and disabling it
 * unhooks it: each time, the kernel patches the call site in __schedule()
 * that every CPU runs all the time. In the emulated (TCG) guest that
 * patching has crashed the stock 6.12 kernel (an int3 Oops in __schedule
 * on the other CPU). These tests need no command names, so the option is
 * off while they run; only the ws events' own sites are patched.
 */
/* Turn the global option off if it is on: true if this did. */
static bool record_cmd_off(const char *t)
{
	char p[PATH_MAX], c = 0;
	int fd;

	snprintf(p, sizeof(p), "%s/options/record-cmd", t);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == '1' && !write_file(p, "0");
}

FIXTURE_SETUP(trace)
{
	const char *t;
	char p[PATH_MAX];

	self->on = false;
	self->dev = -1;
	self->record_cmd_off = false;
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	if (geteuid())
		SKIP(return, "tracefs needs root");
	t = tracefs();
	if (!t)
		SKIP(return, "no tracefs in this kernel");
	self->record_cmd_off = record_cmd_off(t);
	/* An instance of our own: its buffer and events do not touch others'. */
	snprintf(trace_dir, sizeof(trace_dir), "%s/instances/ws_diag_%d", t, getpid());
	ASSERT_EQ(0, mkdir(trace_dir, 0700)) TH_LOG("mkdir %s: %m", trace_dir);
	self->on = true;
	snprintf(p, sizeof(p), "%s/events/ws/enable", trace_dir);
	ASSERT_EQ(0, write_file(p, "1")) TH_LOG("%s: %m (tracepoints missing?)", p);
	self->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);
}

FIXTURE_TEARDOWN(trace)
{
	char p[PATH_MAX];

	if (self->dev >= 0)
		close(self->dev);
	if (!self->on)
		return;
	snprintf(p, sizeof(p), "%s/events/ws/enable", trace_dir);
	write_file(p, "0");
	rmdir(trace_dir);
	if (self->record_cmd_off) {
		snprintf(p, sizeof(p), "%s/options/record-cmd", tracefs());
		write_file(p, "1");
	}
}

/* A connected pair (@c connects, @a is accepted); 0 or -1. */
static int tcp_pair(int fam, int *c, int *a)
{
	struct sockaddr_in la;
	int l = socket(fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));

	*c = *a = -1;
	if (l < 0 || bind_lo4(l, &la) || listen(l, 1))
		return -1;
	*c = socket(fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	if (*c < 0 || connect(*c, (void *)&la, sizeof(la)))
		return -1;
	*a = accept(l, NULL, NULL);
	close(l);
	return *a < 0 ? -1 : 0;
}

/* tracepoints: the record's three events. */
TEST_F(trace, netevent)
{
	struct ws_event_select es = { 0 };
	struct ws_network_events ne = { .event_fd = -1 };
	int c, a, ev;
	uint64_t id;
	char buf[8];

	ASSERT_EQ(0, tcp_pair(self->fam, &c, &a));
	id = sock_id(a);
	ev = create_event(self->dev);
	ASSERT_LE(0, ev);
	es.event_fd = ev;
	es.mask = FD(READ);
	ASSERT_EQ(0, ioctl(a, WS_IOC_EVENT_SELECT, &es));
	ASSERT_EQ(3, send(c, "abc", 3, 0));
	ASSERT_EQ(0, wait_events(self->dev, &ev, 1, WAIT_MS));
	EXPECT_TRACED("ws_netevent_record: sock=%llu event=READ error=0 to=event",
		      (unsigned long long)id);
	ASSERT_EQ(0, ioctl(a, WS_IOC_ENUM_NETWORK_EVENTS, &ne));
	EXPECT_TRACED("ws_netevent_report: sock=%llu events=READ",
		      (unsigned long long)id);
	ASSERT_EQ(3, recv(a, buf, sizeof(buf), 0));
	EXPECT_TRACED("ws_netevent_reenable: sock=%llu events=READ|OOB",
		      (unsigned long long)id);
	close(ev);
	close(a);
	close(c);
}

/* tracepoints: set, reset, and a wait satisfied by its second event. */
TEST_F(trace, event_objects)
{
	const char *reset;
	int evs[2];

	evs[0] = create_event(self->dev);
	evs[1] = create_event(self->dev);
	ASSERT_LE(0, evs[0]);
	ASSERT_LE(0, evs[1]);
	ASSERT_EQ(0, ioctl(evs[1], WS_IOC_EVENT_SET));
	EXPECT_TRACED("ws_event_set: ev=");
	EXPECT_NE(NULL, strstr(read_trace(), " was=0"));
	ASSERT_EQ(1, wait_events(self->dev, evs, 2, WAIT_MS));
	EXPECT_TRACED("ws_wait_begin: count=2 flags= timeout=");
	EXPECT_TRACED("ws_wait_end: index=1 apc=0 error=0");
	ASSERT_EQ(0, ioctl(evs[1], WS_IOC_EVENT_RESET));
	reset = strstr(read_trace(), "ws_event_reset: ev=");
	ASSERT_NE(NULL, reset) TH_LOG("no ws_event_reset in the trace");
	EXPECT_NE(NULL, strstr(reset, " was=1"));
	ASSERT_EQ(-ETIMEDOUT, wait_events(self->dev, evs, 1, 0));
	EXPECT_TRACED("ws_wait_end: index=-1 apc=0 error=%d", -ETIMEDOUT);
	close(evs[0]);
	close(evs[1]);
}

/* tracepoints: completions, at once and later, and a port's packets. */
TEST_F(trace, overlapped_port)
{
	struct ws_associate assoc = { .key = 0x77 };
	struct ws_port_wait pw = { 0 };
	struct ws_port_entry ent;
	uint64_t ov1[4] = { 0 }, ov2[4] = { 0 }, id;
	char buf1[16], buf2[16];
	int c, a, port;

	ASSERT_EQ(0, tcp_pair(self->fam, &c, &a));
	id = sock_id(c);
	port = create_port(self->dev);
	ASSERT_LE(0, port);
	assoc.port_fd = port;
	ASSERT_EQ(0, ioctl(c, WS_IOC_ASSOCIATE, &assoc));

	/* Pends, then completes with 4 bytes. */
	ASSERT_EQ(0, submit_recv(c, ov1, buf1, sizeof(buf1)));
	ASSERT_EQ(4, send(a, "abcd", 4, 0));
	pw.entries = (uintptr_t)&ent;
	pw.port_fd = port;
	pw.max = 1;
	pw.timeout = now_ns() + WAIT_MS * 1000000ull;
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_PORT_WAIT, &pw));
	ASSERT_EQ(1, pw.count);
	EXPECT_TRACED("ws_ov_complete: sock=%llu op=RECV ov=0x%llx status=0x00000000 bytes=4 now=0",
		      (unsigned long long)id, (unsigned long long)(uintptr_t)ov1);
	EXPECT_TRACED("ws_port_post: port=");
	EXPECT_TRACED(" key=0x77 ov=0x%llx status=0x00000000 bytes=4",
		      (unsigned long long)(uintptr_t)ov1);
	EXPECT_TRACED("ws_port_dequeue: port=");

	/* Data already there: completes at once. */
	ASSERT_EQ(2, send(a, "ef", 2, 0));
	usleep(100000);
	ASSERT_EQ(1, submit_recv(c, ov2, buf2, sizeof(buf2)));
	EXPECT_TRACED("ws_ov_complete: sock=%llu op=RECV ov=0x%llx status=0x00000000 bytes=2 now=1",
		      (unsigned long long)id, (unsigned long long)(uintptr_t)ov2);
	close(port);
	close(a);
	close(c);
}

/* tracepoints: a join carried out, and one refused (not a group). */
TEST_F(trace, mp_join)
{
	struct sockaddr_in group = {
		.sin_family = AF_INET, .sin_port = htons(42078),
		.sin_addr.s_addr = htonl(GROUP4),
	};
	int s = mp_leaf(self->fam), t = mp_leaf(self->fam);
	uint64_t id;

	ASSERT_LE(0, s);
	ASSERT_LE(0, t);
	id = sock_id(s);
	ASSERT_EQ(0, join_leaf(s, WS_JL_BOTH, &group));
	EXPECT_TRACED("ws_mp_join: sock=%llu flags=BOTH group=239.255.77.7:42078 error=0",
		      (unsigned long long)id);
	/* uapi: a unicast address is EADDRNOTAVAIL. */
	group.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ASSERT_EQ(-EADDRNOTAVAIL, join_leaf(t, WS_JL_SENDER_ONLY, &group));
	EXPECT_TRACED("ws_mp_join: sock=%llu flags=SENDER_ONLY group=127.0.0.1:42078 error=%d",
		      (unsigned long long)sock_id(t), -EADDRNOTAVAIL);
	close(t);
	close(s);
}

TEST_HARNESS_MAIN
