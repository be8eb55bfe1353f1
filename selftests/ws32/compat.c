// SPDX-License-Identifier: GPL-2.0
/*
 * The ws ABI from a 32-bit process: the Windows-compatibility layers that
 * run 32-bit Windows programs are 32-bit processes, and every ioctl of the
 * socket, of /dev/ws and of its objects must work for them as for 64-bit
 * callers (uapi/linux/ws.h: every argument has one layout for both).
 * Built with -m32 -static into ws_compat32.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/sockios.h>
#include <linux/ws.h>

#include "kselftest_harness.h"

#define FD_BIT(b)	(1u << WS_FD_##b##_BIT)

static int ws_family(void)
{
	FILE *f = fopen(WS_FAMILY_PARAM_PATH, "r");
	int fam = -1;

	if (f) {
		if (fscanf(f, "%d", &fam) != 1)
			fam = -1;
		fclose(f);
	}
	return fam;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

FIXTURE(compat) {
	int fam, dev, l, c, s;
};

FIXTURE_SETUP(compat)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(a);

	ASSERT_EQ(4, sizeof(long)) TH_LOG("not a 32-bit build");
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded");
	self->dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->dev);
	self->l = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, self->l);
	ASSERT_EQ(0, bind(self->l, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(0, listen(self->l, 4));
	ASSERT_EQ(0, getsockname(self->l, (struct sockaddr *)&a, &len));
	self->c = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, self->c);
	ASSERT_EQ(0, connect(self->c, (struct sockaddr *)&a, len));
	self->s = accept(self->l, NULL, NULL);
	ASSERT_LE(0, self->s);
}

FIXTURE_TEARDOWN(compat)
{
	close(self->s);
	close(self->c);
	close(self->l);
	close(self->dev);
}

/* WSAEventSelect, WSAWaitForMultipleEvents, WSAEnumNetworkEvents, FIONREAD. */
TEST_F(compat, socket_ioctls)
{
	struct ws_event_args ea = { .fd = -1 };
	struct ws_event_select sel = { .mask = FD_BIT(READ) };
	struct ws_network_events ne;
	struct ws_wait_args w = { .count = 1 };
	__u64 id = 0;
	__u32 on = 1;
	int ev, n = -1, mark = -1;

	ASSERT_EQ(0, ioctl(self->s, WS_IOC_GET_ID, &id));
	EXPECT_NE(0, id);
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CREATE_EVENT, &ea));
	ev = ea.fd;
	sel.event_fd = ev;
	ASSERT_EQ(0, ioctl(self->s, WS_IOC_EVENT_SELECT, &sel));
	ASSERT_EQ(0, ioctl(self->s, WS_IOC_SET_NONBLOCK, &on));

	ASSERT_EQ(3, send(self->c, "abc", 3, 0));
	w.objs = (uintptr_t)&ev;
	w.timeout = now_ns() + 5000000000ull;
	w.index = 0xdead;
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_WAIT, &w));
	EXPECT_EQ(0, w.index);

	memset(&ne, 0xa5, sizeof(ne));
	ne.event_fd = ev;
	ASSERT_EQ(0, ioctl(self->s, WS_IOC_ENUM_NETWORK_EVENTS, &ne));
	EXPECT_TRUE(ne.events & FD_BIT(READ));
	EXPECT_EQ(0, ne.errors[WS_FD_READ_BIT]);
	ASSERT_EQ(0, ioctl(self->s, FIONREAD, &n));
	EXPECT_EQ(3, n);
	/* Winsock SIOCATMARK: TRUE when no urgent data waits. */
	ASSERT_EQ(0, ioctl(self->s, SIOCATMARK, &mark));
	EXPECT_EQ(1, mark);
	EXPECT_EQ(0, ioctl(self->s, WS_IOC_CLOSECHECK));
	close(ev);
}

/* WSAAsyncSelect's queue, a message posted and taken, and APCs. */
TEST_F(compat, device_objects)
{
	struct ws_msgq_args qa = { .fd = -1 };
	struct ws_async_select as = { .message = 0x401, .hwnd = 0x1234,
				      .mask = FD_BIT(READ) };
	struct ws_msg m = { .hwnd = 5, .message = 0x400, .wparam = 1,
			    .lparam = 2 };
	struct ws_msgq_get g;
	struct ws_apc_args apc = { .func = 0x11, .args = { 1, 2, 3 },
				   .tid = syscall(SYS_gettid) };
	__u32 set = 0;
	struct ws_event_args ea = { .flags = WS_EVENT_SIGNALED, .fd = -1 };

	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CREATE_EVENT, &ea));
	ASSERT_EQ(0, ioctl(ea.fd, WS_IOC_EVENT_READ, &set));
	EXPECT_EQ(1, set);
	ASSERT_EQ(0, ioctl(ea.fd, WS_IOC_EVENT_RESET));
	ASSERT_EQ(0, ioctl(ea.fd, WS_IOC_EVENT_READ, &set));
	EXPECT_EQ(0, set);
	close(ea.fd);

	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CREATE_MSGQ, &qa));
	ASSERT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_POST, &m));
	memset(&g, 0, sizeof(g));
	g.flags = WS_MSGQ_REMOVE;
	ASSERT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_GET, &g));
	EXPECT_EQ(5, g.msg.hwnd);
	EXPECT_EQ(2, g.msg.lparam);

	as.msgq_fd = qa.fd;
	ASSERT_EQ(0, ioctl(self->s, WS_IOC_ASYNC_SELECT, &as));
	ASSERT_EQ(1, send(self->c, "x", 1, 0));
	memset(&g, 0, sizeof(g));
	g.flags = WS_MSGQ_REMOVE | WS_MSGQ_WAIT;
	g.timeout = now_ns() + 5000000000ull;
	ASSERT_EQ(0, ioctl(qa.fd, WS_IOC_MSGQ_GET, &g));
	EXPECT_EQ(0x1234, g.msg.hwnd);
	EXPECT_EQ(FD_BIT(READ), g.msg.lparam & 0xffff);

	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_QUEUE_APC, &apc));
	memset(&apc, 0, sizeof(apc));
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_DEQUEUE_APC, &apc));
	EXPECT_EQ(0x11, apc.func);
	EXPECT_EQ(3, apc.args[2]);
	close(qa.fd);
}

/*
 * The protocol catalog (WS_IOC_PROTOCOLS on the device and a socket,
 * WS_WSO_PROTOCOL_INFO) and a multicast leaf's join registration
 * (WS_IOC_JOIN_LEAF): their pointers are __u64, as a 64-bit caller's.
 */
TEST_F(compat, catalog_and_join)
{
	struct ws_protocol_info info[8], one;
	struct ws_protocols p = { .entries = (uintptr_t)info, .max = 8 };
	struct ws_join_leaf j = { .flags = WS_JL_BOTH };
	socklen_t len = sizeof(one);
	int leaf;

	memset(info, 0, sizeof(info));
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_PROTOCOLS, &p));
	ASSERT_EQ(6, p.count);
	EXPECT_EQ(1001, info[0].catalog_entry_id);
	EXPECT_EQ(1004, info[3].catalog_entry_id);
	EXPECT_EQ(1006, info[5].catalog_entry_id);
	p.count = 0;
	ASSERT_EQ(0, ioctl(self->s, WS_IOC_PROTOCOLS, &p));
	ASSERT_EQ(6, p.count);
	ASSERT_EQ(0, getsockopt(self->s, WS_SOL_WS, WS_WSO_PROTOCOL_INFO, &one,
				&len));
	EXPECT_EQ(0, memcmp(&one, &info[0], sizeof(one)));

	leaf = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0) |
		      WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF);
	ASSERT_LE(0, leaf);
	ASSERT_EQ(0, ioctl(leaf, WS_IOC_JOIN_LEAF, &j));
	j.flags = 0;
	ASSERT_EQ(0, ioctl(leaf, WS_IOC_JOIN_LEAF, &j));
	close(leaf);
}

/*
 * WSAAccept's conditional accept (WS_IOC_ACCEPT_COND, whose info pointer
 * is a __u64, and WS_IOC_ACCEPT_VERDICT): one layout for 32-bit callers.
 * The fixture's listener gets a second connection; it is claimed,
 * described (the peer is that client), deferred, claimed again and
 * accepted.
 */
TEST_F(compat, conditional_accept)
{
	struct sockaddr_in a, peer;
	socklen_t len = sizeof(a), plen = sizeof(peer);
	struct ws_accept_info info;
	struct ws_accept_cond cond = { .info = (uintptr_t)&info };
	struct ws_accept_verdict v = { .verdict = WS_CF_DEFER };
	int c2, fd;

	ASSERT_EQ(0, getsockname(self->l, (struct sockaddr *)&a, &len));
	c2 = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, c2);
	ASSERT_EQ(0, connect(c2, (struct sockaddr *)&a, len));
	ASSERT_EQ(0, getsockname(c2, (struct sockaddr *)&peer, &plen));

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &cond));
	EXPECT_EQ(-1, accept4(self->l, NULL, NULL, 0));
	ASSERT_EQ(EINPROGRESS, errno);
	ASSERT_EQ(sizeof(struct sockaddr_in), info.peer_len);
	EXPECT_EQ(0, memcmp(info.peer, &peer, sizeof(peer)));
	v.cookie = info.cookie;
	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_VERDICT, &v));

	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_COND, &cond));
	EXPECT_EQ(-1, accept4(self->l, NULL, NULL, 0));
	ASSERT_EQ(EINPROGRESS, errno);
	v.cookie = info.cookie;
	v.verdict = WS_CF_ACCEPT;
	v.fd = -1;
	ASSERT_EQ(0, ioctl(self->l, WS_IOC_ACCEPT_VERDICT, &v));
	ASSERT_LE(0, v.fd);
	fd = v.fd;
	ASSERT_EQ(2, send(c2, "ok", 2, 0));
	EXPECT_EQ(2, recv(fd, &a, 2, 0));
	close(fd);
	close(c2);
}

/* WSADuplicateSocket into the process itself, and the claim. */
TEST_F(compat, duplicate_and_claim)
{
	struct ws_dup_args d = { .fd = self->s, .pid = (__u32)getpid() };
	struct ws_claim_args c = { .fd = -1 };
	char buf[3];
	int t;

	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_DUPLICATE, &d));
	EXPECT_NE(0u, d.token);
	c.token = d.token;
	c.flags = O_CLOEXEC;
	ASSERT_EQ(0, ioctl(self->dev, WS_IOC_CLAIM, &c));
	t = c.fd;
	ASSERT_LE(0, t);
	EXPECT_EQ(FD_CLOEXEC, fcntl(t, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(-1, ioctl(self->dev, WS_IOC_CLAIM, &c));
	EXPECT_EQ(ENOENT, errno);
	/* One socket: what the peer sends is read through the new one. */
	close(self->s);
	self->s = t;
	ASSERT_EQ(3, send(self->c, "xyz", 3, 0));
	ASSERT_EQ(3, recv(t, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "xyz", 3));
}

/*
 * Rooted multipoint's ioctls (uapi "Rooted multipoint"): struct
 * ws_rt_join, ws_rt_join_info, ws_rt_verdict and ws_rt_conndata carry
 * their pointers as __u64, with the 64-bit layout, for a 32-bit caller.
 */
TEST_F(compat, rooted_join)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(a);
	char caller[8] = "caller", buf[16];
	struct ws_rt_join j = {
		.caller_data = (uintptr_t)caller,
		.caller_len = 6,
		.flags = WS_JL_BOTH,
		.root_fd = -1,
	};
	struct ws_rt_join_info info = { .caller_data = (uintptr_t)buf,
					.caller_max = sizeof(buf) };
	struct ws_rt_verdict v = { .callee_data = (uintptr_t)"callee",
				   .callee_len = 6, .verdict = WS_CF_ACCEPT };
	struct ws_rt_conndata c = { .buf = (uintptr_t)buf, .max = sizeof(buf) };
	struct pollfd p = { .events = POLLIN };
	int root, leaf, member, tries, err;

	ASSERT_EQ(24, sizeof(j));
	ASSERT_EQ(96, sizeof(info));
	ASSERT_EQ(24, sizeof(v));
	ASSERT_EQ(16, sizeof(c));
	root = socket(self->fam, SOCK_SEQPACKET, WS_PROTOCOL(WS_AF_INET, 0) |
		      WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_D_ROOT);
	ASSERT_LE(0, root);
	ASSERT_EQ(0, bind(root, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(0, listen(root, 4));
	ASSERT_EQ(0, getsockname(root, (struct sockaddr *)&a, &len));
	leaf = socket(self->fam, SOCK_SEQPACKET | SOCK_NONBLOCK,
		      WS_PROTOCOL(WS_AF_INET, 0) | WS_PROTOCOL_MP_C_LEAF |
		      WS_PROTOCOL_MP_D_LEAF);
	ASSERT_LE(0, leaf);
	ASSERT_EQ(0, ioctl(leaf, WS_IOC_RT_JOIN, &j));
	ASSERT_EQ(-1, connect(leaf, (struct sockaddr *)&a, len));
	ASSERT_EQ(EWOULDBLOCK, errno);
	/* The root is blocking: accept waits for the JOIN, then PEEK sees it. */
	p.fd = root;
	ASSERT_EQ(1, poll(&p, 1, 5000));
	tries = 500;	/* 5 s */
	do {
		memset(buf, 0, sizeof(buf));
		usleep(10000);
	} while ((err = ioctl(root, WS_IOC_RT_PEEK, &info) ? errno : 0) ==
		 EWOULDBLOCK && --tries);
	ASSERT_EQ(0, err);
	ASSERT_EQ(6, info.caller_len);
	ASSERT_STREQ("caller", buf);
	EXPECT_EQ(sizeof(struct sockaddr_in), info.peer_len);
	EXPECT_EQ(sizeof(struct sockaddr_in), info.local_len);
	EXPECT_EQ(0, memcmp(info.local, &a, sizeof(a)));
	v.cookie = info.cookie;
	ASSERT_EQ(0, ioctl(root, WS_IOC_RT_VERDICT, &v));
	member = accept(root, NULL, NULL);
	ASSERT_LE(0, member);
	tries = 500;
	do {
		memset(buf, 0, sizeof(buf));
		usleep(10000);
	} while (ioctl(leaf, WS_IOC_RT_CONNDATA, &c) && errno == ENOTCONN &&
		 --tries);
	EXPECT_EQ(6, c.len);
	EXPECT_STREQ("callee", buf);
	close(member);
	close(leaf);
	close(root);
}

TEST_HARNESS_MAIN
