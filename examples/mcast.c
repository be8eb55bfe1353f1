// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A Winsock IP multicast sender and receiver, written the way Windows
 * multicast samples are: the socket options (ip_mreq with
 * IP_ADD_MEMBERSHIP, IP_MULTICAST_IF, IP_MULTICAST_TTL, IP_MULTICAST_LOOP,
 * and ipv6_mreq with IPV6_ADD_MEMBERSHIP for IPv6), or, with -j, the
 * Winsock 2 multipoint API (WSASocket with the c_leaf/d_leaf flags,
 * WSAJoinLeaf, SIO_MULTICAST_SCOPE). The same source builds against
 * libws and against Windows' ws2_32 (make windows).
 *
 *   mcast [-j] recv GROUP PORT [IFADDR] [COUNT]   print COUNT datagrams (1)
 *   mcast [-j] send GROUP PORT [IFADDR] TEXT      send TEXT once
 *
 * IFADDR is the IPv4 address of the interface to use (the interface index
 * for IPv6), e.g. 127.0.0.1; without it, the system's default.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr,
		"usage: mcast [-j] recv GROUP PORT [IFADDR] [COUNT]\n"
		"       mcast [-j] send GROUP PORT [IFADDR] TEXT\n");
	return 2;
}

static int fail(const char *what)
{
	fprintf(stderr, "mcast: %s failed: error %d\n", what, WSAGetLastError());
	return 1;
}

int main(int argc, char **argv)
{
	int joinleaf = 0, recv_mode, count = 1, i, n, len, ttl = 1;
	struct addrinfo hints, *group = NULL;
	const char *ifaddr = NULL, *text = NULL;
	SOCKADDR_STORAGE local, from;
	char buf[1500], host[NI_MAXHOST];
	WSADATA wsa;
	SOCKET s;

	if (argc > 1 && !strcmp(argv[1], "-j")) {
		joinleaf = 1;
		argv++;
		argc--;
	}
	if (argc < 4)
		return usage();
	recv_mode = !strcmp(argv[1], "recv");
	if (!recv_mode && strcmp(argv[1], "send"))
		return usage();
	if (recv_mode) {
		if (argc > 4)
			ifaddr = argv[4];
		if (argc > 5)
			count = atoi(argv[5]);
	} else {
		if (argc < 5)
			return usage();
		if (argc > 5)
			ifaddr = argv[4];
		text = argv[argc - 1];
	}
	if (WSAStartup(MAKEWORD(2, 2), &wsa))
		return fail("WSAStartup");

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_protocol = IPPROTO_UDP;
	hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(argv[2], argv[3], &hints, &group) || !group)
		return fail("getaddrinfo");

	if (joinleaf)
		s = WSASocket(group->ai_family, SOCK_DGRAM, IPPROTO_UDP, NULL, 0,
			      WSA_FLAG_MULTIPOINT_C_LEAF |
			      WSA_FLAG_MULTIPOINT_D_LEAF | WSA_FLAG_OVERLAPPED);
	else
		s = socket(group->ai_family, SOCK_DGRAM, IPPROTO_UDP);
	if (s == INVALID_SOCKET)
		return fail("socket");

	/* The interface: the default for the join and for sends. */
	if (ifaddr && group->ai_family == AF_INET) {
		IN_ADDR in;

		if (inet_pton(AF_INET, ifaddr, &in) != 1)
			return usage();
		if (setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, (char *)&in,
			       sizeof(in)) == SOCKET_ERROR)
			return fail("setsockopt(IP_MULTICAST_IF)");
	} else if (ifaddr) {
		DWORD index = (DWORD)atoi(ifaddr);

		if (setsockopt(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, (char *)&index,
			       sizeof(index)) == SOCKET_ERROR)
			return fail("setsockopt(IPV6_MULTICAST_IF)");
	}

	if (recv_mode) {
		/* A receiver binds the group's port on the wildcard address. */
		BOOL on = TRUE;

		memset(&local, 0, sizeof(local));
		memcpy(&local, group->ai_addr, group->ai_addrlen);
		if (group->ai_family == AF_INET)
			((SOCKADDR_IN *)&local)->sin_addr.s_addr = htonl(INADDR_ANY);
		else
			memset(&((SOCKADDR_IN6 *)&local)->sin6_addr, 0,
			       sizeof(IN6_ADDR));
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof(on));
		if (bind(s, (SOCKADDR *)&local, (int)group->ai_addrlen) ==
		    SOCKET_ERROR)
			return fail("bind");
	}

	if (joinleaf) {
		DWORD ret, scope = (DWORD)ttl;

		if (WSAIoctl(s, SIO_MULTICAST_SCOPE, &scope, sizeof(scope), NULL,
			     0, &ret, NULL, NULL) == SOCKET_ERROR)
			return fail("WSAIoctl(SIO_MULTICAST_SCOPE)");
		if (WSAJoinLeaf(s, group->ai_addr, (int)group->ai_addrlen, NULL,
				NULL, NULL, NULL,
				recv_mode ? JL_RECEIVER_ONLY : JL_SENDER_ONLY) ==
		    INVALID_SOCKET)
			return fail("WSAJoinLeaf");
	} else if (recv_mode && group->ai_family == AF_INET) {
		struct ip_mreq mreq;

		mreq.imr_multiaddr = ((SOCKADDR_IN *)group->ai_addr)->sin_addr;
		mreq.imr_interface.s_addr = htonl(INADDR_ANY);
		if (ifaddr)
			inet_pton(AF_INET, ifaddr, &mreq.imr_interface);
		if (setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, (char *)&mreq,
			       sizeof(mreq)) == SOCKET_ERROR)
			return fail("setsockopt(IP_ADD_MEMBERSHIP)");
	} else if (recv_mode) {
		struct ipv6_mreq mreq6;

		mreq6.ipv6mr_multiaddr = ((SOCKADDR_IN6 *)group->ai_addr)->sin6_addr;
		mreq6.ipv6mr_interface = ifaddr ? (ULONG)atoi(ifaddr) : 0;
		if (setsockopt(s, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, (char *)&mreq6,
			       sizeof(mreq6)) == SOCKET_ERROR)
			return fail("setsockopt(IPV6_ADD_MEMBERSHIP)");
	} else if (group->ai_family == AF_INET) {
		DWORD loop = TRUE;

		if (setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, (char *)&ttl,
			       sizeof(ttl)) == SOCKET_ERROR ||
		    setsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, (char *)&loop,
			       sizeof(loop)) == SOCKET_ERROR)
			return fail("setsockopt(IP_MULTICAST_TTL)");
	} else {
		if (setsockopt(s, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, (char *)&ttl,
			       sizeof(ttl)) == SOCKET_ERROR)
			return fail("setsockopt(IPV6_MULTICAST_HOPS)");
	}

	if (!recv_mode) {
		/* A WSAJoinLeaf sender sends without an address. */
		n = joinleaf ? send(s, text, (int)strlen(text), 0) :
			       sendto(s, text, (int)strlen(text), 0,
				      group->ai_addr, (int)group->ai_addrlen);
		if (n == SOCKET_ERROR)
			return fail("send");
		printf("sent %d bytes to %s port %s\n", n, argv[2], argv[3]);
	}
	if (recv_mode)
		printf("joined %s port %s\n", argv[2], argv[3]);
	fflush(stdout);
	for (i = 0; recv_mode && i < count; i++) {
		len = sizeof(from);
		n = recvfrom(s, buf, sizeof(buf) - 1, 0, (SOCKADDR *)&from, &len);
		if (n == SOCKET_ERROR)
			return fail("recvfrom");
		buf[n] = 0;
		if (getnameinfo((SOCKADDR *)&from, len, host, sizeof(host), NULL, 0,
				NI_NUMERICHOST))
			strcpy(host, "?");
		printf("from %s: %s\n", host, buf);
		fflush(stdout);
	}
	freeaddrinfo(group);
	closesocket(s);
	WSACleanup();
	return 0;
}
