// SPDX-License-Identifier: GPL-2.0
/*
 * WSAPoll, and the alertable waits of select and a blocking accept, which
 * wait through the same poll of the module. WSAPoll is not in the 1996
 * specification (Windows Vista added it); every expectation here is
 * Windows behaviour recorded by Wine's test_WSAPoll, test_select and
 * test_accept (see ws_test.h), todo_wine marking those Wine itself does
 * not have.
 */
#include "ws_test.h"

#define ALL_ASKABLE	(POLLRDNORM | POLLRDBAND | POLLWRNORM)
#define NOT_A_HANDLE	((SOCKET)0xabacab)

FIXTURE(wsapoll) {
	SOCKET listener;
	struct sockaddr_storage addr;
	int len;
};

FIXTURE_SETUP(wsapoll)
{
	const char *why = ws_unavailable(AF_INET);

	self->listener = INVALID_SOCKET;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->listener = ws_bound(_metadata, AF_INET, SOCK_STREAM,
				  &self->addr, &self->len);
	ASSERT_EQ(0, listen(self->listener, 5));
}

FIXTURE_TEARDOWN(wsapoll)
{
	if (self->listener != INVALID_SOCKET)
		closesocket(self->listener);
	WSACleanup();
}

/* WSAPoll of @s alone for @mask, not waiting: what test_WSAPoll's
 * check_poll_mask looks at. */
static short poll_one(struct __test_metadata *_metadata, SOCKET s, short mask)
{
	WSAPOLLFD f = { .fd = s, .events = mask, .revents = (SHORT)0xdead };
	int ret;

	WSASetLastError(POISON_ERR);
	ret = WSAPoll(&f, 1, 0);
	EXPECT_EQ(f.revents ? 1 : 0, ret) TH_LOG("error %d", WSAGetLastError());
	if (ret >= 0)
		EXPECT_EQ(0, WSAGetLastError());
	return f.revents;
}

/* A client connected to the fixture's listener, and the accepted socket. */
static void pair(struct __test_metadata *_metadata, FIXTURE_DATA(wsapoll) *self,
		 SOCKET *client, SOCKET *server)
{
	*client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, *client);
	ASSERT_EQ(0, connect(*client, (struct sockaddr *)&self->addr, self->len));
	*server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, *server);
}

/* Wine test_WSAPoll: the argument checks. */
TEST_F(wsapoll, no_array)
{
	ASSERT_WSAFAIL(WSAEINVAL, WSAPoll(NULL, 0, 0));
	ASSERT_WSAFAIL(WSAEFAULT, WSAPoll(NULL, 1, 0));
	ASSERT_WSAFAIL(WSAEINVAL, WSAPoll(NULL, 0, 1));
	ASSERT_WSAFAIL(WSAEFAULT, WSAPoll(NULL, 1, 1));
}

/* Wine test_WSAPoll (todo_wine): events other than the three askable. */
TEST_F(wsapoll, invalid_events)
{
	static const short bad[] = {
		POLLERR, POLLHUP, POLLNVAL, 0x8, POLLWRBAND, 0x40, 0x80,
		POLLPRI, 0x800, 0x1000, 0x2000, 0x4000, (short)0x8000,
	};
	WSAPOLLFD f;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f.fd = self->listener;
		f.events = bad[i];
		f.revents = (SHORT)0xdead;
		TH_LOG("events %#x", bad[i]);
		ASSERT_WSAFAIL(WSAEINVAL, WSAPoll(&f, 1, 0));
	}
}

/* Wine test_WSAPoll: nothing pending is 0, revents cleared. */
TEST_F(wsapoll, nothing_pending)
{
	EXPECT_EQ(0, poll_one(_metadata, self->listener, ALL_ASKABLE));
}

/* Wine test_WSAPoll: entries that are not sockets. */
TEST_F(wsapoll, not_sockets)
{
	WSAPOLLFD f[2];

	/* INVALID_SOCKET (even asking for POLLERR) is POLLNVAL, not counted. */
	f[0] = (WSAPOLLFD){ INVALID_SOCKET, POLLERR, (SHORT)0xdead };
	f[1] = (WSAPOLLFD){ self->listener, POLLIN, (SHORT)0xdead };
	WSASetLastError(POISON_ERR);
	EXPECT_EQ(0, WSAPoll(f, 2, 0));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(POLLNVAL, f[0].revents);
	EXPECT_EQ(0, f[1].revents);

	/* A handle never opened: the same. */
	f[0] = (WSAPOLLFD){ self->listener, POLLIN, (SHORT)0xdead };
	f[1] = (WSAPOLLFD){ NOT_A_HANDLE, POLLIN, (SHORT)0xdead };
	WSASetLastError(POISON_ERR);
	EXPECT_EQ(0, WSAPoll(f, 2, 0));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(0, f[0].revents);
	EXPECT_EQ(POLLNVAL, f[1].revents);

	/* ... but its events are checked (todo_wine): WSAEINVAL, revents 0. */
	f[0] = (WSAPOLLFD){ self->listener, POLLIN, (SHORT)0xdead };
	f[1] = (WSAPOLLFD){ NOT_A_HANDLE, POLLERR, (SHORT)0xdead };
	ASSERT_WSAFAIL(WSAEINVAL, WSAPoll(f, 2, 0));
	EXPECT_EQ(0, f[0].revents);
	EXPECT_EQ(0, f[1].revents);

	/* No socket at all: WSAENOTSOCK, every entry POLLNVAL. */
	f[0] = (WSAPOLLFD){ INVALID_SOCKET, POLLERR, (SHORT)0xdead };
	f[1] = (WSAPOLLFD){ NOT_A_HANDLE, POLLERR, (SHORT)0xdead };
	ASSERT_WSAFAIL(WSAENOTSOCK, WSAPoll(f, 2, 0));
	EXPECT_EQ(POLLNVAL, f[0].revents);
	EXPECT_EQ(POLLNVAL, f[1].revents);
}

/* Wine test_WSAPoll: a pending connection is POLLRDNORM only. */
TEST_F(wsapoll, pending_connection)
{
	WSAPOLLFD f = { self->listener, POLLIN, (SHORT)0xdead };
	SOCKET client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	SOCKET server;

	ASSERT_NE(INVALID_SOCKET, client);
	ASSERT_EQ(0, ws_set_nonblocking(client, true));
	connect(client, (struct sockaddr *)&self->addr, self->len);

	/* It waits for the connection. */
	EXPECT_EQ(1, WSAPoll(&f, 1, WAIT_MS));
	EXPECT_EQ(POLLRDNORM, f.revents);
	EXPECT_EQ(POLLRDNORM, poll_one(_metadata, self->listener, POLLIN));
	EXPECT_EQ(0, poll_one(_metadata, self->listener,
			      POLLRDBAND | POLLWRNORM));

	server = accept(self->listener, NULL, NULL);
	ASSERT_NE(INVALID_SOCKET, server);
	EXPECT_EQ(0, poll_one(_metadata, self->listener, ALL_ASKABLE));
	closesocket(server);
	closesocket(client);
}

/* Wine test_WSAPoll: connected sockets, normal data, several entries. */
TEST_F(wsapoll, connected_and_data)
{
	SOCKET client, server;
	WSAPOLLFD f[3];
	char buf[8];

	pair(_metadata, self, &client, &server);
	ASSERT_EQ(0, ws_set_nonblocking(client, true));
	ASSERT_EQ(0, ws_set_nonblocking(server, true));

	f[0] = (WSAPOLLFD){ self->listener, ALL_ASKABLE, (SHORT)0xdead };
	f[1] = (WSAPOLLFD){ server, ALL_ASKABLE, (SHORT)0xdead };
	f[2] = (WSAPOLLFD){ client, ALL_ASKABLE, (SHORT)0xdead };
	EXPECT_EQ(2, WSAPoll(f, 3, 0));
	EXPECT_EQ(0, f[0].revents);
	EXPECT_EQ(POLLWRNORM, f[1].revents);
	EXPECT_EQ(POLLWRNORM, f[2].revents);

	ASSERT_EQ(4, send(server, "1234", 4, 0));
	ASSERT_EQ(WS_READ, ws_wait(client, WS_READ, WAIT_MS));
	EXPECT_EQ(POLLRDNORM, poll_one(_metadata, client,
				       POLLRDNORM | POLLRDBAND));
	EXPECT_EQ(POLLRDNORM | POLLWRNORM, poll_one(_metadata, client,
						    ALL_ASKABLE));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));
	ASSERT_EQ(4, recv(client, buf, sizeof(buf), 0));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));

	closesocket(client);
	closesocket(server);
}

/* Wine test_WSAPoll: out-of-band data, and with SO_OOBINLINE. */
TEST_F(wsapoll, urgent_data)
{
	SOCKET client, server;
	char c;

	pair(_metadata, self, &client, &server);

	ASSERT_EQ(1, send(client, "A", 1, MSG_OOB));
	ASSERT_EQ(WS_EXCEPT, ws_wait(server, WS_EXCEPT, WAIT_MS));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLRDBAND, poll_one(_metadata, server,
				       POLLRDNORM | POLLRDBAND));
	EXPECT_EQ(POLLWRNORM | POLLRDBAND, poll_one(_metadata, server,
						    ALL_ASKABLE));
	c = 0;
	ASSERT_EQ(1, recv(server, &c, 1, MSG_OOB));
	EXPECT_EQ('A', c);
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));

	/*
	 * Inline, the urgent byte is normal data. On a fresh connection: Linux
	 * TCP leaves an urgent byte read with MSG_OOB in the stream, where a
	 * later urgent byte makes it readable inline (README, "Known
	 * differences from Windows").
	 */
	closesocket(client);
	closesocket(server);
	pair(_metadata, self, &client, &server);
	ASSERT_EQ(0, ws_set_int(server, SOL_SOCKET, SO_OOBINLINE, 1));
	ASSERT_EQ(1, send(client, "A", 1, MSG_OOB));
	ASSERT_EQ(WS_READ, ws_wait(server, WS_READ, WAIT_MS));
	EXPECT_EQ(POLLRDNORM, poll_one(_metadata, server,
				       POLLRDNORM | POLLRDBAND));
	EXPECT_EQ(POLLWRNORM | POLLRDNORM, poll_one(_metadata, server,
						    ALL_ASKABLE));
	c = 0;
	ASSERT_EQ(1, recv(server, &c, 1, 0));
	EXPECT_EQ('A', c);
	/* todo_wine */
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));

	closesocket(client);
	closesocket(server);
}

/*
 * Wine test_WSAPoll: shutdown. The receiving side's own shutdown is not
 * reported; the peer's is POLLHUP (reported unasked, todo_wine), and not
 * readable.
 */
TEST_F(wsapoll, shutdown)
{
	SOCKET client, server;

	pair(_metadata, self, &client, &server);

	ASSERT_EQ(0, shutdown(client, SD_RECEIVE));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));

	ASSERT_EQ(0, shutdown(client, SD_SEND));
	ASSERT_EQ(WS_READ, ws_wait(server, WS_READ, WAIT_MS));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLHUP, poll_one(_metadata, server, 0));
	EXPECT_EQ(POLLWRNORM | POLLHUP, poll_one(_metadata, server,
						 ALL_ASKABLE));

	closesocket(client);
	closesocket(server);
}

/* Wine test_WSAPoll: the peer's closesocket. */
TEST_F(wsapoll, peer_closed)
{
	SOCKET client, server;

	pair(_metadata, self, &client, &server);
	ASSERT_EQ(0, closesocket(client));
	ASSERT_EQ(WS_READ, ws_wait(server, WS_READ, WAIT_MS));
	EXPECT_EQ(POLLHUP, poll_one(_metadata, server, 0));
	EXPECT_EQ(POLLWRNORM | POLLHUP, poll_one(_metadata, server,
						 ALL_ASKABLE));
	closesocket(server);
}

/* Wine test_WSAPoll: shutdown with data still to read (todo_wine). */
TEST_F(wsapoll, shutdown_with_data)
{
	SOCKET client, server;
	long end;

	pair(_metadata, self, &client, &server);
	ASSERT_EQ(5, send(client, "data", 5, 0));
	ASSERT_EQ(WS_READ, ws_wait(server, WS_READ, WAIT_MS));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLRDNORM, poll_one(_metadata, server,
				       POLLRDNORM | POLLRDBAND));
	EXPECT_EQ(POLLWRNORM | POLLRDNORM, poll_one(_metadata, server,
						    ALL_ASKABLE));

	ASSERT_EQ(0, shutdown(client, SD_SEND));
	/* The FIN arrives after the data: wait for it. */
	end = ws_now_ms() + WAIT_MS;
	while (!(poll_one(_metadata, server, 0) & POLLHUP) && ws_now_ms() < end)
		ws_sleep_ms(10);
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLHUP, poll_one(_metadata, server, 0));
	EXPECT_EQ(POLLWRNORM | POLLRDNORM | POLLHUP,
		  poll_one(_metadata, server, ALL_ASKABLE));

	closesocket(client);
	closesocket(server);
}

static int apc_count;

static void CALLBACK count_apc(ULONG_PTR param)
{
	(void)param;
	apc_count++;
}

static void *close_later(void *arg)
{
	ws_sleep_ms(300);
	closesocket(*(SOCKET *)arg);
	return NULL;
}

/*
 * Wine test_WSAPoll: closesocket in another thread during the wait ends it
 * with POLLNVAL, counted; an APC queued before runs during it, and the
 * wait goes on.
 */
TEST_F(wsapoll, closed_by_another_thread)
{
	SOCKET client, server;
	pthread_t t;
	WSAPOLLFD f;
	long start;

	pair(_metadata, self, &client, &server);
	apc_count = 0;
	ASSERT_NE(0, QueueUserAPC(count_apc, GetCurrentThread(), 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, close_later, &client));

	f = (WSAPOLLFD){ client, POLLRDNORM | POLLRDBAND, (SHORT)0xdead };
	start = ws_now_ms();
	EXPECT_EQ(1, WSAPoll(&f, 1, 2 * WAIT_MS));
	EXPECT_LT(ws_now_ms() - start, 2 * WAIT_MS);
	EXPECT_EQ(1, apc_count);
	EXPECT_EQ(POLLNVAL, f.revents);

	pthread_join(t, NULL);
	closesocket(server);
}

static void *queue_apc_later(void *arg)
{
	ws_sleep_ms(300);
	QueueUserAPC(count_apc, *(HANDLE *)arg, 0);
	return NULL;
}

/*
 * Wine test_WSAPoll shows the wait alertable; an APC queued during it (here
 * from another thread) runs, and WSAPoll goes on to its timeout.
 */
TEST_F(wsapoll, apc_during_wait)
{
	SOCKET client, server;
	HANDLE me;
	pthread_t t;
	WSAPOLLFD f;
	long start;

	pair(_metadata, self, &client, &server);
	me = OpenThread(THREAD_SET_CONTEXT, FALSE, GetCurrentThreadId());
	ASSERT_NE(NULL, me);
	apc_count = 0;
	ASSERT_EQ(0, pthread_create(&t, NULL, queue_apc_later, &me));
	f = (WSAPOLLFD){ client, POLLRDNORM, (SHORT)0xdead };
	start = ws_now_ms();
	EXPECT_EQ(0, WSAPoll(&f, 1, 1000));
	EXPECT_GE(ws_now_ms() - start, 900);
	EXPECT_EQ(1, apc_count);
	EXPECT_EQ(0, f.revents);
	pthread_join(t, NULL);
	CloseHandle(me);
	closesocket(client);
	closesocket(server);
}

/*
 * select waits the same way (Wine test_select): with an APC queued, a
 * select that has a socket ready at once returns it and leaves the APC
 * queued; one that has to wait runs the APC and goes on to its timeout.
 */
TEST_F(wsapoll, select_is_alertable)
{
	struct timeval tv = { 0, 200000 };
	SOCKET client, server;
	fd_set set;

	pair(_metadata, self, &client, &server);
	apc_count = 0;
	ASSERT_NE(0, QueueUserAPC(count_apc, GetCurrentThread(), 0));

	FD_ZERO(&set);
	FD_SET(client, &set);
	EXPECT_EQ(1, select(0, NULL, &set, NULL, &tv));
	EXPECT_EQ(0, apc_count);

	FD_ZERO(&set);
	FD_SET(client, &set);
	EXPECT_EQ(0, select(0, &set, NULL, NULL, &tv));
	EXPECT_EQ(1, apc_count);
	EXPECT_EQ(0u, set.fd_count);

	closesocket(client);
	closesocket(server);
}

static volatile int connect_now;

static void CALLBACK start_connect(ULONG_PTR param)
{
	(void)param;
	apc_count++;
	connect_now = 1;
}

struct connector {
	struct sockaddr_storage addr;
	int len;
	SOCKET s;
};

/* Connects once the APC said so, or after WAIT_MS all the same. */
static void *connect_when_told(void *arg)
{
	struct connector *c = arg;
	long end = ws_now_ms() + WAIT_MS;

	while (!connect_now && ws_now_ms() < end)
		ws_sleep_ms(5);
	c->s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	if (c->s != INVALID_SOCKET)
		connect(c->s, (struct sockaddr *)&c->addr, c->len);
	return NULL;
}

/*
 * Wine test_accept: an APC queued before a blocking accept runs while the
 * accept waits (here it is what lets the connection come), and accept
 * still returns the connection.
 */
TEST_F(wsapoll, accept_is_alertable)
{
	struct connector c = { .len = self->len, .s = INVALID_SOCKET };
	SOCKET server;
	pthread_t t;
	long start;

	memcpy(&c.addr, &self->addr, sizeof(c.addr));
	apc_count = 0;
	connect_now = 0;
	ASSERT_NE(0, QueueUserAPC(start_connect, GetCurrentThread(), 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, connect_when_told, &c));
	start = ws_now_ms();
	server = accept(self->listener, NULL, NULL);
	EXPECT_NE(INVALID_SOCKET, server) TH_LOG("error %d", WSAGetLastError());
	EXPECT_EQ(1, apc_count);
	/* The APC ran at once, not after the connector gave up waiting. */
	EXPECT_LT(ws_now_ms() - start, WAIT_MS);
	pthread_join(t, NULL);
	if (server != INVALID_SOCKET)
		closesocket(server);
	if (c.s != INVALID_SOCKET)
		closesocket(c.s);
}

/*
 * Wine test_WSAPoll (interactive, todo_wine): a refused connect is
 * POLLWRNORM | POLLHUP | POLLERR, after SO_ERROR was read too; and after a
 * blocking connect that failed.
 */
TEST_F(wsapoll, refused_connect)
{
	struct sockaddr_storage ss;
	SOCKET s;
	int len, err, elen;

	len = ws_loopback(AF_INET, ws_free_port(_metadata, AF_INET, SOCK_STREAM),
			  &ss);
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, ws_set_nonblocking(s, true));
	ASSERT_WSAFAIL(WSAEWOULDBLOCK, connect(s, (struct sockaddr *)&ss, len));
	ASSERT_EQ(WS_EXCEPT, ws_wait(s, WS_EXCEPT, WAIT_MS));
	elen = sizeof(err);
	ASSERT_EQ(0, getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &elen));
	EXPECT_EQ(WSAECONNREFUSED, err);
	EXPECT_EQ(POLLWRNORM | POLLHUP | POLLERR,
		  poll_one(_metadata, s, ALL_ASKABLE));
	closesocket(s);

	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_WSAFAIL(WSAECONNREFUSED, connect(s, (struct sockaddr *)&ss, len));
	EXPECT_EQ(POLLWRNORM | POLLHUP | POLLERR,
		  poll_one(_metadata, s, ALL_ASKABLE));
	closesocket(s);
}

/*
 * spec select: a socket is readable when "a call to recv ... is guaranteed
 * not to block"; the SIO_UDP_CONNRESET page: by default an ICMP port
 * unreachable fails the next receive with WSAECONNRESET. That receive does
 * not block, so the socket is readable, for WSAPoll and select alike.
 */
TEST_F(wsapoll, udp_icmp_error_is_readable)
{
	struct sockaddr_storage to;
	int tolen = ws_loopback(AF_INET, ws_free_port(_metadata, AF_INET,
						       SOCK_DGRAM), &to);
	SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	WSAPOLLFD f;
	char b[4];

	ASSERT_NE(INVALID_SOCKET, s);
	ASSERT_EQ(0, connect(s, (struct sockaddr *)&to, tolen));
	ASSERT_EQ(1, send(s, "x", 1, 0));
	f = (WSAPOLLFD){ s, POLLRDNORM, (SHORT)0xdead };
	EXPECT_EQ(1, WSAPoll(&f, 1, WAIT_MS));
	EXPECT_EQ(POLLRDNORM, f.revents);
	EXPECT_EQ(WS_READ, ws_wait(s, WS_READ, 0));
	ASSERT_WSAFAIL(WSAECONNRESET, recv(s, b, sizeof(b), 0));
	closesocket(s);
}

/* Wine test_WSAPoll: UDP, bound or not. */
TEST_F(wsapoll, udp)
{
	struct sockaddr_storage ss;
	SOCKET client, server;
	int len;

	client = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	server = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, client);
	ASSERT_NE(INVALID_SOCKET, server);
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));

	len = ws_loopback(AF_INET, 0, &ss);
	ASSERT_EQ(0, bind(client, (struct sockaddr *)&ss, len));
	len = sizeof(ss);
	ASSERT_EQ(0, getsockname(client, (struct sockaddr *)&ss, &len));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, client, ALL_ASKABLE));

	ASSERT_EQ(5, sendto(server, "data", 5, 0, (struct sockaddr *)&ss, len));
	ASSERT_EQ(WS_READ, ws_wait(client, WS_READ, WAIT_MS));
	EXPECT_EQ(POLLRDNORM, poll_one(_metadata, client,
				       POLLRDNORM | POLLRDBAND));
	EXPECT_EQ(POLLWRNORM | POLLRDNORM, poll_one(_metadata, client,
						    ALL_ASKABLE));
	EXPECT_EQ(POLLWRNORM, poll_one(_metadata, server, ALL_ASKABLE));

	closesocket(client);
	closesocket(server);
}

TEST_HARNESS_MAIN
