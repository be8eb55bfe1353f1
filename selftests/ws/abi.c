// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the ws socket family's kernel ABI (uapi/linux/ws.h), with
 * raw syscalls and no libws: socket creation arguments, the family
 * parameter, Winsock address numbering, readiness driven by the lower
 * socket's callbacks (a waiter proven blocked before it is woken), and the
 * module reference held by open sockets.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

/* A listening socket on loopback and its address. */
static int ws_listener(int fam, int af, struct sockaddr_storage *ss,
		       socklen_t *len)
{
	struct sockaddr_in6 a6 = {
		.sin6_family = AF_INET6,
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct sockaddr_in a4 = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(fam, SOCK_STREAM, WS_PROTOCOL(af, 0));

	if (fd < 0)
		return -1;
	if ((af == WS_AF_INET6 ? bind(fd, (void *)&a6, sizeof(a6)) :
				 bind(fd, (void *)&a4, sizeof(a4))) ||
	    listen(fd, 4)) {
		close(fd);
		return -1;
	}
	*len = sizeof(*ss);
	if (getsockname(fd, (void *)ss, len)) {
		close(fd);
		return -1;
	}
	return fd;
}

FIXTURE(abi) {
	int fam;
};

FIXTURE_SETUP(abi)
{
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded (%s unreadable)",
		     WS_FAMILY_PARAM_PATH);
}

FIXTURE_TEARDOWN(abi)
{
}

/*
 * A ws socket (created in the family of the parameter) holds an ordinary
 * UDP or TCP sock, so that the kernel's security modules, ss and netfilter
 * see what it is: Linux's SO_DOMAIN and SO_PROTOCOL report the inet family
 * and protocol (uapi/linux/ws.h, "Creating a socket"). A ws ioctl tells a ws
 * socket from a native one.
 */
TEST_F(abi, socket_holds_an_inet_sock)
{
	int fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET6, 0));
	int native = socket(AF_INET6, SOCK_DGRAM, 0);
	int dom = -1, proto = -1;
	socklen_t len = sizeof(dom);
	__u64 id = 0;

	ASSERT_LE(0, fd);
	ASSERT_LE(0, native);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len));
	EXPECT_EQ(AF_INET6, dom);
	len = sizeof(proto);
	ASSERT_EQ(0, getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len));
	EXPECT_EQ(IPPROTO_UDP, proto);
	EXPECT_EQ(0, ioctl(fd, WS_IOC_GET_ID, &id));
	EXPECT_NE(0, id);
	EXPECT_EQ(-1, ioctl(native, WS_IOC_GET_ID, &id));
	close(native);
	close(fd);
}

TEST_F(abi, create_rejects_bad_arguments)
{
	errno = 0;
	EXPECT_EQ(-1, socket(self->fam, SOCK_STREAM, WS_PROTOCOL(10, 0)));
	EXPECT_EQ(EAFNOSUPPORT, errno);	/* Linux's AF_INET6 is not Winsock's */
	EXPECT_EQ(-1, socket(self->fam, SOCK_STREAM, 0));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	EXPECT_EQ(-1, socket(self->fam, SOCK_RAW, WS_PROTOCOL(WS_AF_INET, 0)));
	EXPECT_EQ(ESOCKTNOSUPPORT, errno);
	EXPECT_EQ(-1, socket(self->fam, SOCK_DGRAM,
			     WS_PROTOCOL(WS_AF_INET, IPPROTO_TCP)));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	/* uapi: a multipoint role needs one role of each plane. */
	EXPECT_EQ(-1, socket(self->fam, SOCK_STREAM,
			     WS_PROTOCOL(WS_AF_INET, 0) | 0x01000000));
	EXPECT_EQ(EINVAL, errno);
	/* uapi: WS_PROTOCOL_ENTRY(n) names an entry that exists. */
	EXPECT_EQ(-1, socket(self->fam, SOCK_STREAM,
			     WS_PROTOCOL(WS_AF_INET, 0) | WS_PROTOCOL_ENTRY(15)));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
}

TEST_F(abi, create_accepts_nonblock_and_cloexec)
{
	int fd = socket(self->fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			WS_PROTOCOL(WS_AF_INET6, IPPROTO_TCP));

	ASSERT_LE(0, fd);
	EXPECT_TRUE(fcntl(fd, F_GETFL) & O_NONBLOCK);
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

/*
 * Addresses carry Linux's AF_INET6 (10), which the security modules check;
 * Winsock's (23) is refused, so that no address escapes their checks
 * (uapi/linux/ws.h, "Addresses").
 */
TEST_F(abi, inet6_addresses_use_linux_numbering)
{
	struct sockaddr_in6 win = {
		.sin6_family = WS_AF_INET6,
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	struct sockaddr_storage ss;
	socklen_t len;
	int l, c;

	memset(&ss, 0xa5, sizeof(ss));
	l = ws_listener(self->fam, WS_AF_INET6, &ss, &len);
	ASSERT_LE(0, l);
	EXPECT_EQ(AF_INET6, ss.ss_family);
	EXPECT_EQ(sizeof(struct sockaddr_in6), len);

	c = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET6, 0));
	ASSERT_LE(0, c);
	win.sin6_port = ((struct sockaddr_in6 *)&ss)->sin6_port;
	EXPECT_EQ(-1, connect(c, (void *)&win, sizeof(win)));
	EXPECT_EQ(EAFNOSUPPORT, errno);
	/* bind page: a wrong address format is WSAEFAULT */
	EXPECT_EQ(-1, bind(c, (void *)&win, sizeof(win)));
	EXPECT_EQ(EFAULT, errno);
	close(c);
	close(l);
}

struct ws_poller {
	int fd;
	pid_t tid;
	int ret;
	short revents;
};

static void *ws_poll_thread(void *arg)
{
	struct ws_poller *p = arg;
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

	p->tid = syscall(SYS_gettid);
	p->ret = poll(&pfd, 1, 10000);
	p->revents = pfd.revents;
	return NULL;
}

/* Readiness comes from the lower socket's data_ready callback. */
TEST_F(abi, poll_waiter_woken_by_data)
{
	struct ws_poller p = { .tid = 0 };
	struct sockaddr_storage ss;
	pthread_t thread;
	socklen_t len;
	int l, c, s, i;

	l = ws_listener(self->fam, WS_AF_INET, &ss, &len);
	ASSERT_LE(0, l);
	c = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, c);
	ASSERT_EQ(0, connect(c, (void *)&ss, len));
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);

	p.fd = s;
	p.ret = -2;
	ASSERT_EQ(0, pthread_create(&thread, NULL, ws_poll_thread, &p));
	for (i = 0; i < 1000 && !(__atomic_load_n(&p.tid, __ATOMIC_ACQUIRE) &&
				  thread_sleeping(p.tid)); i++)
		usleep(1000);
	usleep(10000);
	ASSERT_TRUE(thread_sleeping(p.tid));
	EXPECT_EQ(-2, __atomic_load_n(&p.ret, __ATOMIC_ACQUIRE));

	ASSERT_EQ(1, send(c, "x", 1, 0));
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(1, p.ret);
	EXPECT_TRUE(p.revents & POLLIN);
	close(s);
	close(c);
	close(l);
}

/* epoll, too, sees readiness and the listener's pending connection. */
TEST_F(abi, epoll_sees_accept_and_data)
{
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct sockaddr_storage ss;
	socklen_t len;
	int ep, l, c, s;

	l = ws_listener(self->fam, WS_AF_INET6, &ss, &len);
	ASSERT_LE(0, l);
	ep = epoll_create1(0);
	ASSERT_LE(0, ep);
	ev.data.fd = l;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &out, 1, 0));

	c = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET6, 0));
	ASSERT_LE(0, c);
	ASSERT_EQ(0, connect(c, (void *)&ss, len));
	ASSERT_EQ(1, epoll_wait(ep, &out, 1, 5000));
	EXPECT_EQ(l, out.data.fd);
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);

	ev.data.fd = s;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	ASSERT_EQ(2, send(c, "hi", 2, 0));
	for (;;) {
		ASSERT_EQ(1, epoll_wait(ep, &out, 1, 5000));
		if (out.data.fd == s)
			break;
	}
	close(ep);
	close(s);
	close(c);
	close(l);
}

struct ws_blocked {
	int fd;
	int accept;	/* else recv */
	pid_t tid;
	int ret, err;
};

static void *ws_blocked_thread(void *arg)
{
	struct ws_blocked *b = arg;
	char c;

	__atomic_store_n(&b->tid, syscall(SYS_gettid), __ATOMIC_RELEASE);
	b->ret = b->accept ? accept(b->fd, NULL, NULL) : recv(b->fd, &c, 1, 0);
	b->err = errno;
	return NULL;
}

static int ws_wait_blocked(struct ws_blocked *b)
{
	int i;

	for (i = 0; i < 2000; i++) {
		pid_t tid = __atomic_load_n(&b->tid, __ATOMIC_ACQUIRE);

		if (tid && thread_sleeping(tid)) {
			usleep(20000);
			if (thread_sleeping(tid))
				return 1;
		}
		usleep(1000);
	}
	return 0;
}

/*
 * closesocket page: "Any pending blocking ... calls issued by any thread in
 * this process are canceled". WS_IOC_CANCEL_BLOCKING is what libws calls
 * before close(2); blocked accept and recv fail with EINTR (WSAEINTR).
 */
TEST_F(abi, cancel_blocking_wakes_accept_and_recv)
{
	struct ws_blocked ba = { .accept = 1 }, br = { .accept = 0 };
	struct sockaddr_storage ss;
	pthread_t ta, tr;
	socklen_t len;
	int l, c, s;

	l = ws_listener(self->fam, WS_AF_INET, &ss, &len);
	ASSERT_LE(0, l);
	c = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));
	ASSERT_LE(0, c);
	ASSERT_EQ(0, connect(c, (void *)&ss, len));
	s = accept(l, NULL, NULL);
	ASSERT_LE(0, s);

	ba.fd = l;
	br.fd = s;
	ASSERT_EQ(0, pthread_create(&ta, NULL, ws_blocked_thread, &ba));
	ASSERT_EQ(0, pthread_create(&tr, NULL, ws_blocked_thread, &br));
	ASSERT_TRUE(ws_wait_blocked(&ba));
	ASSERT_TRUE(ws_wait_blocked(&br));

	ASSERT_EQ(0, ioctl(l, WS_IOC_CANCEL_BLOCKING));
	ASSERT_EQ(0, ioctl(s, WS_IOC_CANCEL_BLOCKING));
	pthread_join(ta, NULL);
	pthread_join(tr, NULL);
	EXPECT_EQ(-1, ba.ret);
	EXPECT_EQ(EINTR, ba.err);
	EXPECT_EQ(-1, br.ret);
	EXPECT_EQ(EINTR, br.err);
	close(s);
	close(c);
	close(l);
}

/* The module cannot go away while a ws socket exists. */
TEST_F(abi, module_pinned_by_open_socket)
{
	int fd = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET, 0));

	ASSERT_LE(0, fd);
	errno = 0;
	EXPECT_EQ(-1, syscall(SYS_delete_module, "ws", O_NONBLOCK));
	if (errno == EPERM) {
		close(fd);
		SKIP(return, "delete_module needs CAP_SYS_MODULE");
	}
	EXPECT_EQ(EWOULDBLOCK, errno);
	close(fd);
}

TEST_HARNESS_MAIN
