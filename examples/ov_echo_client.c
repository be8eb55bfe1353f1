// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An overlapped Winsock TCP echo client that holds several connections at
 * once, to check that a server serves its clients concurrently.
 *
 * It opens CONNECTIONS connections to each HOST, all of them before any
 * data moves, then echoes a different message on each, the last
 * connection first, with overlapped WSASend and WSARecv whose events it
 * waits for with a timeout. A server that served its clients one at a
 * time would never answer the last connection while the first ones are
 * open and silent: the client then fails after TIMEOUT_MS instead of
 * hanging. Finally it shuts down its side of every connection and waits
 * for the server to close each.
 *
 * The same source builds against libws and, unchanged, with mingw-w64
 * for Windows (link with -lws2_32).
 *
 * usage: ov_echo_client port connections host...
 * Exits 0 only if every message came back unchanged and the server
 * closed every connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#define MAX_CONNS	32
#define TIMEOUT_MS	10000

struct conn {
	SOCKET	s;
	int	id;		/* 1, 2, ...: the order of connecting */
	char	peer[INET6_ADDRSTRLEN + 8];
	char	*msg;		/* what is sent */
	char	*back;		/* what comes back */
	DWORD	len;
};

static struct conn conns[MAX_CONNS];
static int nconns;

static SOCKET connect_to(const char *host, const char *port, char *text,
			 DWORD size)
{
	ADDRINFOA hints, *result, *ai;
	SOCKET s = INVALID_SOCKET;
	DWORD n;
	int error;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	error = getaddrinfo(host, port, &hints, &result);
	if (error != 0) {
		printf("client: getaddrinfo(%s, %s) failed: %d\n", host, port,
		       error);
		return INVALID_SOCKET;
	}
	for (ai = result; ai; ai = ai->ai_next) {
		n = size;
		if (WSAAddressToStringA(ai->ai_addr, (DWORD)ai->ai_addrlen,
					NULL, text, &n) == SOCKET_ERROR)
			snprintf(text, size, "%s", host);
		s = WSASocket(ai->ai_family, ai->ai_socktype, ai->ai_protocol,
			      NULL, 0, WSA_FLAG_OVERLAPPED);
		if (s == INVALID_SOCKET) {
			printf("client: WSASocket failed: %d\n",
			       WSAGetLastError());
			continue;
		}
		/* Blocking: the listen backlog completes it, AcceptEx or not. */
		if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) == 0)
			break;
		printf("client: connect to %s failed: %d\n", text,
		       WSAGetLastError());
		closesocket(s);
		s = INVALID_SOCKET;
	}
	freeaddrinfo(result);
	return s;
}

/*
 * Moves @len bytes of @buf on @c (sends them, or receives them) with
 * overlapped operations, each waited for at most TIMEOUT_MS. Returns the
 * bytes moved: fewer than @len if the server closed first, -1 on error.
 */
static int transfer(struct conn *c, WSAEVENT event, char *buf, DWORD len,
		    int sending)
{
	const char *what = sending ? "WSASend" : "WSARecv";
	DWORD done = 0, bytes, flags;
	WSAOVERLAPPED ov;
	WSABUF wsabuf;
	int r;

	while (done < len) {
		memset(&ov, 0, sizeof(ov));
		ov.hEvent = event;
		WSAResetEvent(event);
		wsabuf.buf = buf + done;
		wsabuf.len = len - done;
		flags = 0;
		if (sending)
			r = WSASend(c->s, &wsabuf, 1, NULL, 0, &ov, NULL);
		else
			r = WSARecv(c->s, &wsabuf, 1, NULL, &flags, &ov, NULL);
		if (r == SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING) {
			printf("client: %s to %s failed: %d\n", what, c->peer,
			       WSAGetLastError());
			return -1;
		}
		/* Completed at once or not, the event says when. */
		if (WSAWaitForMultipleEvents(1, &event, FALSE, TIMEOUT_MS,
					     FALSE) != WSA_WAIT_EVENT_0) {
			/*
			 * The operation still points at ov and buf: cancel
			 * it and wait until it has let go of them.
			 */
			printf("client: %s on %s: no answer in %d s\n", what,
			       c->peer, TIMEOUT_MS / 1000);
			CancelIoEx((HANDLE)c->s, &ov);
			WSAGetOverlappedResult(c->s, &ov, &bytes, TRUE, &flags);
			return -1;
		}
		if (!WSAGetOverlappedResult(c->s, &ov, &bytes, FALSE, &flags)) {
			printf("client: %s on %s failed: %d\n", what, c->peer,
			       WSAGetLastError());
			return -1;
		}
		if (bytes == 0)		/* the server closed */
			break;
		done += bytes;
	}
	return (int)done;
}

/* Sends @c's message and checks that exactly it comes back. */
static int echo(struct conn *c, WSAEVENT event)
{
	DWORD i;
	int n;

	if (transfer(c, event, c->msg, c->len, 1) != (int)c->len)
		return -1;
	n = transfer(c, event, c->back, c->len, 0);
	if (n < 0)
		return -1;
	for (i = 0; i < (DWORD)n && c->back[i] == c->msg[i]; i++)
		;
	if (i < c->len) {
		printf("client: connection %d (%s): ECHO MISMATCH at byte %lu of %lu (%d came back)\n",
		       c->id, c->peer, (unsigned long)i, (unsigned long)c->len,
		       n);
		return -1;
	}
	printf("client: connection %d (%s): %lu bytes echoed OK\n", c->id,
	       c->peer, (unsigned long)c->len);
	return 0;
}

/*
 * A message of its own for each connection, most longer than the server
 * reads at once.
 */
static int make_message(struct conn *c)
{
	DWORD j;
	int n;

	c->len = 1500 + 2500 * (DWORD)(c->id - 1);
	c->msg = malloc(c->len);
	c->back = malloc(c->len);
	if (!c->msg || !c->back)
		return -1;
	n = snprintf(c->msg, c->len, "connection %d to %s: ", c->id, c->peer);
	for (j = (DWORD)n; j < c->len; j++)
		c->msg[j] = (char)('a' + (j * 7 + (DWORD)c->id) % 26);
	return 0;
}

int main(int argc, char **argv)
{
	int per_host, i, h, ok = 0, failed = 0;
	WSAEVENT event = WSA_INVALID_EVENT;
	WSADATA wsaData;
	char eof;

	if (argc < 4 || atoi(argv[2]) < 1 ||
	    atoi(argv[2]) * (argc - 3) > MAX_CONNS) {
		printf("usage: %s port connections host... (%d at most)\n",
		       argv[0], MAX_CONNS);
		return 2;
	}
	per_host = atoi(argv[2]);
	setvbuf(stdout, NULL, _IONBF, 0);

	if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0) {
		printf("client: WSAStartup failed\n");
		return 1;
	}
	event = WSACreateEvent();
	if (event == WSA_INVALID_EVENT) {
		printf("client: WSACreateEvent failed: %d\n",
		       WSAGetLastError());
		failed = 1;
		goto out;
	}

	for (h = 3; h < argc; h++) {
		for (i = 0; i < per_host; i++) {
			struct conn *c = &conns[nconns];

			c->s = connect_to(argv[h], argv[1], c->peer,
					  sizeof(c->peer));
			if (c->s == INVALID_SOCKET) {
				failed = 1;
				goto out;
			}
			c->id = ++nconns;
			if (make_message(c) < 0) {
				printf("client: out of memory\n");
				failed = 1;
				goto out;
			}
		}
	}
	printf("client: %d connections open, echoing on the last first\n",
	       nconns);

	for (i = nconns - 1; i >= 0; i--) {
		if (echo(&conns[i], event) < 0) {
			failed = 1;
			goto out;
		}
	}

	/* No more data: the server sees the end of each stream and closes. */
	for (i = 0; i < nconns; i++)
		shutdown(conns[i].s, SD_SEND);
	for (i = 0; i < nconns; i++) {
		if (transfer(&conns[i], event, &eof, 1, 0) != 0) {
			printf("client: %s: the server did not close\n",
			       conns[i].peer);
			failed = 1;
			goto out;
		}
	}
	ok = 1;
	printf("client: all %d echoes OK, the server closed every connection\n",
	       nconns);

out:
	/* Closing first: nothing may still refer to the buffers freed next. */
	for (i = 0; i < nconns; i++) {
		closesocket(conns[i].s);
		free(conns[i].msg);
		free(conns[i].back);
	}
	if (event != WSA_INVALID_EVENT)
		WSACloseEvent(event);
	WSACleanup();
	return ok && !failed ? 0 : 1;
}
