// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A Winsock TCP echo client, written the way "A short guide to socket
 * programming on Windows" (see guide/README) writes Winsock code:
 * WSAStartup, socket, connect, send, recv, closesocket, WSACleanup
 * (getaddrinfo instead of gethostbyname, so that IPv6 addresses work too).
 *
 * usage: echo_client host port message
 * Exits 0 only if the server sent the message back unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <winsock2.h>
#include <ws2tcpip.h>

static SOCKET connect_to(const char *host, const char *port)
{
	ADDRINFOA hints, *result, *ai;
	SOCKET client = INVALID_SOCKET;
	char text[INET6_ADDRSTRLEN + 8];
	DWORD size;
	int error;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	error = getaddrinfo(host, port, &hints, &result);
	if (error != 0) {
		printf("client: getaddrinfo(%s, %s) failed: %d (%s)\n", host,
		       port, error, gai_strerror(error));
		return INVALID_SOCKET;
	}

	for (ai = result; ai; ai = ai->ai_next) {
		size = sizeof(text);
		WSAAddressToStringA(ai->ai_addr, (DWORD)ai->ai_addrlen, NULL,
				    text, &size);
		client = socket(ai->ai_family, ai->ai_socktype,
				ai->ai_protocol);
		if (client == INVALID_SOCKET) {
			printf("client: socket failed: %d\n",
			       WSAGetLastError());
			continue;
		}
		if (connect(client, ai->ai_addr, (int)ai->ai_addrlen) ==
		    SOCKET_ERROR) {
			/* could not connect to server */
			printf("client: connect to %s failed: %d\n", text,
			       WSAGetLastError());
			closesocket(client);
			client = INVALID_SOCKET;
			continue;
		}
		printf("client: connected to %s\n", text);
		break;
	}
	freeaddrinfo(result);
	return client;
}

int main(int argc, char **argv)
{
	char buffer[1024];
	int length, sent, received, n, ok;
	WSADATA wsaData;
	SOCKET client;

	if (argc != 4) {
		printf("usage: %s host port message\n", argv[0]);
		return 2;
	}
	length = (int)strlen(argv[3]);
	if (length >= (int)sizeof(buffer)) {
		printf("client: message too long\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0) {
		printf("client: WSAStartup failed\n");
		return 1;
	}
	client = connect_to(argv[1], argv[2]);
	if (client == INVALID_SOCKET) {
		WSACleanup();
		return 1;
	}

	for (sent = 0; sent < length; sent += n) {
		n = send(client, argv[3] + sent, length - sent, 0);
		if (n == SOCKET_ERROR) {
			printf("client: send failed: %d\n", WSAGetLastError());
			closesocket(client);
			WSACleanup();
			return 1;
		}
	}
	printf("client: sent     \"%s\" (%d bytes)\n", argv[3], sent);
	/* No more data: the server sees the end of the stream and closes. */
	shutdown(client, SD_SEND);

	for (received = 0; received < (int)sizeof(buffer) - 1; received += n) {
		n = recv(client, buffer + received,
			 (int)sizeof(buffer) - 1 - received, 0);
		if (n == 0)
			break;
		if (n == SOCKET_ERROR) {
			printf("client: recv failed: %d\n", WSAGetLastError());
			closesocket(client);
			WSACleanup();
			return 1;
		}
	}
	buffer[received] = '\0';
	ok = received == length && !memcmp(buffer, argv[3], length);
	printf("client: received \"%s\" (%d bytes): %s\n", buffer, received,
	       ok ? "echo OK" : "ECHO MISMATCH");

	closesocket(client);
	WSACleanup();
	return ok ? 0 : 1;
}
