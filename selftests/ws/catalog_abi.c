// SPDX-License-Identifier: GPL-2.0
/*
 * Selftests of the protocol catalog and of multipoint sockets through the
 * raw kernel ABI (uapi/linux/ws.h, "The protocol catalog", "Creating a
 * socket" and "WSAJoinLeaf"), without libws: WS_IOC_PROTOCOLS on /dev/ws
 * and on a socket, WS_WSO_PROTOCOL_INFO, the multipoint role and entry
 * bits of socket(2), and the registration of a join that the thread's
 * connect(2) carries out. What Windows reports for each entry is tested
 * through libws (catalog_test.c); here, what the kernel promises.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/ws.h>

#include "kselftest_harness.h"
#include "ws_abi.h"

#define N_ENTRIES	6
#define LEAF		(WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_LEAF)
#define POISON		0xa5

static bool all_poison(const void *p, size_t len)
{
	const unsigned char *c = p;

	while (len--)
		if (*c++ != POISON)
			return false;
	return true;
}

FIXTURE(cat) {
	int fam;
};

FIXTURE_SETUP(cat)
{
	self->fam = ws_family();
	if (self->fam < 0)
		SKIP(return, "ws module not loaded (%s unreadable)",
		     WS_FAMILY_PARAM_PATH);
}

FIXTURE_TEARDOWN(cat)
{
}

/* WS_IOC_PROTOCOLS on @fd into @out (room for @max); the count, or -errno. */
static int protocols(int fd, struct ws_protocol_info *out, __u32 max)
{
	struct ws_protocols args = { .entries = (uintptr_t)out, .max = max,
				     .count = 0xdeadbeef };

	if (ioctl(fd, WS_IOC_PROTOCOLS, &args))
		return -errno;
	return (int)args.count;
}

/*
 * uapi "The protocol catalog": WS_IOC_PROTOCOLS copies the first min(max,
 * count) entries and always reports the count; max 0 only counts. The
 * entries, in catalog order: ids 1001-1004, TCP and UDP over IPv4, then
 * over IPv6, then 1005 and 1006, rooted multipoint (SOCK_SEQPACKET over
 * TCP) over IPv4 and IPv6 ("Rooted multipoint": both planes rooted).
 */
TEST_F(cat, protocols_on_a_socket)
{
	static const struct { int id, af, type, proto; } want[N_ENTRIES] = {
		{ 1001, WS_AF_INET, SOCK_STREAM, IPPROTO_TCP },
		{ 1002, WS_AF_INET, SOCK_DGRAM, IPPROTO_UDP },
		{ 1003, WS_AF_INET6, SOCK_STREAM, IPPROTO_TCP },
		{ 1004, WS_AF_INET6, SOCK_DGRAM, IPPROTO_UDP },
		{ 1005, WS_AF_INET, SOCK_SEQPACKET, IPPROTO_TCP },
		{ 1006, WS_AF_INET6, SOCK_SEQPACKET, IPPROTO_TCP },
	};
	struct ws_protocol_info buf[N_ENTRIES + 2];
	int fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	int i;

	ASSERT_LE(0, fd);
	memset(buf, POISON, sizeof(buf));
	ASSERT_EQ(N_ENTRIES, protocols(fd, buf, 0));
	ASSERT_TRUE(all_poison(buf, sizeof(buf)));
	ASSERT_EQ(N_ENTRIES, protocols(fd, buf, 2));
	ASSERT_TRUE(all_poison(&buf[2], sizeof(buf) - 2 * sizeof(buf[0])));
	ASSERT_EQ(N_ENTRIES, protocols(fd, buf, N_ENTRIES + 2));
	ASSERT_TRUE(all_poison(&buf[N_ENTRIES], 2 * sizeof(buf[0])));
	for (i = 0; i < N_ENTRIES; i++) {
		EXPECT_EQ(want[i].id, buf[i].catalog_entry_id);
		EXPECT_EQ(want[i].af, buf[i].address_family);
		EXPECT_EQ(want[i].type, buf[i].socket_type);
		EXPECT_EQ(want[i].proto, buf[i].protocol);
		EXPECT_EQ(1, buf[i].chain_len);
		EXPECT_NE(0, buf[i].name[0]);
		EXPECT_EQ(0, buf[i].name[WS_PROTOCOL_NAME_LEN - 1]);
		/*
		 * UDP is IP multicast: multipoint, neither plane rooted;
		 * SOCK_SEQPACKET is rooted multipoint, both planes rooted.
		 */
		EXPECT_EQ(want[i].type != SOCK_STREAM,
			  !!(buf[i].service_flags[0] & WS_XP1_SUPPORT_MULTIPOINT));
		EXPECT_EQ(want[i].type == SOCK_SEQPACKET ?
			  (WS_XP1_MULTIPOINT_CONTROL_PLANE |
			   WS_XP1_MULTIPOINT_DATA_PLANE) : 0,
			  buf[i].service_flags[0] &
			  (WS_XP1_MULTIPOINT_CONTROL_PLANE |
			   WS_XP1_MULTIPOINT_DATA_PLANE));
	}
	/* "Errors: EFAULT." */
	EXPECT_EQ(-EFAULT, protocols(fd, (void *)8, 1));
	EXPECT_EQ(-1, ioctl(fd, WS_IOC_PROTOCOLS, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
}

/* uapi: "on /dev/ws or on any ws socket": the same entries. */
TEST_F(cat, protocols_on_the_device)
{
	struct ws_protocol_info a[N_ENTRIES], b[N_ENTRIES];
	int dev = open(WS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	int fd;

	if (dev < 0)
		SKIP(return, "%s: %s", WS_DEVICE_PATH, strerror(errno));
	fd = socket(self->fam, SOCK_STREAM, WS_PROTOCOL(WS_AF_INET6, 0));
	ASSERT_LE(0, fd);
	memset(a, POISON, sizeof(a));
	memset(b, 0, sizeof(b));
	ASSERT_EQ(N_ENTRIES, protocols(dev, a, N_ENTRIES));
	ASSERT_EQ(N_ENTRIES, protocols(fd, b, N_ENTRIES));
	ASSERT_EQ(0, memcmp(a, b, sizeof(a)));
	close(fd);
	close(dev);
}

/* WS_WSO_PROTOCOL_INFO of @fd, the option's room @room; -errno or 0. */
static int protocol_info(int fd, struct ws_protocol_info *info, socklen_t *room)
{
	return getsockopt(fd, WS_SOL_WS, WS_WSO_PROTOCOL_INFO, info, room) ?
	       -errno : 0;
}

/*
 * uapi WS_WSO_PROTOCOL_INFO: the socket's entry; a shorter room is EFAULT
 * with *optlen the structure's size; a longer one gets the structure and
 * *optlen its size. It is read only.
 */
TEST_F(cat, protocol_info_option)
{
	struct ws_protocol_info info, all[N_ENTRIES];
	char big[sizeof(info) + 16];
	socklen_t room;
	int fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET6, 0));

	ASSERT_LE(0, fd);
	ASSERT_EQ(N_ENTRIES, protocols(fd, all, N_ENTRIES));
	room = sizeof(info) - 1;
	memset(&info, POISON, sizeof(info));
	ASSERT_EQ(-EFAULT, protocol_info(fd, &info, &room));
	ASSERT_EQ(sizeof(info), room);
	ASSERT_TRUE(all_poison(&info, sizeof(info)));
	room = sizeof(big);
	memset(big, POISON, sizeof(big));
	ASSERT_EQ(0, protocol_info(fd, (void *)big, &room));
	ASSERT_EQ(sizeof(info), room);
	ASSERT_EQ(0, memcmp(big, &all[3], sizeof(info)));
	ASSERT_TRUE(all_poison(big + sizeof(info), sizeof(big) - sizeof(info)));
	EXPECT_NE(0, setsockopt(fd, WS_SOL_WS, WS_WSO_PROTOCOL_INFO, &info,
				sizeof(info)));
	close(fd);
}

/* The catalog id of the entry of socket @fd, or -1. */
static int entry_id(int fd)
{
	struct ws_protocol_info info;
	socklen_t room = sizeof(info);

	if (protocol_info(fd, &info, &room))
		return -1;
	return (int)info.catalog_entry_id;
}

/*
 * uapi "Creating a socket": the role bits, exactly one of each plane, a
 * leaf only where WS_XP1_SUPPORT_MULTIPOINT (UDP), a root only on a rooted
 * plane (none yet); WS_PROTOCOL_ENTRY(n) the n-th entry of the address
 * family, type and protocol.
 */
TEST_F(cat, roles_and_entries)
{
	static const __u32 bad[] = {
		WS_PROTOCOL_MP_C_LEAF, WS_PROTOCOL_MP_D_LEAF,
		WS_PROTOCOL_MP_C_ROOT | WS_PROTOCOL_MP_D_LEAF,
		WS_PROTOCOL_MP_C_LEAF | WS_PROTOCOL_MP_D_ROOT,
		WS_PROTOCOL_MP_MASK,
	};
	int fd, i;

	fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0) | LEAF);
	ASSERT_LE(0, fd) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(1002, entry_id(fd));
	close(fd);
	fd = socket(self->fam, SOCK_DGRAM,
		    WS_PROTOCOL(WS_AF_INET6, IPPROTO_UDP) | LEAF |
		    WS_PROTOCOL_ENTRY(1));
	ASSERT_LE(0, fd) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(1004, entry_id(fd));
	close(fd);
	fd = socket(self->fam, SOCK_STREAM,
		    WS_PROTOCOL(WS_AF_INET, 0) | WS_PROTOCOL_ENTRY(1));
	ASSERT_LE(0, fd) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(1001, entry_id(fd));
	close(fd);

	errno = 0;
	EXPECT_EQ(-1, socket(self->fam, SOCK_STREAM,
			     WS_PROTOCOL(WS_AF_INET, 0) | LEAF));
	EXPECT_EQ(EINVAL, errno);
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		errno = 0;
		EXPECT_EQ(-1, socket(self->fam, SOCK_DGRAM,
				     WS_PROTOCOL(WS_AF_INET, 0) | bad[i]));
		EXPECT_EQ(EINVAL, errno) TH_LOG("role %#x", bad[i]);
	}
	errno = 0;
	EXPECT_EQ(-1, socket(self->fam, SOCK_DGRAM,
			     WS_PROTOCOL(WS_AF_INET, 0) | WS_PROTOCOL_ENTRY(2)));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
}

/* --- WSAJoinLeaf's registration ------------------------------------------ */

static int join(int fd, __u32 flags, __u32 reserved)
{
	struct ws_join_leaf j = { .flags = flags, .reserved = reserved };

	return ioctl(fd, WS_IOC_JOIN_LEAF, &j) ? -errno : 0;
}

static int connect4(int fd, __u32 host, __u16 port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(host),
	};

	return connect(fd, (struct sockaddr *)&a, sizeof(a)) ? -errno : 0;
}

struct call {
	int fd;
	int what;	/* 0: register BOTH; 1: connect to 127.0.0.1 */
	int result;
};

static void *other_thread(void *arg)
{
	struct call *c = arg;

	c->result = c->what ? connect4(c->fd, INADDR_LOOPBACK, 9) :
			      join(c->fd, WS_JL_BOTH, 0);
	return NULL;
}

static int on_other_thread(int fd, int what)
{
	struct call c = { .fd = fd, .what = what, .result = 1 };
	pthread_t t;

	if (pthread_create(&t, NULL, other_thread, &c))
		return -1000;
	pthread_join(t, NULL);
	return c.result;
}

/*
 * uapi "WSAJoinLeaf": WS_IOC_JOIN_LEAF registers the join of the calling
 * thread; another thread's join or connect meanwhile is EALREADY (the
 * WSAJoinLeaf page: "until the multipoint session join attempt completes
 * all subsequent calls to WSAJoinLeaf on the same socket will fail with
 * the error code WSAEALREADY"); flags 0 drops it; the registration of a
 * thread that exited is replaced.
 */
TEST_F(cat, join_registration)
{
	int fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0) | LEAF);
	int plain = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0));
	int i, err;

	ASSERT_LE(0, fd);
	ASSERT_LE(0, plain);
	EXPECT_EQ(-EINVAL, join(plain, WS_JL_BOTH, 0));
	EXPECT_EQ(-EINVAL, join(fd, 8, 0));
	EXPECT_EQ(-EINVAL, join(fd, WS_JL_BOTH, 1));
	EXPECT_EQ(-1, ioctl(fd, WS_IOC_JOIN_LEAF, (void *)8));
	EXPECT_EQ(EFAULT, errno);

	ASSERT_EQ(0, join(fd, WS_JL_BOTH, 0));
	EXPECT_EQ(-EALREADY, on_other_thread(fd, 0));
	EXPECT_EQ(-EALREADY, on_other_thread(fd, 1));
	/* Registering again replaces the thread's own registration. */
	ASSERT_EQ(0, join(fd, WS_JL_RECEIVER_ONLY, 0));
	ASSERT_EQ(0, join(fd, 0, 0));
	/*
	 * Dropped: the other thread may register, and then exits. Its pid
	 * leaves a little after pthread_join returns (the thread wakes its
	 * joiner on its way out): bounded retries.
	 */
	ASSERT_EQ(0, on_other_thread(fd, 0));
	for (i = 0; i < 1000 && (err = join(fd, WS_JL_BOTH, 0)) == -EALREADY; i++)
		usleep(1000);
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, join(fd, 0, 0));
	/* Nothing registered: connect is an ordinary datagram connect. */
	ASSERT_EQ(0, connect4(fd, INADDR_LOOPBACK, 9));
	EXPECT_EQ(-EISCONN, join(fd, WS_JL_BOTH, 0));
	close(plain);
	close(fd);
}

/*
 * uapi: connect ends the registration "whatever its result": a unicast
 * address is no session (EADDRNOTAVAIL, the WSAJoinLeaf page's "the
 * specified address is not available"), and the next connect is an
 * ordinary one.
 */
TEST_F(cat, join_connect_consumes_registration)
{
	int fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0) | LEAF);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, join(fd, WS_JL_BOTH, 0));
	EXPECT_EQ(-EAFNOSUPPORT, connect(fd, (struct sockaddr *)&a6, sizeof(a6)) ?
				 -errno : 0);
	ASSERT_EQ(0, join(fd, WS_JL_BOTH, 0));
	EXPECT_EQ(-EADDRNOTAVAIL, connect4(fd, INADDR_LOOPBACK, 9));
	EXPECT_EQ(0, connect4(fd, INADDR_LOOPBACK, 9));
	close(fd);
}

/*
 * The join itself, on the loopback interface as IP_MULTICAST_IF (no route
 * needed): receiver-only, so the socket is not connected and cannot send;
 * a second join is EISCONN, and so is a connect.
 */
TEST_F(cat, join_receiver_on_loopback)
{
	int fd = socket(self->fam, SOCK_DGRAM, WS_PROTOCOL(WS_AF_INET, 0) | LEAF);
	struct in_addr lo = { .s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, setsockopt(fd, IPPROTO_IP, WS_IP_MULTICAST_IF, &lo, sizeof(lo)));
	ASSERT_EQ(0, join(fd, WS_JL_RECEIVER_ONLY, 0));
	ASSERT_EQ(0, connect4(fd, 0xeffe4d03, 4242)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(-1, getpeername(fd, (struct sockaddr *)&peer, &len));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, send(fd, "x", 1, MSG_NOSIGNAL));
	EXPECT_EQ(ESHUTDOWN, errno);
	EXPECT_EQ(-EISCONN, join(fd, WS_JL_BOTH, 0));
	EXPECT_EQ(-EISCONN, connect4(fd, INADDR_LOOPBACK, 9));
	close(fd);
}

TEST_HARNESS_MAIN
