// SPDX-License-Identifier: GPL-2.0
/*
 * IP multicast through libws's multipoint API: c_leaf/d_leaf UDP sockets
 * (WSASocket with WSA_FLAG_MULTIPOINT_C_LEAF | _D_LEAF) that WSAJoinLeaf
 * joins to a group, over IPv4 and IPv6: sending and receiving leaves,
 * sender-only and receiver-only ones, SIO_MULTIPOINT_LOOPBACK,
 * SIO_MULTICAST_SCOPE, FD_CONNECT, leaving the group on closesocket, and
 * WSAJoinLeaf's errors. Citations: see ws_test.h; "spec multipoint" is
 * the specification's "Multipoint and Multicast Semantics" (lines
 * 1066-1203 of 002_*.txt), whose "IP multicast" part says what the
 * multipoint API means for IP multicast.
 *
 * The tests of the mcast fixture run in a network namespace of their own
 * (as root, or in a user namespace of its own as another user, where the
 * system allows it: not in a chroot, as the test VM runs them), with a
 * veth pair (also for broadcast, which the loopback does not carry
 * either): wsmc0, with 10.99.0.1/24, fd00:99::1/64 and the IPv4 multicast
 * route, is the default multicast interface; its peer wsmc1, without IPv6, is "the wire", where
 * a packet socket sees what a leaf sends out. The loopback interface will
 * not do: Linux loops back everything sent on it, whatever
 * IP_MULTICAST_LOOP says. Where namespaces cannot be made, the tests skip.
 */
#include "ws_test.h"	/* first: it defines _GNU_SOURCE */

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#define PORT		42042
#define IF0		"wsmc0"
#define IF1		"wsmc1"
#define MP_LEAF		(WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_LEAF)

/* Linux's numbers, for the raw sockets of the set-up. */
#define L_AF_INET	2
#define L_AF_INET6	10
#define L_AF_NETLINK	16
#define L_AF_PACKET	17
#define L_SOCK_DGRAM	2
#define L_SOCK_RAW	3
#define L_SOCK_NONBLOCK	04000
#define L_SOCK_CLOEXEC	02000000
#define L_ETH_P_ALL	0x0003

/* --- the network namespace ------------------------------------------------ */

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

/* Send the request; 0, the kernel's -errno, or the index of a new link. */
static int nl_talk(int fd, struct nlreq *r)
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
		if (h->nlmsg_type == RTM_NEWLINK)
			return ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index;
	}
}

static int link_index(int fd, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = 0 };
	struct nlreq r;

	nl_start(&r, RTM_GETLINK, 0, &ifi, sizeof(ifi));
	r.n.nlmsg_flags &= ~NLM_F_ACK;
	nl_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_talk(fd, &r);
}

static int link_up(int fd, int index)
{
	struct ifinfomsg ifi = {
		.ifi_index = index, .ifi_flags = 1 /* IFF_UP */,
		.ifi_change = 1,
	};
	struct nlreq r;

	nl_start(&r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	return nl_talk(fd, &r);
}

static int veth_add(int fd)
{
	struct ifinfomsg ifi = { .ifi_family = 0 };
	struct rtattr *info, *data, *peer;
	struct nlreq r;

	nl_start(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	nl_attr(&r, IFLA_IFNAME, IF0, sizeof(IF0));
	info = nl_attr(&r, IFLA_LINKINFO, NULL, 0);
	nl_attr(&r, IFLA_INFO_KIND, "veth", 5);
	data = nl_attr(&r, IFLA_INFO_DATA, NULL, 0);
	peer = nl_attr(&r, VETH_INFO_PEER, NULL, 0);
	/* The peer's ifinfomsg, then its attributes. */
	memset((char *)&r.n + r.n.nlmsg_len, 0, sizeof(ifi));
	r.n.nlmsg_len += NLMSG_ALIGN(sizeof(ifi));
	nl_attr(&r, IFLA_IFNAME, IF1, sizeof(IF1));
	nl_end(&r, peer);
	nl_end(&r, data);
	nl_end(&r, info);
	return nl_talk(fd, &r);
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
	return nl_talk(fd, &r);
}

/* An IPv4 route to @a.0.0.0/@prefix by @index. */
static int route4_add(int fd, int index, unsigned char a, int prefix)
{
	struct rtmsg rtm = {
		.rtm_family = L_AF_INET, .rtm_dst_len = prefix,
		.rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
		.rtm_scope = RT_SCOPE_LINK, .rtm_type = RTN_UNICAST,
	};
	unsigned char dst[4] = { a, 0, 0, 0 };
	struct nlreq r;

	nl_start(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rtm, sizeof(rtm));
	nl_attr(&r, RTA_DST, dst, sizeof(dst));
	nl_attr(&r, RTA_OIF, &index, sizeof(index));
	return nl_talk(fd, &r);
}

/* 224.0.0.0/4 by @index: the default IPv4 multicast interface. */
static int mroute_add(int fd, int index)
{
	return route4_add(fd, index, 224, 4);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -EIO;
}

/* Does /proc/net/ipv6_route have ff00::/8 by IF0 (IPv6 is up on it)? */
static bool ipv6_mroute_ready(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/net/ipv6_route", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "ff000000000000000000000000000000 08", 35) &&
			strstr(line, " " IF0 "\n");
	fclose(f);
	return found;
}

/*
 * Enter a network namespace of our own with the veth pair; the index of
 * wsmc1 in *@peer. Returns NULL or why it cannot be done here.
 */
static const char *netns_setup(int *peer)
{
	static const unsigned char v4[4] = { 10, 99, 0, 1 };
	static const unsigned char v6[16] = { 0xfd, 0, 0, 0x99, [15] = 1 };
	static char why[160];
	int fd, i0, i1, err;
	long end;

	if (geteuid() ? unshare(CLONE_NEWUSER | CLONE_NEWNET) :
			unshare(CLONE_NEWNET)) {
		/* As another user than root, a user namespace is needed,
		 * which Linux refuses in a chroot (the test VM's). */
		snprintf(why, sizeof(why),
			 "cannot make a network namespace for the veth pair "
			 "(unshare: %s)%s", strerror(errno),
			 geteuid() ? "; the loopback tests run" : "");
		return why;
	}
	fd = syscall(SYS_socket, L_AF_NETLINK, L_SOCK_RAW | L_SOCK_CLOEXEC,
		     NETLINK_ROUTE);
	if (fd < 0)
		return "no netlink socket";
	err = veth_add(fd);
	if (err) {
		snprintf(why, sizeof(why), "no veth pair: %s", strerror(-err));
		close(fd);
		return why;
	}
	i0 = link_index(fd, IF0);
	i1 = link_index(fd, IF1);
	err = i0 <= 0 || i1 <= 0 ||
	      write_file("/proc/sys/net/ipv6/conf/" IF1 "/disable_ipv6", "1") ||
	      link_up(fd, 1) || link_up(fd, i1) || link_up(fd, i0) ||
	      addr_add(fd, i0, L_AF_INET, v4, 4, 24) ||
	      addr_add(fd, i0, L_AF_INET6, v6, 16, 64) ||
	      mroute_add(fd, i0);
	close(fd);
	if (err)
		return "setting up the veth pair failed";
	/* IPv6 configures the link once its carrier is seen. */
	end = ws_now_ms() + WAIT_MS;
	while (!ipv6_mroute_ready() && ws_now_ms() < end)
		ws_sleep_ms(10);
	if (!ipv6_mroute_ready())
		return "no IPv6 multicast route on " IF0;
	*peer = i1;
	return NULL;
}

/* --- what is on the wire, and memberships ---------------------------------- */

/* A packet socket on @index; -1 if there is none. */
static int sniffer_open(int index)
{
	struct sockaddr_ll ll = {
		.sll_family = L_AF_PACKET,
		.sll_protocol = htons(L_ETH_P_ALL),
		.sll_ifindex = index,
	};
	int fd = syscall(SYS_socket, L_AF_PACKET,
			 L_SOCK_DGRAM | L_SOCK_NONBLOCK | L_SOCK_CLOEXEC,
			 htons(L_ETH_P_ALL));

	if (fd < 0)
		return -1;
	if (syscall(SYS_bind, fd, &ll, sizeof(ll))) {
		close(fd);
		return -1;
	}
	return fd;
}

static void sniffer_drain(int fd)
{
	char buf[2048];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/*
 * The TTL (hop limit) of the first UDP datagram to @group and PORT seen on
 * the wire within @ms, or -1.
 */
static int sniff(int fd, const struct sockaddr_storage *group, int ms)
{
	unsigned char buf[2048];
	long end = ws_now_ms() + ms;
	ssize_t n;

	do {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			ws_sleep_ms(5);
			continue;
		}
		if (group->ss_family == AF_INET && n >= 28 && buf[0] >> 4 == 4) {
			const struct sockaddr_in *g = (const void *)group;
			int ihl = (buf[0] & 15) * 4;

			if (buf[9] == 17 && !memcmp(buf + 16, &g->sin_addr, 4) &&
			    n >= ihl + 8 && buf[ihl + 2] == PORT >> 8 &&
			    buf[ihl + 3] == (PORT & 0xff))
				return buf[8];
		} else if (group->ss_family == AF_INET6 && n >= 48 &&
			   buf[0] >> 4 == 6) {
			const struct sockaddr_in6 *g = (const void *)group;

			if (buf[6] == 17 && !memcmp(buf + 24, &g->sin6_addr, 16) &&
			    buf[42] == PORT >> 8 && buf[43] == (PORT & 0xff))
				return buf[7];
		}
	} while (ws_now_ms() < end);
	return -1;
}

/*
 * The sockets that joined @group on interface @dev (the "Users" of
 * /proc/net/igmp or /proc/net/igmp6), 0 if it is not joined there.
 */
static int members_on(const struct sockaddr_storage *group, const char *dev)
{
	char line[256], want[40];
	int users = 0, i, in = 0;
	FILE *f;

	if (group->ss_family == AF_INET) {
		const struct sockaddr_in *g = (const void *)group;
		uint32_t raw;

		memcpy(&raw, &g->sin_addr, 4);
		snprintf(want, sizeof(want), "%08X", raw);	/* as the kernel prints */
		f = fopen("/proc/net/igmp", "re");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			if (line[0] != '\t') {
				char name[32];

				in = sscanf(line, "%d %31s", &i, name) == 2 &&
				     !strcmp(name, dev);
				continue;
			}
			if (in && strstr(line, want))
				sscanf(strstr(line, want) + 8, "%d", &users);
		}
	} else {
		const struct sockaddr_in6 *g = (const void *)group;

		for (i = 0; i < 16; i++)
			snprintf(want + 2 * i, 3, "%02x", g->sin6_addr.s6_addr[i]);
		f = fopen("/proc/net/igmp6", "re");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			char name[32], addr[40];
			int idx, u;

			if (sscanf(line, "%d %31s %39s %d", &idx, name, addr, &u) == 4 &&
			    !strcmp(name, dev) && !strcmp(addr, want))
				users = u;
		}
	}
	fclose(f);
	return users;
}

static int members(const struct sockaddr_storage *group)
{
	return members_on(group, IF0);
}

/* Wait up to WAIT_MS for members(@group) to be @n. */
static int members_become(const struct sockaddr_storage *group, int n)
{
	long end = ws_now_ms() + WAIT_MS;
	int m;

	while ((m = members(group)) != n && ws_now_ms() < end)
		ws_sleep_ms(10);
	return m;
}

/* --- the fixture ---------------------------------------------------------- */

FIXTURE(mcast) {
	int af;
	int sniffer;		/* on wsmc1; -1 if packet sockets are refused */
	struct sockaddr_storage group, any, local;
	int len;
};

FIXTURE_VARIANT(mcast) {
	int af;
};

FIXTURE_VARIANT_ADD(mcast, ipv4) { .af = AF_INET };
FIXTURE_VARIANT_ADD(mcast, ipv6) { .af = AF_INET6 };

FIXTURE_SETUP(mcast)
{
	const char *why = ws_unavailable(variant->af);
	int peer;

	self->sniffer = -1;
	if (why)
		SKIP(return, "%s", why);
	why = netns_setup(&peer);
	if (why)
		SKIP(return, "%s", why);
	self->sniffer = sniffer_open(peer);
	ASSERT_EQ(0, ws_startup());
	self->af = variant->af;
	self->len = ws_sockaddr(self->af, false, PORT, &self->any);
	ws_sockaddr(self->af, false, PORT, &self->group);
	ws_sockaddr(self->af, false, PORT, &self->local);
	if (self->af == AF_INET) {
		((struct sockaddr_in *)&self->group)->sin_addr.s_addr =
			htonl(0xefff4d01);		/* 239.255.77.1 */
		((struct sockaddr_in *)&self->local)->sin_addr.s_addr =
			htonl(0x0a630001);		/* 10.99.0.1 */
	} else {
		static const unsigned char g[16] = { 0xff, 0x0e, [13] = 1, [15] = 0x77 };
		static const unsigned char l[16] = { 0xfd, 0, 0, 0x99, [15] = 1 };

		memcpy(((struct sockaddr_in6 *)&self->group)->sin6_addr.s6_addr, g, 16);
		memcpy(((struct sockaddr_in6 *)&self->local)->sin6_addr.s6_addr, l, 16);
	}
}

FIXTURE_TEARDOWN(mcast)
{
	if (self->sniffer >= 0)
		close(self->sniffer);
	WSACleanup();
}

/* A c_leaf/d_leaf UDP socket, bound to the group's port unless @port is 0. */
static SOCKET leaf(struct __test_metadata *_metadata,
		   FIXTURE_DATA(mcast) *self, u_short port)
{
	struct sockaddr_storage ss;
	SOCKET s;
	int len;

	s = WSASocket(self->af, SOCK_DGRAM, IPPROTO_UDP, NULL, 0,
		      MP_LEAF | WSA_FLAG_OVERLAPPED);
	ASSERT_NE(INVALID_SOCKET, s) TH_LOG("WSASocket: error %d", WSAGetLastError());
	if (port) {
		ASSERT_EQ(0, ws_set_int(s, SOL_SOCKET, SO_REUSEADDR, 1));
		len = ws_sockaddr(self->af, false, port, &ss);
		ASSERT_EQ(0, bind(s, (struct sockaddr *)&ss, len))
			TH_LOG("bind: error %d", WSAGetLastError());
	}
	return s;
}

static void join(struct __test_metadata *_metadata, FIXTURE_DATA(mcast) *self,
		 SOCKET s, DWORD flags)
{
	SOCKET r = WSAJoinLeaf(s, (struct sockaddr *)&self->group, self->len,
			       NULL, NULL, NULL, NULL, flags);

	ASSERT_EQ(s, r) TH_LOG("WSAJoinLeaf: error %d", WSAGetLastError());
}

/* A datagram on @s within @ms: its length, with its source in @from; -1. */
static int recv_dgram(SOCKET s, char *buf, int size,
		      struct sockaddr_storage *from, int ms)
{
	int len = sizeof(*from);

	if (ws_wait(s, WS_READ, ms) != WS_READ)
		return -1;
	return recvfrom(s, buf, size, 0, (struct sockaddr *)from, &len);
}

static int set_ioctl(SOCKET s, DWORD code, DWORD val)
{
	DWORD ret;

	return WSAIoctl(s, code, &val, sizeof(val), NULL, 0, &ret, NULL, NULL);
}

/* --- the tests ------------------------------------------------------------ */

TEST_F(mcast, join_both)
{
	struct sockaddr_storage from, peer;
	SOCKET a, b;
	char buf[32];
	int len;

	a = leaf(_metadata, self, PORT);
	b = leaf(_metadata, self, PORT);
	/*
	 * spec WSAJoinLeaf: on a c_leaf socket "the returned socket descriptor
	 * is the same as the input socket descriptor"; spec multipoint, IP
	 * multicast: WSAJoinLeaf "add[s] itself to a multicast group on the
	 * default interface", IP_ADD_MEMBERSHIP's work.
	 */
	join(_metadata, self, a, JL_BOTH);
	ASSERT_EQ(1, members_become(&self->group, 1));
	/* The flags are bits: sender and receiver together are both. */
	join(_metadata, self, b, JL_SENDER_ONLY | JL_RECEIVER_ONLY);
	ASSERT_EQ(2, members_become(&self->group, 2));
	/* "connect semantics": sends go to the group, which is the peer. */
	len = sizeof(peer);
	ASSERT_EQ(0, getpeername(a, (struct sockaddr *)&peer, &len));
	ASSERT_TRUE(ws_same_addr(&peer, &self->group));

	/*
	 * spec multipoint: a non-rooted data plane delivers what a leaf sends
	 * "to all the other participants", and the default loopback
	 * (SIO_MULTIPOINT_LOOPBACK TRUE) to the sender too.
	 */
	if (self->sniffer >= 0)
		sniffer_drain(self->sniffer);
	ASSERT_EQ(5, send(a, "hello", 5, 0)) TH_LOG("error %d", WSAGetLastError());
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(5, recv_dgram(b, buf, sizeof(buf), &from, WAIT_MS));
	ASSERT_STREQ("hello", buf);
	ASSERT_TRUE(ws_same_addr(&from, &self->local));
	ASSERT_EQ(5, recv_dgram(a, buf, sizeof(buf), &from, WAIT_MS));
	/* spec SIO_MULTICAST_SCOPE: "a scope value of one (the default)". */
	if (self->sniffer >= 0)
		ASSERT_EQ(1, sniff(self->sniffer, &self->group, WAIT_MS));
	/* WSASendTo to the group from the other one, WSARecv on the first. */
	ASSERT_EQ(3, sendto(b, "abc", 3, 0, (struct sockaddr *)&self->group, self->len));
	ASSERT_EQ(3, recv_dgram(a, buf, sizeof(buf), &from, WAIT_MS));
	closesocket(a);
	closesocket(b);
}

TEST_F(mcast, loopback_off)
{
	struct sockaddr_storage from;
	char buf[32];
	SOCKET a;

	a = leaf(_metadata, self, PORT);
	join(_metadata, self, a, JL_BOTH);
	ASSERT_EQ(1, members_become(&self->group, 1));
	/*
	 * spec WSAIoctl SIO_MULTIPOINT_LOOPBACK: "Controls whether data sent
	 * in a multipoint session will also be received by the same socket
	 * on the local host ... FALSE prohibits this"; the datagram still
	 * goes out.
	 */
	ASSERT_EQ(0, set_ioctl(a, SIO_MULTIPOINT_LOOPBACK, FALSE));
	if (self->sniffer >= 0)
		sniffer_drain(self->sniffer);
	ASSERT_EQ(5, send(a, "quiet", 5, 0));
	if (self->sniffer >= 0)
		ASSERT_EQ(1, sniff(self->sniffer, &self->group, WAIT_MS));
	ASSERT_EQ(-1, recv_dgram(a, buf, sizeof(buf), &from, QUIET_MS));
	ASSERT_EQ(FALSE, ws_get_bool(_metadata, a,
				     self->af == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
				     self->af == AF_INET ? IP_MULTICAST_LOOP :
							   IPV6_MULTICAST_LOOP));
	/* "A value of TRUE causes loopback reception to occur". */
	ASSERT_EQ(0, set_ioctl(a, SIO_MULTIPOINT_LOOPBACK, TRUE));
	ASSERT_EQ(4, send(a, "loud", 4, 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, recv_dgram(a, buf, sizeof(buf), &from, WAIT_MS));
	ASSERT_STREQ("loud", buf);
	closesocket(a);
}

TEST_F(mcast, scope)
{
	struct sockaddr_storage from;
	char buf[32];
	SOCKET a;
	int ttl;

	if (self->sniffer < 0)
		SKIP(return, "no packet socket on " IF1);
	a = leaf(_metadata, self, PORT);
	join(_metadata, self, a, JL_BOTH);
	ASSERT_EQ(1, members_become(&self->group, 1));
	/*
	 * spec WSAIoctl SIO_MULTICAST_SCOPE: "A scope of zero would indicate
	 * that the multicast transmission would not be placed on the wire
	 * but could be disseminated across sockets within the local host".
	 */
	ASSERT_EQ(0, set_ioctl(a, SIO_MULTICAST_SCOPE, 0));
	sniffer_drain(self->sniffer);
	ASSERT_EQ(4, send(a, "here", 4, 0));
	ASSERT_EQ(4, recv_dgram(a, buf, sizeof(buf), &from, WAIT_MS));
	ASSERT_EQ(-1, sniff(self->sniffer, &self->group, QUIET_MS));
	/* "Higher scope values determine the number of routers that may be
	 * crossed ... this corresponds to the time-to-live (TTL)". */
	ASSERT_EQ(0, set_ioctl(a, SIO_MULTICAST_SCOPE, 5));
	ttl = ws_get_int(_metadata, a, self->af == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
			 self->af == AF_INET ? IP_MULTICAST_TTL : IPV6_MULTICAST_HOPS);
	ASSERT_EQ(5, ttl);
	sniffer_drain(self->sniffer);
	ASSERT_EQ(5, send(a, "there", 5, 0));
	ASSERT_EQ(5, sniff(self->sniffer, &self->group, WAIT_MS));
	/* A scope is a TTL: 0..255 (Wine test_optsize: 256 is WSAEINVAL). */
	ASSERT_WSAFAIL(WSAEINVAL, set_ioctl(a, SIO_MULTICAST_SCOPE, 256));
	closesocket(a);
}

TEST_F(mcast, sender_and_receiver_only)
{
	struct sockaddr_storage from, name;
	SOCKET r, s;
	char buf[32];
	int len;

	r = leaf(_metadata, self, PORT);
	s = leaf(_metadata, self, 0);
	join(_metadata, self, r, JL_RECEIVER_ONLY);
	ASSERT_EQ(1, members_become(&self->group, 1));
	/*
	 * spec multipoint, IP multicast: "If the flag in WSAJoinLeaf indicates
	 * that this socket is only a sender, then the join operation is
	 * essentially a no-op": no membership. spec WSAJoinLeaf: "If the
	 * socket, s, is unbound, unique values are assigned to the local
	 * association by the system, and the socket is marked as bound."
	 */
	join(_metadata, self, s, JL_SENDER_ONLY);
	len = sizeof(name);
	ASSERT_EQ(0, getsockname(s, (struct sockaddr *)&name, &len))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_NE(0, ws_port(&name));
	ws_sleep_ms(QUIET_MS);
	ASSERT_EQ(1, members(&self->group));

	/* The sender's sends reach the receiver. */
	ASSERT_EQ(4, send(s, "ping", 4, 0)) TH_LOG("error %d", WSAGetLastError());
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(4, recv_dgram(r, buf, sizeof(buf), &from, WAIT_MS));
	ASSERT_STREQ("ping", buf);
	ASSERT_EQ(ws_port(&name), ws_port(&from));
	/* A receiver does not send: not even to an address of its own. */
	ASSERT_WSAFAIL(WSAESHUTDOWN, send(r, "x", 1, 0));
	ASSERT_WSAFAIL(WSAESHUTDOWN, sendto(r, "x", 1, 0,
					    (struct sockaddr *)&self->group,
					    self->len));
	/* It has no destination: no peer. */
	len = sizeof(name);
	ASSERT_WSAFAIL(WSAENOTCONN, getpeername(r, (struct sockaddr *)&name, &len));
	closesocket(r);
	closesocket(s);
}

TEST_F(mcast, fd_connect)
{
	WSANETWORKEVENTS ne;
	WSAEVENT ev;
	DWORD flags[] = { JL_BOTH, JL_RECEIVER_ONLY, JL_SENDER_ONLY };
	SOCKET s;
	int i;

	for (i = 0; i < 3; i++) {
		s = leaf(_metadata, self, PORT);
		ev = WSACreateEvent();
		ASSERT_NE(WSA_INVALID_EVENT, ev);
		/*
		 * spec WSAJoinLeaf: "With a nonblocking socket, ... an
		 * FD_CONNECT indication will be given when the join operation
		 * completes"; spec multipoint: "An FD_CONNECT indication is
		 * provided when the join has been completed".
		 */
		ASSERT_EQ(0, WSAEventSelect(s, ev, FD_CONNECT | FD_READ));
		ASSERT_EQ(0, WSAEnumNetworkEvents(s, ev, &ne));
		ASSERT_EQ(0, ne.lNetworkEvents & FD_CONNECT);
		ASSERT_EQ(s, WSAJoinLeaf(s, (struct sockaddr *)&self->group,
					 self->len, NULL, NULL, NULL, NULL, flags[i]));
		ASSERT_EQ(WSA_WAIT_EVENT_0,
			  WSAWaitForMultipleEvents(1, &ev, FALSE, WAIT_MS, FALSE));
		memset(&ne, POISON_BYTE, sizeof(ne));
		ASSERT_EQ(0, WSAEnumNetworkEvents(s, ev, &ne));
		ASSERT_EQ(FD_CONNECT, ne.lNetworkEvents & FD_CONNECT)
			TH_LOG("flags %#x: events %#lx", (unsigned int)flags[i],
			       (unsigned long)ne.lNetworkEvents);
		ASSERT_EQ(0, ne.iErrorCode[FD_CONNECT_BIT]);
		closesocket(s);
		WSACloseEvent(ev);
	}
}

TEST_F(mcast, overlapped)
{
	WSAOVERLAPPED rov, sov;
	struct sockaddr_storage from, name;
	char buf[32], text[] = "overlapped";
	WSABUF rb = { sizeof(buf), buf }, sb = { 10, text };
	DWORD flags = 0, n = 0;
	int fromlen = sizeof(from);
	SOCKET a, b;

	a = leaf(_metadata, self, PORT);
	b = leaf(_metadata, self, 0);
	join(_metadata, self, a, JL_RECEIVER_ONLY);
	join(_metadata, self, b, JL_SENDER_ONLY);
	ASSERT_EQ(1, members_become(&self->group, 1));
	/*
	 * spec multipoint: the joined socket "is useable in the multipoint
	 * session", overlapped sockets included (WSASocket made it with
	 * WSA_FLAG_OVERLAPPED): a pending WSARecvFrom on the receiver is
	 * completed by an overlapped WSASend without an address from the
	 * sender, which goes to the group.
	 */
	memset(&rov, 0, sizeof(rov));
	memset(&sov, 0, sizeof(sov));
	rov.hEvent = WSACreateEvent();
	sov.hEvent = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, rov.hEvent);
	ASSERT_NE(WSA_INVALID_EVENT, sov.hEvent);
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(SOCKET_ERROR, WSARecvFrom(a, &rb, 1, NULL, &flags,
					    (struct sockaddr *)&from, &fromlen,
					    &rov, NULL));
	ASSERT_EQ(WSA_IO_PENDING, WSAGetLastError());
	if (WSASend(b, &sb, 1, NULL, 0, &sov, NULL))
		ASSERT_EQ(WSA_IO_PENDING, WSAGetLastError());
	ASSERT_TRUE(WSAGetOverlappedResult(b, &sov, &n, TRUE, &flags))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(10, n);
	ASSERT_EQ(WSA_WAIT_EVENT_0,
		  WSAWaitForMultipleEvents(1, &rov.hEvent, FALSE, WAIT_MS, FALSE));
	ASSERT_TRUE(WSAGetOverlappedResult(a, &rov, &n, FALSE, &flags));
	ASSERT_EQ(10, n);
	ASSERT_STREQ("overlapped", buf);
	fromlen = sizeof(name);
	ASSERT_EQ(0, getsockname(b, (struct sockaddr *)&name, &fromlen));
	ASSERT_EQ(ws_port(&name), ws_port(&from));
	WSACloseEvent(rov.hEvent);
	WSACloseEvent(sov.hEvent);
	closesocket(a);
	closesocket(b);
}

TEST_F(mcast, closesocket_leaves)
{
	SOCKET a, b;

	a = leaf(_metadata, self, PORT);
	b = leaf(_metadata, self, PORT);
	join(_metadata, self, a, JL_RECEIVER_ONLY);
	join(_metadata, self, b, JL_BOTH);
	ASSERT_EQ(2, members_become(&self->group, 2));
	/* spec multipoint, IP multicast: "the standard closesocket function
	 * would be used to drop out of the multicast session". */
	ASSERT_EQ(0, closesocket(a));
	ASSERT_EQ(1, members_become(&self->group, 1));
	ASSERT_EQ(0, closesocket(b));
	ASSERT_EQ(0, members_become(&self->group, 0));
}

TEST_F(mcast, errors)
{
	struct sockaddr_storage other, unicast;
	WSABUF data = { 4, (char *)"data" }, none = { 0, NULL }, callee;
	QOS qos;
	SOCKET s, t, p;
	int len;

	s = leaf(_metadata, self, PORT);
	/*
	 * spec WSAJoinLeaf: "Only multipoint sockets created using WSASocket
	 * with appropriate multipoint flags set may be used": WSAEINVAL for
	 * the others (ws: an invalid argument), TCP or UDP.
	 */
	p = socket(self->af, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, p);
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAJoinLeaf(p, (struct sockaddr *)&self->group,
						     self->len, NULL, NULL, NULL,
						     NULL, JL_BOTH));
	t = socket(self->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, t);
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAJoinLeaf(t, (struct sockaddr *)&self->group,
						     self->len, NULL, NULL, NULL,
						     NULL, JL_BOTH));
	/* dwFlags: JL_SENDER_ONLY, JL_RECEIVER_ONLY or JL_BOTH. */
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAJoinLeaf(s, (struct sockaddr *)&self->group,
						     self->len, NULL, NULL, NULL,
						     NULL, 0));
	ASSERT_WSAFAIL_SOCKET(WSAEINVAL, WSAJoinLeaf(s, (struct sockaddr *)&self->group,
						     self->len, NULL, NULL, NULL,
						     NULL, 8));
	/* spec: WSAEFAULT "The name or the namelen argument is not a valid
	 * part of the user address space, the namelen argument is too small" */
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSAJoinLeaf(s, NULL, self->len, NULL, NULL,
						     NULL, NULL, JL_BOTH));
	ASSERT_WSAFAIL_SOCKET(WSAEFAULT, WSAJoinLeaf(s, (struct sockaddr *)&self->group,
						     self->len - 1, NULL, NULL,
						     NULL, NULL, JL_BOTH));
	/* spec: WSAEAFNOSUPPORT "Addresses in the specified family cannot be
	 * used with this socket". */
	len = ws_sockaddr(ws_other_af(self->af), false, PORT, &other);
	ASSERT_WSAFAIL_SOCKET(WSAEAFNOSUPPORT,
			      WSAJoinLeaf(s, (struct sockaddr *)&other,
					  len > self->len ? len : self->len, NULL,
					  NULL, NULL, NULL, JL_BOTH));
	/* spec: WSAEADDRNOTAVAIL "The specified address is not available":
	 * a session of IP multicast is a multicast group. */
	ws_loopback(self->af, PORT, &unicast);
	ASSERT_WSAFAIL_SOCKET(WSAEADDRNOTAVAIL,
			      WSAJoinLeaf(s, (struct sockaddr *)&unicast, self->len,
					  NULL, NULL, NULL, NULL, JL_BOTH));
	ASSERT_WSAFAIL_SOCKET(WSAEADDRNOTAVAIL,
			      WSAJoinLeaf(s, (struct sockaddr *)&self->any, self->len,
					  NULL, NULL, NULL, NULL, JL_BOTH));
	/* spec: WSAEPROTONOSUPPORT "The lpCallerData augment is not
	 * supported by the service provider"; WSAEOPNOTSUPP "The flow
	 * specifications specified in lpSQOS and lpGQOS cannot be
	 * satisfied" (no entry has XP1_QOS_SUPPORTED). */
	ASSERT_WSAFAIL_SOCKET(WSAEPROTONOSUPPORT,
			      WSAJoinLeaf(s, (struct sockaddr *)&self->group, self->len,
					  &data, NULL, NULL, NULL, JL_BOTH));
	memset(&qos, 0, sizeof(qos));
	ASSERT_WSAFAIL_SOCKET(WSAEOPNOTSUPP,
			      WSAJoinLeaf(s, (struct sockaddr *)&self->group, self->len,
					  NULL, NULL, &qos, NULL, JL_BOTH));
	ASSERT_WSAFAIL_SOCKET(WSAEOPNOTSUPP,
			      WSAJoinLeaf(s, (struct sockaddr *)&self->group, self->len,
					  NULL, NULL, NULL, &qos, JL_BOTH));
	ASSERT_EQ(0, members(&self->group));
	closesocket(p);

	/* Empty caller data is no data; "lpCalleeData->len will be set to
	 * zero if no user data has been passed back". */
	callee.len = 16;
	callee.buf = (char *)&other;
	ASSERT_EQ(s, WSAJoinLeaf(s, (struct sockaddr *)&self->group, self->len,
				 &none, &callee, NULL, NULL, JL_BOTH));
	ASSERT_EQ(0, callee.len);
	/* spec: WSAEISCONN "The socket is already member of the multipoint
	 * session"; it stays in it (connect is refused likewise). */
	ASSERT_WSAFAIL_SOCKET(WSAEISCONN, WSAJoinLeaf(s, (struct sockaddr *)&self->group,
						      self->len, NULL, NULL, NULL,
						      NULL, JL_BOTH));
	ASSERT_WSAFAIL(WSAEISCONN, connect(s, (struct sockaddr *)&unicast, self->len));
	/* A socket connected already is associated: WSAEISCONN too. */
	p = leaf(_metadata, self, 0);
	ASSERT_EQ(0, connect(p, (struct sockaddr *)&unicast, self->len));
	ASSERT_WSAFAIL_SOCKET(WSAEISCONN, WSAJoinLeaf(p, (struct sockaddr *)&self->group,
						      self->len, NULL, NULL, NULL,
						      NULL, JL_BOTH));
	closesocket(p);
	closesocket(t);
	closesocket(s);
}

/*
 * spec WSAJoinLeaf: WSAENOBUFS "No buffer space is available. The socket
 * cannot be joined": here, a socket that is a member of as many IPv4
 * groups as the system allows (net.ipv4.igmp_max_memberships, per
 * namespace) already; WSAENETUNREACH "The network cannot be reached from
 * this host at this time": no interface routes the group.
 */
TEST_F(mcast, errors_of_the_network)
{
	struct ip_mreq mreq;
	char text[16] = "";
	SOCKET s;
	int i, max, fd;

	if (self->af == AF_INET) {
		fd = open("/proc/sys/net/ipv4/igmp_max_memberships", O_RDONLY);
		ASSERT_LE(0, fd);
		ASSERT_LT(0, read(fd, text, sizeof(text) - 1));
		close(fd);
		max = atoi(text);
		ASSERT_LT(0, max);
		ASSERT_GE(1000, max);
		s = leaf(_metadata, self, PORT);
		for (i = 0; i < max; i++) {
			memset(&mreq, 0, sizeof(mreq));
			mreq.imr_multiaddr.s_addr = htonl(0xefff4e00 + i); /* 239.255.78.i */
			ASSERT_EQ(0, setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP,
						(char *)&mreq, sizeof(mreq)))
				TH_LOG("group %d: error %d", i, WSAGetLastError());
		}
		ASSERT_WSAFAIL_SOCKET(WSAENOBUFS,
				      WSAJoinLeaf(s, (struct sockaddr *)&self->group,
						  self->len, NULL, NULL, NULL, NULL,
						  JL_BOTH));
		ASSERT_EQ(0, members(&self->group));
		closesocket(s);
	}

	/* A namespace of its own, with its loopback only: no route. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %s", strerror(errno));
	s = leaf(_metadata, self, 0);
	ASSERT_WSAFAIL_SOCKET(WSAENETUNREACH,
			      WSAJoinLeaf(s, (struct sockaddr *)&self->group,
					  self->len, NULL, NULL, NULL, NULL, JL_BOTH));
	closesocket(s);
}

TEST_F(mcast, unprivileged)
{
	struct sockaddr_storage from;
	WSANETWORKEVENTS ne;
	WSAEVENT ev;
	char buf[32];
	SOCKET a, b;

	/*
	 * README, "Security model": every Winsock feature works for an
	 * ordinary user. Root made the namespace; the leaves are a user's.
	 */
	if (geteuid() == 0) {
		ASSERT_EQ(0, setresgid(65534, 65534, 65534));
		ASSERT_EQ(0, setresuid(65534, 65534, 65534));
	}
	a = leaf(_metadata, self, PORT);
	b = leaf(_metadata, self, 0);
	ev = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, ev);
	ASSERT_EQ(0, WSAEventSelect(a, ev, FD_CONNECT | FD_READ));
	join(_metadata, self, a, JL_RECEIVER_ONLY);
	join(_metadata, self, b, JL_SENDER_ONLY);
	ASSERT_EQ(1, members_become(&self->group, 1));
	ASSERT_EQ(WSA_WAIT_EVENT_0,
		  WSAWaitForMultipleEvents(1, &ev, FALSE, WAIT_MS, FALSE));
	ASSERT_EQ(0, WSAEnumNetworkEvents(a, ev, &ne));
	ASSERT_EQ(FD_CONNECT, ne.lNetworkEvents & FD_CONNECT);
	ASSERT_EQ(0, set_ioctl(b, SIO_MULTICAST_SCOPE, 2));
	if (self->sniffer >= 0)
		sniffer_drain(self->sniffer);
	ASSERT_EQ(4, send(b, "user", 4, 0));
	ASSERT_EQ(4, recv_dgram(a, buf, sizeof(buf), &from, WAIT_MS));
	if (self->sniffer >= 0)
		ASSERT_EQ(2, sniff(self->sniffer, &self->group, WAIT_MS));
	closesocket(a);
	closesocket(b);
	ASSERT_EQ(0, members_become(&self->group, 0));
	WSACloseEvent(ev);
}

/*
 * In the network namespace the test runs in, whoever runs it: a leaf whose
 * IP_MULTICAST_IF is the loopback interface joins there (uapi: "on the
 * interface of IP_MULTICAST_IF if set"), and Linux delivers what is sent
 * on that interface to the host's members. No route or privilege needed.
 */
/*
 * Wine test_broadcast. IPv4: a UDP socket sends to 255.255.255.255 only
 * with SO_BROADCAST (spec sendto: else WSAEACCES); it connects there
 * without it, where the spec says WSAEACCES and Windows succeeds, send
 * then goes there, while sendto there still fails and SO_BROADCAST reads
 * 0. IPv6: sendto ff01::1 works. A default route by wsmc0 gives
 * 255.255.255.255 a route (the loopback alone has none).
 */
TEST_F(mcast, broadcast)
{
	struct sockaddr_storage bcast;
	struct sockaddr_in *sin = (struct sockaddr_in *)&bcast;
	int fd, err, len;
	SOCKET s;
	BOOL on;

	if (self->af == AF_INET6) {
		struct sockaddr_in6 m6 = { .sin6_family = AF_INET6,
					   .sin6_port = htons(PORT) };

		ASSERT_EQ(1, inet_pton(AF_INET6, "ff01::1", &m6.sin6_addr));
		s = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
		ASSERT_NE(INVALID_SOCKET, s);
		EXPECT_EQ(4, sendto(s, "test", 4, 0, (struct sockaddr *)&m6,
				    sizeof(m6)))
			TH_LOG("sendto ff01::1: error %d", WSAGetLastError());
		closesocket(s);
		return;
	}
	fd = syscall(SYS_socket, L_AF_NETLINK, L_SOCK_RAW | L_SOCK_CLOEXEC,
		     NETLINK_ROUTE);
	ASSERT_LE(0, fd);
	err = route4_add(fd, link_index(fd, IF0), 0, 0);
	close(fd);
	ASSERT_EQ(0, err) TH_LOG("default route: %s", strerror(-err));
	/* Root made the namespace; the socket is an ordinary user's. */
	if (geteuid() == 0) {
		ASSERT_EQ(0, setresgid(65534, 65534, 65534));
		ASSERT_EQ(0, setresuid(65534, 65534, 65534));
	}
	memset(&bcast, 0, sizeof(bcast));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(PORT);
	sin->sin_addr.s_addr = htonl(INADDR_BROADCAST);

	s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_WSAFAIL(WSAEACCES, sendto(s, "test", 4, 0,
					 (struct sockaddr *)sin, sizeof(*sin)));
	ASSERT_EQ(0, ws_set_int(s, SOL_SOCKET, SO_BROADCAST, 1));
	if (self->sniffer >= 0)
		sniffer_drain(self->sniffer);
	ASSERT_EQ(4, sendto(s, "test", 4, 0, (struct sockaddr *)sin,
			    sizeof(*sin)))
		TH_LOG("sendto: error %d", WSAGetLastError());
	if (self->sniffer >= 0)
		EXPECT_NE(-1, sniff(self->sniffer, &bcast, WAIT_MS));
	ASSERT_EQ(0, ws_set_int(s, SOL_SOCKET, SO_BROADCAST, 0));
	ASSERT_WSAFAIL(WSAEACCES, sendto(s, "test", 4, 0,
					 (struct sockaddr *)sin, sizeof(*sin)));

	ASSERT_EQ(0, connect(s, (struct sockaddr *)sin, sizeof(*sin)))
		TH_LOG("connect: error %d", WSAGetLastError());
	on = TRUE;
	len = sizeof(on);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_BROADCAST, (char *)&on, &len));
	EXPECT_EQ(FALSE, on);
	ASSERT_WSAFAIL(WSAEACCES, sendto(s, "test", 4, 0,
					 (struct sockaddr *)sin, sizeof(*sin)));
	if (self->sniffer >= 0)
		sniffer_drain(self->sniffer);
	ASSERT_EQ(4, send(s, "test", 4, 0))
		TH_LOG("send: error %d", WSAGetLastError());
	if (self->sniffer >= 0)
		EXPECT_NE(-1, sniff(self->sniffer, &bcast, WAIT_MS));

	/* spec sendto: the option, not the association, lets sendto there. */
	ASSERT_EQ(0, ws_set_int(s, SOL_SOCKET, SO_BROADCAST, 1));
	EXPECT_EQ(1, ws_get_bool(_metadata, s, SOL_SOCKET, SO_BROADCAST));
	ASSERT_EQ(4, sendto(s, "test", 4, 0, (struct sockaddr *)sin,
			    sizeof(*sin)));
	ASSERT_EQ(0, ws_set_int(s, SOL_SOCKET, SO_BROADCAST, 0));
	ASSERT_WSAFAIL(WSAEACCES, sendto(s, "test", 4, 0,
					 (struct sockaddr *)sin, sizeof(*sin)));
	ASSERT_EQ(4, send(s, "test", 4, 0));
	/* An association dissolved takes its permission along. */
	sin->sin_family = AF_UNSPEC;
	ASSERT_EQ(0, connect(s, (struct sockaddr *)sin, sizeof(*sin)));
	sin->sin_family = AF_INET;
	ASSERT_WSAFAIL(WSAEACCES, sendto(s, "test", 4, 0,
					 (struct sockaddr *)sin, sizeof(*sin)));
	closesocket(s);
}

TEST(ipv4_multicast_if_loopback)
{
	struct sockaddr_storage group, any, from;
	const char *why = ws_unavailable(AF_INET);
	IN_ADDR lo = { .s_addr = htonl(INADDR_LOOPBACK) };
	char buf[32];
	SOCKET s;
	int len;

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	len = ws_sockaddr(AF_INET, false, PORT + 1, &group);
	((struct sockaddr_in *)&group)->sin_addr.s_addr = htonl(0xefff4d02);
	ws_sockaddr(AF_INET, false, PORT + 1, &any);
	s = WSASocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, MP_LEAF);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&any, len));
	ASSERT_EQ(0, setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, (char *)&lo,
				sizeof(lo)));
	ASSERT_EQ(s, WSAJoinLeaf(s, (struct sockaddr *)&group, len, NULL, NULL,
				 NULL, NULL, JL_BOTH))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(1, members_on(&group, "lo"));
	ASSERT_EQ(6, send(s, "looped", 6, 0)) TH_LOG("error %d", WSAGetLastError());
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(6, recv_dgram(s, buf, sizeof(buf), &from, WAIT_MS));
	ASSERT_STREQ("looped", buf);
	ASSERT_EQ(0, closesocket(s));
	ASSERT_EQ(0, members_on(&group, "lo"));
	WSACleanup();
}

/* The loopback interface's index, or 0. */
static DWORD lo_index(void)
{
	FILE *f = fopen("/sys/class/net/lo/ifindex", "re");
	unsigned int i = 0;

	if (f) {
		if (fscanf(f, "%u", &i) != 1)
			i = 0;
		fclose(f);
	}
	return i;
}

/*
 * The join over IPv6, receiver only, with IPV6_MULTICAST_IF the loopback's
 * index: the membership is taken on lo and dropped by closesocket. (Linux
 * routes no IPv6 multicast out of lo, so nothing is sent here.)
 */
TEST(ipv6_multicast_if_loopback)
{
	static const unsigned char g[16] = { 0xff, 0x0e, [13] = 0x4d, [15] = 2 };
	struct sockaddr_storage group, any;
	const char *why = ws_unavailable(AF_INET6);
	DWORD lo = lo_index();
	SOCKET s;
	int len;

	if (why)
		SKIP(return, "%s", why);
	ASSERT_NE(0, lo);
	ASSERT_EQ(0, ws_startup());
	len = ws_sockaddr(AF_INET6, false, PORT + 2, &group);
	memcpy(((struct sockaddr_in6 *)&group)->sin6_addr.s6_addr, g, 16);
	ws_sockaddr(AF_INET6, false, PORT + 2, &any);
	s = WSASocket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, MP_LEAF);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&any, len));
	ASSERT_EQ(0, setsockopt(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, (char *)&lo,
				sizeof(lo)));
	ASSERT_EQ(s, WSAJoinLeaf(s, (struct sockaddr *)&group, len, NULL, NULL,
				 NULL, NULL, JL_RECEIVER_ONLY))
		TH_LOG("error %d", WSAGetLastError());
	ASSERT_EQ(1, members_on(&group, "lo"));
	ASSERT_WSAFAIL(WSAESHUTDOWN, send(s, "x", 1, 0));
	ASSERT_EQ(0, closesocket(s));
	ASSERT_EQ(0, members_on(&group, "lo"));
	WSACleanup();
}

TEST_HARNESS_MAIN
