// SPDX-License-Identifier: GPL-2.0
/*
 * wsstat: list the ws sockets of the caller's network namespace, and the
 * namespace's ws counters.
 *
 *   wsstat [-i ID] [-s] [-H]
 *
 * The list comes from the module's sock_diag handler (a SOCK_DIAG_BY_FAMILY
 * dump over NETLINK_SOCK_DIAG, uapi/linux/ws.h "Observing ws"), one line per
 * socket: id (the inode number, as ss shows it), type, state, local and
 * peer address, owner, the WSAEventSelect/WSAAsyncSelect mask, the events
 * recorded and not yet enumerated (with their errors), the events recorded
 * since re-enabled, the WSAAsyncSelect hwnd and message, the pending
 * overlapped operations, the completion key, and a multipoint socket's
 * role and the group WSAJoinLeaf joined. The counters are
 * /proc/net/ws_stat. Like ss, it shows only the caller's namespace.
 *
 *   -i ID   only the socket with this id
 *   -s      print the namespace's counters instead of the list
 *   -H      no header line
 *
 * Exit status: 0, 1 on an error (module not loaded, netlink failure).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/ws.h>

static const char *const fd_names[WS_FD_MAX_EVENTS] = {
	"READ", "WRITE", "OOB", "ACCEPT", "CONNECT", "CLOSE", "QOS",
	"GROUP_QOS", "ROUTING_INTERFACE_CHANGE", "ADDRESS_LIST_CHANGE",
};

/* Linux's TCP states (include/net/tcp_states.h), as ss names them. */
static const char *state_name(unsigned int type, unsigned int state)
{
	static const char *const names[] = {
		[1] = "ESTAB", [2] = "SYN-SENT", [3] = "SYN-RECV",
		[4] = "FIN-WAIT-1", [5] = "FIN-WAIT-2", [6] = "TIME-WAIT",
		[7] = "UNCONN", [8] = "CLOSE-WAIT", [9] = "LAST-ACK",
		[10] = "LISTEN", [11] = "CLOSING",
	};

	if (type == SOCK_STREAM && state == 7)
		return "CLOSE";
	if (state < sizeof(names) / sizeof(names[0]) && names[state])
		return names[state];
	return "?";
}

static int read_family(void)
{
	FILE *f = fopen(WS_FAMILY_PARAM_PATH, "r");
	int fam = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &fam) != 1)
		fam = -1;
	fclose(f);
	return fam;
}

/* "READ|CLOSE", or "-" for none. */
static void fd_bits(char *buf, size_t size, uint32_t bits, const int32_t *errors)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < WS_FD_MAX_EVENTS && at < size; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (errors && errors[i])
			at += snprintf(buf + at, size - at, "%s%s:%d", at ? "|" : "",
				       fd_names[i], errors[i]);
		else
			at += snprintf(buf + at, size - at, "%s%s", at ? "|" : "",
				       fd_names[i]);
	}
	if (!at)
		snprintf(buf, size, "-");
}

static void addr_text(char *buf, size_t size, const void *data, size_t len)
{
	const struct sockaddr_in6 *sin6 = data;
	const struct sockaddr_in *sin = data;
	char host[INET6_ADDRSTRLEN];

	if (len >= sizeof(*sin6) && sin6->sin6_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		snprintf(buf, size, "[%s]:%u", host, ntohs(sin6->sin6_port));
	} else if (len >= sizeof(*sin) && sin->sin_family == AF_INET) {
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		snprintf(buf, size, "%s:%u", host, ntohs(sin->sin_port));
	} else {
		snprintf(buf, size, "-");
	}
}

/* The attribute's payload if it holds @size bytes, else NULL. */
static const void *attr(const struct nlattr *a, size_t size)
{
	return a && a->nla_len >= NLA_HDRLEN + size ? a + 1 : NULL;
}

/*
 * A multipoint socket: "c_leaf|d_leaf", then "=GROUP/DIR" once WSAJoinLeaf
 * joined it (DIR: send, recv or both); "-" for another socket.
 */
static void mp_text(char *buf, size_t size, const struct nlattr *tb[])
{
	static const struct { uint32_t bit; const char *name; } roles[] = {
		{ WS_PROTOCOL_MP_C_ROOT, "c_root" }, { WS_PROTOCOL_MP_C_LEAF, "c_leaf" },
		{ WS_PROTOCOL_MP_D_ROOT, "d_root" }, { WS_PROTOCOL_MP_D_LEAF, "d_leaf" },
	};
	const struct ws_diag_multipoint *p = attr(tb[WS_DIAG_MULTIPOINT], sizeof(*p));
	struct ws_diag_multipoint mp;
	char group[64];
	size_t at = 0, i;

	snprintf(buf, size, "-");
	if (!p)
		return;
	memcpy(&mp, p, sizeof(mp));
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]) && at < size; i++)
		if (mp.role & roles[i].bit)
			at += snprintf(buf + at, size - at, "%s%s", at ? "|" : "",
				       roles[i].name);
	if (!(mp.state & WS_DIAG_MP_JOINED) || !tb[WS_DIAG_GROUP] || at >= size)
		return;
	addr_text(group, sizeof(group), tb[WS_DIAG_GROUP] + 1,
		  tb[WS_DIAG_GROUP]->nla_len - NLA_HDRLEN);
	snprintf(buf + at, size - at, "=%s/%s", group,
		 (mp.state & WS_DIAG_MP_SEND) && (mp.state & WS_DIAG_MP_RECV) ? "both" :
		 mp.state & WS_DIAG_MP_SEND ? "send" : "recv");
}

static void print_socket(const struct ws_diag_msg *m, const struct nlattr *tb[])
{
	char local[64] = "-", peer[64] = "-", select[160] = "-";
	char recorded[200] = "-", reported[160] = "-", async[64] = "-";
	char port[32] = "-", ov[32] = "0", mp[128];

	if (tb[WS_DIAG_LOCAL])
		addr_text(local, sizeof(local), tb[WS_DIAG_LOCAL] + 1,
			  tb[WS_DIAG_LOCAL]->nla_len - NLA_HDRLEN);
	if (tb[WS_DIAG_REMOTE])
		addr_text(peer, sizeof(peer), tb[WS_DIAG_REMOTE] + 1,
			  tb[WS_DIAG_REMOTE]->nla_len - NLA_HDRLEN);
	if (tb[WS_DIAG_EVENTS]) {
		struct ws_diag_events e;

		memcpy(&e, tb[WS_DIAG_EVENTS] + 1, sizeof(e));
		fd_bits(select, sizeof(select), e.mask, NULL);
		fd_bits(recorded, sizeof(recorded), e.pending, e.errors);
		fd_bits(reported, sizeof(reported), e.reported, NULL);
	}
	if (tb[WS_DIAG_ASYNC]) {
		struct ws_diag_async a;

		memcpy(&a, tb[WS_DIAG_ASYNC] + 1, sizeof(a));
		snprintf(async, sizeof(async), "0x%" PRIx64 "/0x%x",
			 (uint64_t)a.hwnd, a.message);
	}
	if (tb[WS_DIAG_OVERLAPPED]) {
		struct ws_diag_overlapped o;

		memcpy(&o, tb[WS_DIAG_OVERLAPPED] + 1, sizeof(o));
		snprintf(ov, sizeof(ov), "%u", o.pending);
	}
	if (tb[WS_DIAG_PORT]) {
		struct ws_diag_port p;

		memcpy(&p, tb[WS_DIAG_PORT] + 1, sizeof(p));
		snprintf(port, sizeof(port), "0x%" PRIx64, (uint64_t)p.key);
	}
	mp_text(mp, sizeof(mp), tb);
	printf("%-8" PRIu64 " %-4s %-10s %-23s %-23s %-6u %-14s %-16s %-14s %-16s %-4s %-8s %s\n",
	       (uint64_t)m->wdiag_ino,
	       m->wdiag_type == SOCK_STREAM ? "tcp" : "udp",
	       state_name(m->wdiag_type, m->wdiag_state), local, peer,
	       m->wdiag_uid, select, recorded, reported, async, ov, port, mp);
}

/* Parse one answer; 1 at NLMSG_DONE, 0 to go on, -1 on an error. */
static int parse(const char *buf, ssize_t len, uint32_t seq)
{
	const struct nlmsghdr *h;

	for (h = (const void *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		const struct nlattr *tb[WS_DIAG_MAX + 1] = { NULL };
		const struct ws_diag_msg *m;
		const struct nlattr *a;
		int rest;

		if (h->nlmsg_seq != seq)
			continue;
		if (h->nlmsg_type == NLMSG_DONE)
			return 1;
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			errno = -e->error;
			return -1;
		}
		if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
		    h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
			continue;
		m = NLMSG_DATA(h);
		a = (const void *)((const char *)m + NLMSG_ALIGN(sizeof(*m)));
		rest = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*m)));
		while (rest >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		       a->nla_len <= rest) {
			unsigned int t = a->nla_type & NLA_TYPE_MASK;

			if (t <= WS_DIAG_MAX)
				tb[t] = a;
			rest -= NLA_ALIGN(a->nla_len);
			a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
		}
		print_socket(m, tb);
	}
	return 0;
}

static int list_sockets(int family, uint64_t id, bool header)
{
	struct {
		struct nlmsghdr nlh;
		struct ws_diag_req req;
	} msg = {
		.nlh = {
			.nlmsg_len = sizeof(msg),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.req = { .sdiag_family = family, .wdiag_ino = id },
	};
	static char buf[32768];
	int fd, ret = 0;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		perror("wsstat: socket(NETLINK_SOCK_DIAG)");
		return -1;
	}
	if (send(fd, &msg, sizeof(msg), 0) != sizeof(msg)) {
		perror("wsstat: send");
		close(fd);
		return -1;
	}
	if (header)
		printf("%-8s %-4s %-10s %-23s %-23s %-6s %-14s %-16s %-14s %-16s %-4s %-8s %s\n",
		       "ID", "TYPE", "STATE", "LOCAL", "PEER", "UID", "SELECT",
		       "RECORDED", "REPORTED", "HWND/MSG", "OV", "PORTKEY",
		       "MULTIPOINT");
	while (!ret) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("wsstat: recv");
			ret = -1;
			break;
		}
		if (n == 0)
			break;
		ret = parse(buf, n, 1);
		if (ret < 0)
			perror("wsstat: sock_diag");
	}
	close(fd);
	return ret < 0 ? -1 : 0;
}

static int print_counters(void)
{
	FILE *f = fopen("/proc/net/ws_stat", "r");
	char line[256];

	if (!f) {
		perror("wsstat: /proc/net/ws_stat");
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: wsstat [-i ID] [-s] [-H]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	bool counters = false, header = true;
	uint64_t id = 0;
	int c, family;

	while ((c = getopt(argc, argv, "i:sHh")) != -1) {
		switch (c) {
		case 'i':
			id = strtoull(optarg, NULL, 0);
			if (!id)
				usage();
			break;
		case 's':
			counters = true;
			break;
		case 'H':
			header = false;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	family = read_family();
	if (family < 0) {
		fprintf(stderr, "wsstat: the ws module is not loaded (%s)\n",
			WS_FAMILY_PARAM_PATH);
		return 1;
	}
	if (counters)
		return print_counters() ? 1 : 0;
	return list_sockets(family, id, header) ? 1 : 0;
}
