// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Signals during blocking calls, without the ws module: AF_UNIX stream
 * sockets entered in libws's table through the internal ws_table_add()
 * stand for ws sockets (recv, send and accept reach them unchanged).
 *
 * Windows has no signals: a blocking call completes (spec recv: "If no
 * incoming data is available at the socket, the recv call blocks and waits
 * for data to arrive"; spec send: a blocking send returns the number of
 * bytes sent, less than len only "for nonblocking sockets"; spec accept:
 * it blocks until a connection is present), and WSAEINTR means a call
 * "canceled" (spec: "The (blocking) call was canceled"). So a signal
 * handler installed without SA_RESTART, run many times while the call
 * waits, must change nothing: recv returns the data sent after the
 * signals, a large send returns all of its length, accept the connection.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "internal.h"
#include "prog.h"

int WSAStartup(unsigned short version, void *data);
int WSACleanup(void);
int WSAGetLastError(void);
int ws_recv(uintptr_t s, char *buf, int len, int flags);
int ws_send(uintptr_t s, const char *buf, int len, int flags);
uintptr_t ws_accept(uintptr_t s, void *addr, int *addrlen);

#define SIGNALS		20
#define BIG		(4 << 20)

static atomic_int handled;
static pthread_t target;
static atomic_int stop_signals;

static void on_signal(int sig)
{
	(void)sig;
	atomic_fetch_add(&handled, 1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Signals the target thread SIGNALS times, 5 ms apart, then stops. */
static void *signaller(void *arg)
{
	int i;

	(void)arg;
	sleep_ms(50);			/* the target is blocked by now */
	for (i = 0; i < SIGNALS && !atomic_load(&stop_signals); i++) {
		pthread_kill(target, SIGUSR1);
		sleep_ms(5);
	}
	return NULL;
}

static void install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = 0;		/* no SA_RESTART: the kernel says EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

static int fake_pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	if (ws_table_add(sv[0], WS_ENT_STREAM))
		return -1;
	return 0;
}

static void *send_later(void *arg)
{
	int fd = *(int *)arg;

	sleep_ms(50 + SIGNALS * 5 + 50);
	if (write(fd, "after", 5) != 5)
		abort();
	return NULL;
}

static void recv_goes_on(void)
{
	pthread_t sig, writer;
	char buf[16];
	int sv[2], r, before = atomic_load(&handled);

	EXPECT_EQ(fake_pair(sv), 0);
	target = pthread_self();
	pthread_create(&sig, NULL, signaller, NULL);
	pthread_create(&writer, NULL, send_later, &sv[1]);
	memset(buf, 0xa5, sizeof(buf));
	r = ws_recv((uintptr_t)sv[0], buf, sizeof(buf), 0);
	EXPECT(r == 5, "recv: %d, error %d", r, WSAGetLastError());
	EXPECT(!memcmp(buf, "after", 5), "recv's data");
	pthread_join(sig, NULL);
	pthread_join(writer, NULL);
	EXPECT(atomic_load(&handled) - before >= SIGNALS / 2,
	       "only %d signals handled", atomic_load(&handled) - before);
	ws_table_remove(sv[0]);
	close(sv[0]);
	close(sv[1]);
}

static void *read_slowly(void *arg)
{
	int fd = *(int *)arg;
	static char buf[65536];
	ssize_t n;
	long total = 0;

	sleep_ms(50 + SIGNALS * 5);	/* the sender is stuck until now */
	while (total < BIG && (n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	return (void *)total;
}

static void send_sends_all(void)
{
	pthread_t sig, reader;
	char *buf = calloc(1, BIG);
	void *total = NULL;
	int sv[2], r, before = atomic_load(&handled);

	EXPECT_EQ(fake_pair(sv), 0);
	target = pthread_self();
	pthread_create(&sig, NULL, signaller, NULL);
	pthread_create(&reader, NULL, read_slowly, &sv[1]);
	r = ws_send((uintptr_t)sv[0], buf, BIG, 0);
	EXPECT(r == BIG, "send: %d of %d, error %d", r, BIG, WSAGetLastError());
	shutdown(sv[0], SHUT_WR);	/* the reader stops at the end */
	pthread_join(sig, NULL);
	pthread_join(reader, &total);
	EXPECT((long)total == BIG, "the peer got %ld bytes", (long)total);
	EXPECT(atomic_load(&handled) > before, "no signal handled");
	ws_table_remove(sv[0]);
	close(sv[0]);
	close(sv[1]);
	free(buf);
}

static struct sockaddr_un listen_addr;

static void *connect_later(void *arg)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	(void)arg;
	sleep_ms(50 + SIGNALS * 5 + 50);
	if (connect(fd, (struct sockaddr *)&listen_addr, sizeof(listen_addr)))
		abort();
	return (void *)(intptr_t)fd;
}

static void accept_goes_on(void)
{
	pthread_t sig, conn;
	void *cfd = NULL;
	uintptr_t a;
	int l, before = atomic_load(&handled);

	l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&listen_addr, 0, sizeof(listen_addr));
	listen_addr.sun_family = AF_UNIX;
	snprintf(listen_addr.sun_path + 1, sizeof(listen_addr.sun_path) - 1,
		 "libws-signals-%d", (int)getpid());	/* abstract */
	EXPECT_EQ(bind(l, (struct sockaddr *)&listen_addr, sizeof(listen_addr)), 0);
	EXPECT_EQ(listen(l, 1), 0);
	EXPECT_EQ(ws_table_add(l, WS_ENT_STREAM), 0);
	target = pthread_self();
	pthread_create(&sig, NULL, signaller, NULL);
	pthread_create(&conn, NULL, connect_later, NULL);
	a = ws_accept((uintptr_t)l, NULL, NULL);
	EXPECT(a != (uintptr_t)~0, "accept: error %d", WSAGetLastError());
	pthread_join(sig, NULL);
	pthread_join(conn, &cfd);
	EXPECT(atomic_load(&handled) - before >= SIGNALS / 2,
	       "only %d signals handled", atomic_load(&handled) - before);
	if (a != (uintptr_t)~0) {
		ws_table_remove((int)a);
		close((int)a);
	}
	ws_table_remove(l);
	close(l);
	close((int)(intptr_t)cfd);
}

static void signals(void)
{
	static char data[1024];

	install();
	EXPECT_EQ(WSAStartup(0x0202, data), 0);
	recv_goes_on();
	send_sends_all();
	accept_goes_on();
	EXPECT_EQ(WSACleanup(), 0);
}

PROG_MAIN(signals)
