// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compile test: Windows code defines socklen_t itself after winsock2.h
 * (Windows' winsock2.h does not define it; ws2tcpip.h does, as an int),
 * and may include <unistd.h> for the rest of its port.
 */
#include <winsock2.h>

typedef int socklen_t;

#include <unistd.h>

int socklen_after(void);

int socklen_after(void)
{
	socklen_t len = -1;		/* an int: Windows' */
	char name[64];

	return len + gethostname(name, sizeof(name)) + (int)getpid();
}
