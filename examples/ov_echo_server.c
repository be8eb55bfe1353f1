// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An overlapped Winsock TCP echo server, written the way Windows servers
 * are written: an IPv4 and an IPv6 listener, each with an AcceptEx pending
 * (the function obtained through WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER),
 * as mswsock.dll's extensions are) whose event the main thread waits for
 * alertably; each connection is then served by overlapped WSARecv and
 * WSASend whose completion routines run during that same wait and post the
 * next operation. One thread serves any number of clients at once, and
 * nothing blocks but the alertable wait.
 *
 * The same source builds against libws and, unchanged, with mingw-w64
 * for Windows (link with -lws2_32).
 *
 * usage: ov_echo_server [port [clients]]
 *   port     TCP port, default 5001
 *   clients  exit after serving this many clients (default 0: never)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>

/* AcceptEx wants 16 bytes more than the largest address, for each end. */
#define ADDR_LEN	((DWORD)sizeof(SOCKADDR_IN6) + 16)
#define BUF_SIZE	4096

struct listener {
	SOCKET		s;
	int		af;
	SOCKET		accept;	/* what the pending AcceptEx fills */
	WSAOVERLAPPED	ov;	/* its hEvent is the one waited for */
	LPFN_ACCEPTEX	lpfnAcceptEx;
	LPFN_GETACCEPTEXSOCKADDRS lpfnGetAcceptExSockaddrs;
	char		addrs[2 * ADDR_LEN];	/* local, remote address */
};

/*
 * One client, with its single operation in flight (a receive, or the send
 * echoing it). The OVERLAPPED comes first: a completion routine gets a
 * pointer to it and casts it back to the connection.
 */
struct conn {
	WSAOVERLAPPED	ov;
	SOCKET		s;
	WSABUF		wsabuf;
	/*
	 * The receive's flags stay with the operation, as its buffer and
	 * OVERLAPPED do: a pending WSARecv may store its result flags
	 * through lpFlags when it completes (libws does), so a local
	 * variable of post_recv() would not do.
	 */
	DWORD		flags;
	DWORD		len;	/* bytes received into buf */
	DWORD		sent;	/* of them, sent back so far */
	unsigned long	total;
	char		peer[INET6_ADDRSTRLEN + 8];
	char		buf[BUF_SIZE];
};

/*
 * Static: the pending AcceptEx operations write into these OVERLAPPEDs
 * until they complete, even while main() closes things down.
 */
static struct listener listeners[2];
static int active, peak, served;

static void post_recv(struct conn *c);

static void describe(const struct sockaddr *addr, int length, char *text,
		     DWORD size)
{
	if (WSAAddressToStringA((LPSOCKADDR)addr, (DWORD)length, NULL, text,
				&size) == SOCKET_ERROR)
		snprintf(text, size, "(unknown: %d)", WSAGetLastError());
}

/* The end of a connection: the client closed, or an operation failed. */
static void finish(struct conn *c, DWORD error)
{
	if (error)
		printf("server: connection from %s failed: %lu\n", c->peer,
		       (unsigned long)error);
	else
		printf("server: echoed %lu bytes to %s, connection closed\n",
		       c->total, c->peer);
	/* No operation is pending on it, so the memory can go at once. */
	closesocket(c->s);
	free(c);
	active--;
	served++;
}

static void CALLBACK send_done(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov,
			       DWORD flags)
{
	struct conn *c = (struct conn *)ov;

	(void)flags;
	if (error) {
		finish(c, error);
		return;
	}
	c->sent += bytes;
	if (c->sent < c->len) {
		/* Stream sends complete whole, but do not count on it. */
		memset(&c->ov, 0, sizeof(c->ov));
		c->wsabuf.buf = c->buf + c->sent;
		c->wsabuf.len = c->len - c->sent;
		if (WSASend(c->s, &c->wsabuf, 1, NULL, 0, &c->ov,
			    send_done) == SOCKET_ERROR &&
		    WSAGetLastError() != WSA_IO_PENDING)
			finish(c, WSAGetLastError());
		return;
	}
	post_recv(c);
}

static void CALLBACK recv_done(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov,
			       DWORD flags)
{
	struct conn *c = (struct conn *)ov;

	(void)flags;
	if (error || bytes == 0) {	/* 0 bytes: the client shut down */
		finish(c, error);
		return;
	}
	c->len = bytes;
	c->sent = 0;
	c->total += bytes;

	/* Echo what came, before reading more: one operation at a time. */
	memset(&c->ov, 0, sizeof(c->ov));
	c->wsabuf.buf = c->buf;
	c->wsabuf.len = bytes;
	if (WSASend(c->s, &c->wsabuf, 1, NULL, 0, &c->ov, send_done) ==
	    SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING)
		finish(c, WSAGetLastError());
}

/*
 * Posts the next receive. Its routine runs at the next alertable wait even
 * when WSARecv finds data at once and returns 0: as on Windows, only an
 * error other than WSA_IO_PENDING means it will never run.
 */
static void post_recv(struct conn *c)
{
	memset(&c->ov, 0, sizeof(c->ov));
	c->wsabuf.buf = c->buf;
	c->wsabuf.len = sizeof(c->buf);
	c->flags = 0;
	if (WSARecv(c->s, &c->wsabuf, 1, NULL, &c->flags, &c->ov, recv_done) ==
	    SOCKET_ERROR && WSAGetLastError() != WSA_IO_PENDING)
		finish(c, WSAGetLastError());
}

/* Posts an AcceptEx on @l into a fresh accept socket. */
static int post_accept(struct listener *l)
{
	WSAEVENT event = l->ov.hEvent;
	DWORD bytes;

	l->accept = WSASocket(l->af, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
			      WSA_FLAG_OVERLAPPED);
	if (l->accept == INVALID_SOCKET) {
		printf("server: WSASocket failed: %d\n", WSAGetLastError());
		return -1;
	}
	memset(&l->ov, 0, sizeof(l->ov));
	l->ov.hEvent = event;

	/*
	 * No receive part (dwReceiveDataLength 0): with one, AcceptEx
	 * completes only when the client's first bytes arrive, and a client
	 * that connects and waits would hold the listener's only AcceptEx.
	 */
	if (!l->lpfnAcceptEx(l->s, l->accept, l->addrs, 0, ADDR_LEN, ADDR_LEN,
			     &bytes, &l->ov) &&
	    WSAGetLastError() != ERROR_IO_PENDING) {
		printf("server: AcceptEx failed: %d\n", WSAGetLastError());
		closesocket(l->accept);
		l->accept = INVALID_SOCKET;
		return -1;
	}
	return 0;
}

/* The AcceptEx on @l completed: start serving its connection. */
static int accepted(struct listener *l)
{
	struct sockaddr *local, *remote;
	int local_len, remote_len;
	DWORD bytes, flags;
	struct conn *c;

	if (!WSAGetOverlappedResult(l->s, &l->ov, &bytes, FALSE, &flags)) {
		/* A client that reset before it was accepted, say. */
		printf("server: AcceptEx completed with error %d\n",
		       WSAGetLastError());
		closesocket(l->accept);
		return post_accept(l);
	}

	/*
	 * Windows gives the accept socket the listener's properties, and
	 * makes it work with getpeername, shutdown and the like, only once
	 * told which listener accepted it. (libws has it complete already
	 * and accepts the call.)
	 */
	if (setsockopt(l->accept, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
		       (char *)&l->s, sizeof(l->s)) == SOCKET_ERROR) {
		printf("server: SO_UPDATE_ACCEPT_CONTEXT failed: %d\n",
		       WSAGetLastError());
		closesocket(l->accept);
		return post_accept(l);
	}

	c = calloc(1, sizeof(*c));
	if (!c) {
		printf("server: out of memory, connection refused\n");
		closesocket(l->accept);
		return post_accept(l);
	}
	c->s = l->accept;
	l->lpfnGetAcceptExSockaddrs(l->addrs, 0, ADDR_LEN, ADDR_LEN, &local,
				    &local_len, &remote, &remote_len);
	describe(remote, remote_len, c->peer, sizeof(c->peer));
	printf("server: connection from %s\n", c->peer);
	if (++active > peak)
		peak = active;
	post_recv(c);

	return post_accept(l);
}

/* Obtains an extension function of @s's provider, as Windows code does. */
static int get_extension(SOCKET s, GUID guid, void *fn, DWORD size)
{
	DWORD bytes;

	if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid,
		     sizeof(guid), fn, size, &bytes, NULL, NULL) ==
	    SOCKET_ERROR) {
		printf("server: WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) failed: %d\n",
		       WSAGetLastError());
		return -1;
	}
	return 0;
}

static int listen_on(struct listener *l, int af, u_short port)
{
	GUID acceptex = WSAID_ACCEPTEX;
	GUID sockaddrs = WSAID_GETACCEPTEXSOCKADDRS;
	struct sockaddr_storage ss;
	int length;

	l->af = af;
	l->accept = INVALID_SOCKET;
	l->s = WSASocket(af, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
			 WSA_FLAG_OVERLAPPED);
	if (l->s == INVALID_SOCKET) {
		printf("server: WSASocket(%s) failed: %d\n",
		       af == AF_INET ? "AF_INET" : "AF_INET6",
		       WSAGetLastError());
		return -1;
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
	if (bind(l->s, (struct sockaddr *)&ss, length) == SOCKET_ERROR ||
	    listen(l->s, SOMAXCONN) == SOCKET_ERROR) {
		printf("server: bind/listen on port %u failed: %d\n", port,
		       WSAGetLastError());
		return -1;
	}

	/*
	 * The functions belong to the socket's provider; Windows documents
	 * asking each socket for them rather than calling mswsock's exports.
	 */
	if (get_extension(l->s, acceptex, &l->lpfnAcceptEx,
			  sizeof(l->lpfnAcceptEx)) < 0 ||
	    get_extension(l->s, sockaddrs, &l->lpfnGetAcceptExSockaddrs,
			  sizeof(l->lpfnGetAcceptExSockaddrs)) < 0)
		return -1;

	l->ov.hEvent = WSACreateEvent();
	if (l->ov.hEvent == WSA_INVALID_EVENT) {
		printf("server: WSACreateEvent failed: %d\n",
		       WSAGetLastError());
		return -1;
	}
	return post_accept(l);
}

/* Closes @l; waits for its AcceptEx to end before its event goes. */
static void close_listener(struct listener *l)
{
	if (l->s != INVALID_SOCKET) {
		/* Closing the listener aborts its pending AcceptEx. */
		closesocket(l->s);
		if (l->accept != INVALID_SOCKET &&
		    WSAWaitForMultipleEvents(1, &l->ov.hEvent, FALSE, 5000,
					     FALSE) != WSA_WAIT_EVENT_0)
			printf("server: AcceptEx did not end\n");
	}
	if (l->accept != INVALID_SOCKET)
		closesocket(l->accept);
	if (l->ov.hEvent && l->ov.hEvent != WSA_INVALID_EVENT)
		WSACloseEvent(l->ov.hEvent);
}

int main(int argc, char **argv)
{
	u_short port = argc > 1 ? (u_short)atoi(argv[1]) : 5001;
	int clients = argc > 2 ? atoi(argv[2]) : 0, status = 0, i;
	WSAEVENT events[2];
	WSADATA wsaData;
	DWORD rc;

	/*
	 * Unbuffered, so that a log file follows the server as it runs
	 * (Windows' C runtime has no line buffering).
	 */
	setvbuf(stdout, NULL, _IONBF, 0);

	if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0) {
		printf("server: WSAStartup failed\n");
		return 1;
	}
	for (i = 0; i < 2; i++)
		listeners[i].s = INVALID_SOCKET;
	if (listen_on(&listeners[0], AF_INET, port) < 0 ||
	    listen_on(&listeners[1], AF_INET6, port) < 0) {
		status = 1;
		goto out;
	}
	printf("server: listening on 0.0.0.0:%u and [::]:%u (overlapped)\n",
	       port, port);
	events[0] = listeners[0].ov.hEvent;
	events[1] = listeners[1].ov.hEvent;

	while (clients == 0 || served < clients) {
		/*
		 * Alertable: completion routines of the connections run in
		 * here, and the wait then returns WSA_WAIT_IO_COMPLETION.
		 */
		rc = WSAWaitForMultipleEvents(2, events, FALSE, WSA_INFINITE,
					      TRUE);
		if (rc == WSA_WAIT_IO_COMPLETION)
			continue;
		if (rc != WSA_WAIT_EVENT_0 && rc != WSA_WAIT_EVENT_0 + 1) {
			printf("server: WSAWaitForMultipleEvents failed: %d\n",
			       WSAGetLastError());
			status = 1;
			break;
		}
		i = (int)(rc - WSA_WAIT_EVENT_0);
		/* Manual-reset events: reset before the next AcceptEx. */
		WSAResetEvent(events[i]);
		if (accepted(&listeners[i]) < 0) {
			status = 1;
			break;
		}
	}
	printf("server: served %d clients, at most %d at once\n", served,
	       peak);

out:
	close_listener(&listeners[0]);
	close_listener(&listeners[1]);
	WSACleanup();
	return status;
}
