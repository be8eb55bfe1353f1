// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compile test: glibc's network headers after winsock2.h compile; their
 * socket API is Winsock's (declared by winsock2.h), and what they add
 * (<net/if.h>'s interface names, <ifaddrs.h>'s list) is usable.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <net/if.h>
#include <ifaddrs.h>
#include <unistd.h>

int glibc_after(void);

int glibc_after(void)
{
	struct ifaddrs *ifa = NULL;
	struct hostent *he = gethostbyname("localhost");
	char name[64];
	int n = 0;

	if (getifaddrs(&ifa) == 0) {
		n = ifa && ifa->ifa_addr ? ifa->ifa_addr->sa_family : 0;
		freeifaddrs(ifa);
	}
	return n + (int)if_nametoindex("lo") + (he ? he->h_length : 0) +
	       gethostname(name, sizeof(name));
}
