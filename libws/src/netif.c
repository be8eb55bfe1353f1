// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The host's addresses, interfaces and routes, in Winsock layouts, for
 * WSAIoctl (ioctl.c): SIO_ADDRESS_LIST_QUERY, SIO_GET_INTERFACE_LIST and
 * SIO_ROUTING_INTERFACE_QUERY. The Linux side: glibc's getifaddrs and a
 * native UDP socket, in the caller's network namespace; the layouts are
 * layout.h's mirrors of the Windows structures.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"
#include "layout.h"

static int addr_len(int family)
{
	return family == AF_INET6 ? WSL_SOCKADDR_IN6_LEN : WSL_SOCKADDR_IN_LEN;
}

/* A Linux sockaddr of an interface, in Winsock's numbering, into @dst. */
static void addr_to_ws(void *dst, const struct sockaddr *sa)
{
	struct sockaddr_storage ss;
	int len = addr_len(sa->sa_family);

	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, sa, len);
	if (ss.ss_family == AF_INET6)
		ss.ss_family = WSL_AF_INET6;
	memcpy(dst, &ss, len);
}

static int listed(const struct ifaddrs *ifa, int family)
{
	return ifa->ifa_addr && ifa->ifa_addr->sa_family == family &&
	       (ifa->ifa_flags & IFF_UP) && !(ifa->ifa_flags & IFF_LOOPBACK);
}

ssize_t wsnet_address_list(int inet6, uintptr_t base, void **out)
{
	int family = inet6 ? AF_INET6 : AF_INET, alen = addr_len(family);
	struct wsl_socket_address_list *list;
	struct ifaddrs *ifas, *ifa;
	size_t n = 0, head, size, i = 0;
	char *p;

	if (getifaddrs(&ifas))
		return -errno;
	for (ifa = ifas; ifa; ifa = ifa->ifa_next)
		n += listed(ifa, family);
	head = offsetof(struct wsl_socket_address_list, Address) +
	       n * sizeof(struct wsl_socket_address);
	size = head + n * alen;
	list = calloc(1, size > sizeof(*list) ? size : sizeof(*list));
	if (!list) {
		freeifaddrs(ifas);
		return -ENOMEM;
	}
	p = (char *)list + head;
	for (ifa = ifas; ifa && i < n; ifa = ifa->ifa_next) {
		if (!listed(ifa, family))
			continue;
		addr_to_ws(p, ifa->ifa_addr);
		list->Address[i].lpSockaddr = (void *)(base + (p - (char *)list));
		list->Address[i].iSockaddrLength = alen;
		p += alen;
		i++;
	}
	list->iAddressCount = (int)i;
	freeifaddrs(ifas);
	*out = list;
	return (ssize_t)size;
}

static unsigned int iff_to_ws(unsigned int flags)
{
	return (flags & IFF_UP ? WSL_IFF_UP : 0) |
	       (flags & IFF_BROADCAST ? WSL_IFF_BROADCAST : 0) |
	       (flags & IFF_LOOPBACK ? WSL_IFF_LOOPBACK : 0) |
	       (flags & IFF_POINTOPOINT ? WSL_IFF_POINTTOPOINT : 0) |
	       (flags & IFF_MULTICAST ? WSL_IFF_MULTICAST : 0);
}

ssize_t wsnet_interface_list(void **out)
{
	struct wsl_interface_info *info;
	struct ifaddrs *ifas, *ifa;
	size_t n = 0, i = 0;

	if (getifaddrs(&ifas))
		return -errno;
	for (ifa = ifas; ifa; ifa = ifa->ifa_next)
		n += ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET;
	info = calloc(n ? n : 1, sizeof(*info));
	if (!info) {
		freeifaddrs(ifas);
		return -ENOMEM;
	}
	for (ifa = ifas; ifa && i < n; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_INET)
			continue;
		info[i].iiFlags = iff_to_ws(ifa->ifa_flags);
		addr_to_ws(info[i].iiAddress, ifa->ifa_addr);
		/* The broadcast address, or a point-to-point link's peer. */
		if (ifa->ifa_broadaddr &&
		    ifa->ifa_broadaddr->sa_family == AF_INET)
			addr_to_ws(info[i].iiBroadcastAddress,
				   ifa->ifa_broadaddr);
		if (ifa->ifa_netmask && ifa->ifa_netmask->sa_family == AF_INET)
			addr_to_ws(info[i].iiNetmask, ifa->ifa_netmask);
		i++;
	}
	freeifaddrs(ifas);
	*out = info;
	return (ssize_t)(i * sizeof(*info));
}

int wsnet_route_source(const void *dest, int len, void *src, int size)
{
	struct sockaddr_storage d, s;
	socklen_t slen = sizeof(s);
	int fd, r, alen;

	if (len < (int)sizeof(d.ss_family) || len > (int)sizeof(d))
		return -EINVAL;
	memset(&d, 0, sizeof(d));
	memcpy(&d, dest, len);
	if (d.ss_family == WSL_AF_INET6)
		d.ss_family = AF_INET6;
	alen = addr_len(d.ss_family);
	if (len < alen || size < alen)
		return -EFAULT;
	/* Connecting a UDP socket only picks the route: nothing is sent. */
	if (d.ss_family == AF_INET && !((struct sockaddr_in *)&d)->sin_port)
		((struct sockaddr_in *)&d)->sin_port = htons(9);
	if (d.ss_family == AF_INET6 && !((struct sockaddr_in6 *)&d)->sin6_port)
		((struct sockaddr_in6 *)&d)->sin6_port = htons(9);
	fd = socket(d.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	r = connect(fd, (struct sockaddr *)&d, alen) ||
	    getsockname(fd, (struct sockaddr *)&s, &slen) ? -errno : 0;
	close(fd);
	if (r < 0)
		return r;
	if (s.ss_family == AF_INET)
		((struct sockaddr_in *)&s)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&s)->sin6_port = 0;
	addr_to_ws(src, (struct sockaddr *)&s);
	return alen;
}
