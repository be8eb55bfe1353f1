// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A Winsock TCP echo server, written the way "A short guide to socket
 * programming on Windows" (see guide/README) writes Winsock code
 * (WSAStartup, socket, bind, listen, accept, recv, send, closesocket,
 * WSACleanup), listening on IPv4 and IPv6.
 *
 * usage: echo_server [port [clients]]
 *   port     TCP port, default 5000
 *   clients  exit after serving this many clients (default 0: never)
 */
#include <stdio.h>
#include <stdlib.h>
#include <winsock2.h>
#include <ws2tcpip.h>

static SOCKET listen_on(int af, u_short port)
{
	struct sockaddr_storage ss;
	SOCKET server;
	int length;

	server = socket(af, SOCK_STREAM, 0);
	if (server == INVALID_SOCKET) {
		printf("server: socket(%s) failed: %d\n",
		       af == AF_INET ? "AF_INET" : "AF_INET6",
		       WSAGetLastError());
		return INVALID_SOCKET;
	}

	memset(&ss, 0, sizeof(ss));
	if (af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
		sin->sin_port = htons(port);
		length = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_any;
		sin6->sin6_port = htons(port);
		length = sizeof(*sin6);
	}

	if (bind(server, (struct sockaddr *)&ss, length) == SOCKET_ERROR ||
	    listen(server, SOMAXCONN) == SOCKET_ERROR) {
		/* could not start server */
		printf("server: bind/listen on port %u failed: %d\n", port,
		       WSAGetLastError());
		closesocket(server);
		return INVALID_SOCKET;
	}
	return server;
}

static void describe(const struct sockaddr *addr, int length, char *text,
		     DWORD size)
{
	if (WSAAddressToStringA((LPSOCKADDR)addr, (DWORD)length, NULL, text,
				&size) == SOCKET_ERROR)
		snprintf(text, size, "(unknown: %d)", WSAGetLastError());
}

/* Echoes everything the client sends until it closes its side. */
static void serve(SOCKET client, const char *peer)
{
	char buffer[1024];
	int received, sent, n, total = 0;

	for (;;) {
		received = recv(client, buffer, sizeof(buffer), 0);
		if (received == 0)
			break;			/* graceful close */
		if (received == SOCKET_ERROR) {
			printf("server: recv from %s failed: %d\n", peer,
			       WSAGetLastError());
			return;
		}
		for (sent = 0; sent < received; sent += n) {
			n = send(client, buffer + sent, received - sent, 0);
			if (n == SOCKET_ERROR) {
				printf("server: send to %s failed: %d\n",
				       peer, WSAGetLastError());
				return;
			}
		}
		total += received;
	}
	printf("server: echoed %d bytes to %s, connection closed\n", total,
	       peer);
}

int main(int argc, char **argv)
{
	u_short port = argc > 1 ? (u_short)atoi(argv[1]) : 5000;
	int clients = argc > 2 ? atoi(argv[2]) : 0, served = 0, i;
	SOCKET servers[2];
	WSADATA wsaData;
	WORD version;
	int error;

	setvbuf(stdout, NULL, _IOLBF, 0);

	version = MAKEWORD(2, 2);
	error = WSAStartup(version, &wsaData);
	if (error != 0) {
		printf("server: WSAStartup failed: %d\n", error);
		return 1;
	}
	if (LOBYTE(wsaData.wVersion) != 2 || HIBYTE(wsaData.wVersion) != 2) {
		/* incorrect WinSock version */
		WSACleanup();
		return 1;
	}

	servers[0] = listen_on(AF_INET, port);
	servers[1] = listen_on(AF_INET6, port);
	if (servers[0] == INVALID_SOCKET || servers[1] == INVALID_SOCKET) {
		WSACleanup();
		return 1;
	}
	printf("server: listening on 0.0.0.0:%u and [::]:%u\n", port, port);

	while (clients == 0 || served < clients) {
		fd_set readfds;

		FD_ZERO(&readfds);
		FD_SET(servers[0], &readfds);
		FD_SET(servers[1], &readfds);
		if (select(0, &readfds, NULL, NULL, NULL) == SOCKET_ERROR) {
			printf("server: select failed: %d\n",
			       WSAGetLastError());
			break;
		}
		for (i = 0; i < 2; i++) {
			struct sockaddr_storage from;
			char peer[INET6_ADDRSTRLEN + 8];
			SOCKET client;
			int length;

			if (!FD_ISSET(servers[i], &readfds))
				continue;
			length = sizeof(from);
			client = accept(servers[i], (struct sockaddr *)&from,
					&length);
			if (client == INVALID_SOCKET) {
				printf("server: accept failed: %d\n",
				       WSAGetLastError());
				continue;
			}
			describe((struct sockaddr *)&from, length, peer,
				 sizeof(peer));
			printf("server: connection from %s\n", peer);
			serve(client, peer);
			closesocket(client);
			served++;
		}
	}

	closesocket(servers[0]);
	closesocket(servers[1]);
	WSACleanup();
	return 0;
}
