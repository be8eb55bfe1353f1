// SPDX-License-Identifier: GPL-2.0
/*
 * WSAIoctl through libws: each control code without and with a
 * WSAOVERLAPPED (event and completion routine), over IPv4 and IPv6.
 *
 * Expectations come from the Windows Sockets 2 pages ("spec WSAIoctl") or
 * from Windows' behaviour as Wine's conformance tests record it ("Wine
 * <test>", dlls/ws2_32/tests/sock.c; todo_wine facts included, as Windows
 * does them). Wine runs its ioctl tests on sockets associated with a
 * completion port; here the same completion is observed through the
 * OVERLAPPED's event, its Internal/InternalHigh and WSAGetOverlappedResult.
 */
#include <sys/mman.h>

#include "ws_test.h"

#include <mstcpip.h>
#include <mswsock.h>

#define OV_POISON	((ULONG_PTR)0xdeadbeefdeadbeefull)
#define SIZE_POISON	0xdeadbeef
#define ST_NOT_SUPPORTED	0xC00000BBu
#define ST_BUFFER_TOO_SMALL	0xC0000023u

FIXTURE(ioc) {
	SOCKET tcp, udp;
	WSAEVENT ev;
};

FIXTURE_VARIANT(ioc) {
	int af;
};

FIXTURE_VARIANT_ADD(ioc, ipv4) { .af = AF_INET };
FIXTURE_VARIANT_ADD(ioc, ipv6) { .af = AF_INET6 };

FIXTURE_SETUP(ioc)
{
	const char *why = ws_unavailable(variant->af);

	self->tcp = self->udp = INVALID_SOCKET;
	self->ev = WSA_INVALID_EVENT;
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ws_startup());
	self->tcp = socket(variant->af, SOCK_STREAM, IPPROTO_TCP);
	ASSERT_NE(INVALID_SOCKET, self->tcp);
	self->udp = socket(variant->af, SOCK_DGRAM, IPPROTO_UDP);
	ASSERT_NE(INVALID_SOCKET, self->udp);
	self->ev = WSACreateEvent();
	ASSERT_NE(WSA_INVALID_EVENT, self->ev);
}

FIXTURE_TEARDOWN(ioc)
{
	if (self->tcp != INVALID_SOCKET)
		closesocket(self->tcp);
	if (self->udp != INVALID_SOCKET)
		closesocket(self->udp);
	if (self->ev != WSA_INVALID_EVENT)
		WSACloseEvent(self->ev);
	WSACleanup();
}

static void ov_init(WSAOVERLAPPED *ov, WSAEVENT ev)
{
	memset(ov, 0, sizeof(*ov));
	ov->Internal = OV_POISON;
	ov->InternalHigh = OV_POISON;
	ov->hEvent = ev;
	if (ev)
		WSAResetEvent(ev);
}

static bool signalled(WSAEVENT ev, DWORD ms)
{
	return WSAWaitForMultipleEvents(1, &ev, FALSE, ms, FALSE) == WSA_WAIT_EVENT_0;
}

static int apc_calls;
static DWORD apc_error, apc_bytes, apc_flags;
static WSAOVERLAPPED *apc_ov;

static void CALLBACK ioc_apc(DWORD err, DWORD bytes, WSAOVERLAPPED *ov, DWORD flags)
{
	apc_calls++;
	apc_error = err;
	apc_bytes = bytes;
	apc_ov = ov;
	apc_flags = flags;
}

static void apc_reset(void)
{
	apc_calls = 0;
	apc_error = apc_bytes = apc_flags = SIZE_POISON;
	apc_ov = NULL;
}

/*
 * The completion of an ioctl Windows answered at once (Wine
 * test_fionbio, test_fionread_siocatmark, test_keepalive_vals,
 * test_get_extension_func, test_sioRoutingInterfaceQuery,
 * test_address_list_query): the event is set, Internal and InternalHigh
 * are 0 (the byte count 0, whatever the output), and the result is TRUE.
 */
static void expect_done_at_once(struct __test_metadata *_metadata, SOCKET s,
				WSAOVERLAPPED *ov)
{
	DWORD bytes = SIZE_POISON, flags = 0;

	EXPECT_TRUE(signalled(ov->hEvent, WAIT_MS));
	EXPECT_EQ(0, ov->Internal);
	EXPECT_EQ(0, ov->InternalHigh);
	EXPECT_TRUE(WSAGetOverlappedResult(s, ov, &bytes, FALSE, &flags));
	EXPECT_EQ(0, bytes);
}

/* The routine of an ioctl answered at once ran once, with 0 and 0 bytes. */
static void expect_routine_once(struct __test_metadata *_metadata,
				WSAOVERLAPPED *ov, DWORD err)
{
	/* Wine socket_apc, via SleepEx(0, TRUE): WAIT_IO_COMPLETION. */
	EXPECT_EQ(WAIT_IO_COMPLETION, SleepEx(WAIT_MS, TRUE));
	EXPECT_EQ(1, apc_calls);
	EXPECT_EQ(err, apc_error);
	EXPECT_EQ(0, apc_bytes);
	EXPECT_EQ(ov, apc_ov);
	EXPECT_EQ(0, apc_flags);
}

/* --- FIONBIO ----------------------------------------------------------------- */

TEST_F(ioc, fionbio)
{
	u_long one = 1, zero = 0;
	WSAOVERLAPPED ov;
	DWORD size;
	char buf[4];
	void *noaccess;
	SOCKET c, s;

	/* Wine test_fionbio: a pointer that is no pointer is WSAEFAULT. */
	ASSERT_WSAFAIL(WSAEFAULT, ioctlsocket(self->tcp, FIONBIO, (u_long *)1));
	/* lpcbBytesReturned NULL: WSAEFAULT. */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one),
					   NULL, 0, NULL, NULL, NULL));
	/* An input shorter than a u_long: WSAEFAULT, OVERLAPPED or not. */
	ov_init(&ov, self->ev);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one) - 1,
					   NULL, 0, &size, &ov, NULL));
	EXPECT_EQ(OV_POISON, ov.Internal);
	EXPECT_FALSE(signalled(self->ev, 0));
	/* Success: 0, error 0, 0 bytes. */
	size = SIZE_POISON;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one), NULL, 0, &size,
			      NULL, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(0, size);
	/* A larger input, and an output nobody may touch, are fine. */
	ASSERT_EQ(0, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one) + 1, NULL, 0,
			      &size, NULL, NULL));
	noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, noaccess);
	EXPECT_EQ(0, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one) + 1, noaccess, 4,
			      &size, NULL, NULL)) TH_LOG("error %d", WSAGetLastError());
	munmap(noaccess, 4096);
	/* Overlapped: 0 at once, 0 bytes, and the completion all the same. */
	ov_init(&ov, self->ev);
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one), NULL, 0, &size,
			      &ov, NULL));
	EXPECT_EQ(0, size);
	expect_done_at_once(_metadata, self->tcp, &ov);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one),
					   NULL, 0, NULL, &ov, NULL));
	/* After WSAEventSelect, FIONBIO 0 fails with WSAEINVAL and 0 bytes. */
	ASSERT_EQ(0, WSAEventSelect(self->tcp, self->ev, FD_READ));
	ASSERT_EQ(0, WSAIoctl(self->tcp, FIONBIO, &one, sizeof(one), NULL, 0, &size,
			      NULL, NULL));
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, FIONBIO, &zero, sizeof(zero),
					   NULL, 0, &size, NULL, NULL));
	EXPECT_EQ(0, size);
	ASSERT_EQ(0, WSAEventSelect(self->tcp, NULL, 0));

	/* With a completion routine: 0 at once, the routine at SleepEx. */
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, FIONBIO, &one, sizeof(one),
					   NULL, 0, NULL, &ov, ioc_apc));
	apc_reset();
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->udp, FIONBIO, &one, sizeof(one), NULL, 0, &size,
			      &ov, ioc_apc));
	EXPECT_EQ(0, size);
	expect_routine_once(_metadata, &ov, 0);

	/* spec ioctlsocket FIONBIO: the mode takes effect. */
	ws_tcp_pair(_metadata, variant->af, &c, &s);
	ASSERT_EQ(0, WSAIoctl(c, FIONBIO, &one, sizeof(one), NULL, 0, &size, NULL,
			      NULL));
	ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(c, buf, sizeof(buf), 0));
	closesocket(c);
	closesocket(s);
}

/* --- FIONREAD, SIOCATMARK ------------------------------------------------------------ */

/* Wine check_fionread_siocatmark: both through WSAIoctl. */
static void check_read_mark(struct __test_metadata *_metadata, SOCKET s,
			    u_long normal, u_long mark)
{
	u_long val;
	DWORD size;

	val = SIZE_POISON;
	size = SIZE_POISON;
	WSASetLastError(POISON_ERR);
	EXPECT_EQ(0, WSAIoctl(s, FIONREAD, NULL, 0, &val, sizeof(val), &size, NULL,
			      NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(normal, val);
	EXPECT_EQ(sizeof(val), size);
	val = SIZE_POISON;
	EXPECT_EQ(0, WSAIoctl(s, SIOCATMARK, NULL, 0, &val, sizeof(val), &size, NULL,
			      NULL));
	EXPECT_EQ(mark, val);
}

TEST_F(ioc, fionread_siocatmark)
{
	struct sockaddr_storage ss;
	WSAOVERLAPPED ov;
	SOCKET c, s;
	u_long val;
	DWORD size;
	int len;

	ws_tcp_pair(_metadata, variant->af, &c, &s);
	ASSERT_EQ(0, ws_set_nonblocking(c, true));
	/* Wine test_fionread_siocatmark: ioctlsocket's bad pointer. */
	ASSERT_WSAFAIL(WSAEFAULT, ioctlsocket(c, FIONREAD, (u_long *)1));
	ASSERT_WSAFAIL(WSAEFAULT, ioctlsocket(c, SIOCATMARK, (u_long *)1));
	/* NULL lpcbBytesReturned; an output of 3 bytes: size untouched. */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(c, FIONREAD, NULL, 0, &val, sizeof(val),
					   NULL, NULL, NULL));
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(c, FIONREAD, NULL, 0, &val, sizeof(val) - 1,
					   &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(c, SIOCATMARK, NULL, 0, &val, sizeof(val),
					   NULL, NULL, NULL));
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(c, SIOCATMARK, NULL, 0, &val, sizeof(val) - 1,
					   &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	check_read_mark(_metadata, c, 0, TRUE);

	/* Overlapped: 0, the value, size 4, and a completion of 0 bytes. */
	ov_init(&ov, self->ev);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(c, FIONREAD, NULL, 0, &val, sizeof(val),
					   NULL, &ov, NULL));
	val = SIZE_POISON;
	size = SIZE_POISON;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(c, FIONREAD, NULL, 0, &val, sizeof(val), &size, &ov,
			      NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(0, val);
	EXPECT_EQ(sizeof(val), size);
	expect_done_at_once(_metadata, c, &ov);
	ov_init(&ov, self->ev);
	val = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(c, SIOCATMARK, NULL, 0, &val, sizeof(val), &size, &ov,
			      NULL));
	EXPECT_EQ(TRUE, val);
	EXPECT_EQ(sizeof(val), size);
	expect_done_at_once(_metadata, c, &ov);

	/* Data: 5 normal bytes, still at the mark. */
	ASSERT_EQ(5, send(s, "data", 5, 0));
	ASSERT_EQ(WS_READ, ws_wait(c, WS_READ, WAIT_MS));
	check_read_mark(_metadata, c, 5, TRUE);
	/* An out-of-band byte waits: SIOCATMARK FALSE. */
	ASSERT_EQ(1, send(s, "a", 1, MSG_OOB));
	ASSERT_EQ(WS_EXCEPT, ws_wait(c, WS_EXCEPT, WAIT_MS));
	val = SIZE_POISON;
	EXPECT_EQ(0, WSAIoctl(c, SIOCATMARK, NULL, 0, &val, sizeof(val), &size, NULL,
			      NULL));
	EXPECT_EQ(FALSE, val);
	closesocket(c);
	closesocket(s);

	/* A new socket, and a bound one: nothing to read, at the mark. */
	check_read_mark(_metadata, self->tcp, 0, TRUE);
	len = ws_loopback(variant->af, 0, &ss);
	ASSERT_EQ(0, bind(self->tcp, (struct sockaddr *)&ss, len));
	check_read_mark(_metadata, self->tcp, 0, TRUE);

	/* With a completion routine, each. */
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, FIONREAD, NULL, 0, &val,
					   sizeof(val), NULL, &ov, ioc_apc));
	apc_reset();
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->tcp, FIONREAD, NULL, 0, &val, sizeof(val), &size,
			      &ov, ioc_apc));
	EXPECT_EQ(sizeof(val), size);
	expect_routine_once(_metadata, &ov, 0);
	apc_reset();
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIOCATMARK, NULL, 0, &val, sizeof(val), &size,
			      &ov, ioc_apc));
	EXPECT_EQ(sizeof(val), size);
	expect_routine_once(_metadata, &ov, 0);
}

/* --- SIO_KEEPALIVE_VALS -------------------------------------------------------------- */

static int opt_int(SOCKET s, int level, int name)
{
	int val = POISON_INT, len = sizeof(val);

	if (getsockopt(s, level, name, (char *)&val, &len))
		return -1;
	return len == 1 ? (val & 0xff) : val;
}

TEST_F(ioc, keepalive_vals)
{
	struct tcp_keepalive ka = { 0, 0, 0 };
	WSAOVERLAPPED ov;
	DWORD size;

	/* Wine test_keepalive_vals: no input length, no input: 0 bytes. */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, 0,
					   NULL, 0, &size, NULL, NULL));
	EXPECT_EQ(0, size);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, NULL,
					   sizeof(ka), NULL, 0, &size, NULL, NULL));
	EXPECT_EQ(0, size);
	size = SIZE_POISON;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, NULL, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(0, size);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka,
					   sizeof(ka), NULL, 0, NULL, NULL, NULL));
	ov_init(&ov, self->ev);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka,
					   sizeof(ka), NULL, 0, NULL, &ov, NULL));
	/* A short input, overlapped: WSAEFAULT, size and InternalHigh
	 * untouched, but Internal STATUS_PENDING (todo_wine). */
	ov_init(&ov, self->ev);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka,
					   sizeof(ka) - 1, NULL, 0, &size, &ov, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	EXPECT_EQ(STATUS_PENDING, ov.Internal);
	EXPECT_EQ(OV_POISON, ov.InternalHigh);
	EXPECT_FALSE(signalled(self->ev, 0));
	/* Overlapped success: 0, size not written (todo_wine), completion. */
	ov_init(&ov, self->ev);
	size = SIZE_POISON;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, &ov, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(SIZE_POISON, size);
	expect_done_at_once(_metadata, self->tcp, &ov);

	/* The values Wine uses are all accepted. */
	ka = (struct tcp_keepalive){ 1, 0, 0 };
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, NULL, NULL));
	ka = (struct tcp_keepalive){ 1, 1000, 1000 };
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, NULL, NULL));
	ka = (struct tcp_keepalive){ 1, 10000, 3000 };
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, NULL, NULL));
	/*
	 * The effect, read back through the options (uapi/linux/ws.h:
	 * milliseconds become whole seconds, rounded up).
	 */
	EXPECT_EQ(1, opt_int(self->tcp, SOL_SOCKET, SO_KEEPALIVE));
	EXPECT_EQ(10, opt_int(self->tcp, IPPROTO_TCP, TCP_KEEPALIVE));
	EXPECT_EQ(3, opt_int(self->tcp, IPPROTO_TCP, TCP_KEEPINTVL));
	ka = (struct tcp_keepalive){ 1, 100, 100 };
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, NULL, NULL));
	EXPECT_EQ(1, opt_int(self->tcp, IPPROTO_TCP, TCP_KEEPALIVE));
	EXPECT_EQ(1, opt_int(self->tcp, IPPROTO_TCP, TCP_KEEPINTVL));
	ka = (struct tcp_keepalive){ 0, 100, 100 };
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, NULL, NULL));
	EXPECT_EQ(0, opt_int(self->tcp, SOL_SOCKET, SO_KEEPALIVE));

	/* With a completion routine. */
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka,
					   sizeof(ka), NULL, 0, NULL, &ov, ioc_apc));
	apc_reset();
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0,
			      &size, &ov, ioc_apc));
	expect_routine_once(_metadata, &ov, 0);

	/* spec WSAIoctl: WSAEINVAL, "not applicable to the type of socket". */
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->udp, SIO_KEEPALIVE_VALS, &ka,
					   sizeof(ka), NULL, 0, &size, NULL, NULL));
}

/* --- unsupported codes --------------------------------------------------------- */

TEST_F(ioc, unsupported_codes)
{
	static const DWORD codes[] = { 0xdeadbeef, (DWORD)FIOASYNC, 0x667e, SIO_FLUSH };
	WSAOVERLAPPED ov;
	DWORD size, bytes, flags;
	unsigned int i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		/* Wine test_unsupported_ioctls */
		ov_init(&ov, self->ev);
		ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, codes[i], NULL, 0, NULL, 0,
						   NULL, &ov, NULL));
		size = SIZE_POISON;
		ASSERT_WSAFAIL(WSAEOPNOTSUPP, WSAIoctl(self->tcp, codes[i], NULL, 0, NULL,
						       0, &size, NULL, NULL));
		EXPECT_EQ(0, size) TH_LOG("code %#x", codes[i]);
		/* Overlapped: pending, size untouched; completed with
		 * STATUS_NOT_SUPPORTED and 0 bytes. */
		size = SIZE_POISON;
		ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(self->tcp, codes[i], NULL, 0,
							NULL, 0, &size, &ov, NULL));
		EXPECT_EQ(SIZE_POISON, size);
		EXPECT_TRUE(signalled(self->ev, WAIT_MS));
		EXPECT_EQ(ST_NOT_SUPPORTED, ov.Internal);
		EXPECT_EQ(0, ov.InternalHigh);
		bytes = SIZE_POISON;
		flags = 0;
		WSASetLastError(POISON_ERR);
		EXPECT_FALSE(WSAGetOverlappedResult(self->tcp, &ov, &bytes, FALSE,
						    &flags));
		EXPECT_EQ(WSAEOPNOTSUPP, WSAGetLastError());
		EXPECT_EQ(0, bytes);
		/* Wine: the completion port's GetLastError is ERROR_NOT_SUPPORTED. */
		EXPECT_FALSE(GetOverlappedResult((HANDLE)self->tcp, &ov, &bytes, FALSE));
		EXPECT_EQ(ERROR_NOT_SUPPORTED, GetLastError());

		/* With a routine: pending; the routine gets WSAEOPNOTSUPP. */
		ov_init(&ov, NULL);
		ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, codes[i], NULL, 0, NULL, 0,
						   NULL, &ov, ioc_apc));
		apc_reset();
		size = SIZE_POISON;
		ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(self->udp, codes[i], NULL, 0,
							NULL, 0, &size, &ov, ioc_apc));
		EXPECT_EQ(SIZE_POISON, size);
		expect_routine_once(_metadata, &ov, WSAEOPNOTSUPP);
	}
}

/* --- SIO_GET_EXTENSION_FUNCTION_POINTER ---------------------------------------- */

TEST_F(ioc, extension_function)
{
	GUID bogus = { 0xdeadbeef, 0, 0, { 0 } };
	WSAOVERLAPPED ov;
	void *func = (void *)(uintptr_t)SIZE_POISON;
	DWORD size;

	/* Wine test_get_extension_func: NULL lpcbBytesReturned, overlapped. */
	ov_init(&ov, self->ev);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
					   &bogus, sizeof(bogus), &func, sizeof(func),
					   NULL, &ov, NULL));
	/*
	 * An unknown GUID: WSAEINVAL at once, even overlapped; size, Internal
	 * and InternalHigh untouched, no completion.
	 */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
					   &bogus, sizeof(bogus), &func, sizeof(func),
					   &size, &ov, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	EXPECT_EQ(OV_POISON, ov.Internal);
	EXPECT_EQ(OV_POISON, ov.InternalHigh);
	EXPECT_FALSE(signalled(self->ev, QUIET_MS));
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
					   &bogus, sizeof(bogus), &func, sizeof(func),
					   &size, NULL, NULL));
	/* spec WSAIoctl: an input too small for a GUID is WSAEFAULT. */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
					   &bogus, sizeof(bogus) - 1, &func,
					   sizeof(func), &size, NULL, NULL));

#ifdef WSAID_ACCEPTEX
	{
		GUID acceptex = WSAID_ACCEPTEX;

		/* Synchronous: the pointer and its size. */
		func = NULL;
		size = SIZE_POISON;
		WSASetLastError(POISON_ERR);
		ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
				      &acceptex, sizeof(acceptex), &func, sizeof(func),
				      &size, NULL, NULL));
		EXPECT_EQ(0, WSAGetLastError());
		EXPECT_EQ(sizeof(func), size);
		EXPECT_NE(NULL, func);
		/* Overlapped: 0 at once, the size, a completion of 0 bytes. */
		ov_init(&ov, self->ev);
		size = SIZE_POISON;
		ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
				      &acceptex, sizeof(acceptex), &func, sizeof(func),
				      &size, &ov, NULL));
		EXPECT_EQ(sizeof(func), size);
		expect_done_at_once(_metadata, self->tcp, &ov);
		/* With a routine. */
		ov_init(&ov, NULL);
		apc_reset();
		ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER,
				      &acceptex, sizeof(acceptex), &func, sizeof(func),
				      &size, &ov, ioc_apc));
		EXPECT_EQ(sizeof(func), size);
		expect_routine_once(_metadata, &ov, 0);
	}
#endif
}

/* --- SIO_BASE_HANDLE ------------------------------------------------------------ */

static void check_base_handle(struct __test_metadata *_metadata, SOCKET s,
			      WSAEVENT ev)
{
	SOCKET base;
	WSAOVERLAPPED ov;
	DWORD size, bytes;

	/* Wine test_base_handle */
	ov_init(&ov, ev);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, &base,
					   sizeof(base), NULL, &ov, NULL));
	size = SIZE_POISON;
	base = (SOCKET)SIZE_POISON;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, &base, sizeof(base), &size,
			      NULL, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(sizeof(base), size);
	EXPECT_EQ(s, base);
	/* Overlapped: pending, then STATUS_NOT_SUPPORTED, nothing written. */
	size = SIZE_POISON;
	base = (SOCKET)SIZE_POISON;
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, &base,
						sizeof(base), &size, &ov, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	EXPECT_TRUE(signalled(ev, WAIT_MS));
	EXPECT_EQ(ST_NOT_SUPPORTED, ov.Internal);
	EXPECT_EQ(0, ov.InternalHigh);
	EXPECT_FALSE(GetOverlappedResult((HANDLE)s, &ov, &bytes, FALSE));
	EXPECT_EQ(ERROR_NOT_SUPPORTED, GetLastError());
	EXPECT_EQ((SOCKET)SIZE_POISON, base);
	/* With a routine: pending, the routine gets WSAEOPNOTSUPP. */
	ov_init(&ov, NULL);
	apc_reset();
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, &base,
						sizeof(base), &size, &ov, ioc_apc));
	expect_routine_once(_metadata, &ov, WSAEOPNOTSUPP);
	EXPECT_EQ((SOCKET)SIZE_POISON, base);
}

TEST_F(ioc, base_handle)
{
	check_base_handle(_metadata, self->tcp, self->ev);
	check_base_handle(_metadata, self->udp, self->ev);
}

/* --- SIO_ROUTING_INTERFACE_QUERY ----------------------------------------------------- */

TEST_F(ioc, routing_interface_query)
{
	struct sockaddr_storage in, out;
	int addrlen = ws_addrlen(variant->af);
	WSAOVERLAPPED ov;
	DWORD size;

	memset(&in, 0, sizeof(in));
	/* Wine test_sioRoutingInterfaceQuery */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in,
					   addrlen, &out, addrlen, NULL, NULL, NULL));
	/* A short input, or none: WSAEINVAL (todo_wine), size untouched. */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in,
					   addrlen - 1, &out, addrlen, &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, NULL,
					   addrlen, &out, addrlen, &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	/* Family 0: WSAEAFNOSUPPORT. */
	ASSERT_WSAFAIL(WSAEAFNOSUPPORT, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY,
						 &in, addrlen, &out, addrlen, &size,
						 NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	/* The wildcard: WSAEINVAL (todo_wine), size untouched. */
	ws_sockaddr(variant->af, false, 0, &in);
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in,
					   addrlen, &out, addrlen, &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	/*
	 * Loopback: 0, the size of an address; "we expect the source
	 * address to be INADDR_LOOPBACK as well" (Wine, not checked there
	 * for want of a loopback route: the test VM has one), port 0.
	 */
	ws_loopback(variant->af, 0, &in);
	memset(&out, POISON_BYTE, sizeof(out));
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in, addrlen, &out,
			      addrlen, &size, NULL, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(addrlen, size);
	EXPECT_EQ(variant->af, out.ss_family);
	EXPECT_TRUE(ws_is_loopback(&out));
	EXPECT_EQ(0, ws_port(&out));
	/* A short output: WSAEFAULT, size = the address size (todo_wine). */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in,
					   addrlen, &out, addrlen - 1, &size, NULL, NULL));
	EXPECT_EQ(addrlen, size);
	/* No output: WSAEFAULT, size untouched. */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in,
					   addrlen, NULL, addrlen, &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	/* Overlapped: 0 at once, the size, a completion of 0 bytes. */
	ov_init(&ov, self->ev);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in,
					   addrlen, &out, addrlen, NULL, &ov, NULL));
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in, addrlen, &out,
			      addrlen, &size, &ov, NULL));
	EXPECT_EQ(addrlen, size);
	expect_done_at_once(_metadata, self->udp, &ov);
	/* With a routine. */
	ov_init(&ov, NULL);
	apc_reset();
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_ROUTING_INTERFACE_QUERY, &in, addrlen, &out,
			      addrlen, &size, &ov, ioc_apc));
	EXPECT_EQ(addrlen, size);
	expect_routine_once(_metadata, &ov, 0);
}

/* --- SIO_ADDRESS_LIST_QUERY --------------------------------------------------------- */

TEST_F(ioc, address_list_query)
{
	char buffer[1024];
	SOCKET_ADDRESS_LIST *list = (SOCKET_ADDRESS_LIST *)buffer;
	DWORD size, expect, header = offsetof(SOCKET_ADDRESS_LIST, Address);
	WSAOVERLAPPED ov;
	int i;

	/* Wine test_address_list_query: no buffer: the size needed. */
	size = 0;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   NULL, 0, &size, NULL, NULL));
	EXPECT_GE(size, header);
	expect = size;
	/* The list: that size, the addresses after the array. */
	size = 0;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0, buffer,
			      sizeof(buffer), &size, NULL, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(expect, size);
	ASSERT_GE(list->iAddressCount, 0);
	expect = header + list->iAddressCount * sizeof(SOCKET_ADDRESS);
	for (i = 0; i < list->iAddressCount; i++) {
		SOCKET_ADDRESS *a = &list->Address[i];

		expect += a->iSockaddrLength;
		/* spec SIO_ADDRESS_LIST_QUERY: "of the socket's protocol family" */
		EXPECT_EQ(ws_addrlen(variant->af), a->iSockaddrLength);
		EXPECT_TRUE((char *)a->lpSockaddr >= buffer &&
			    (char *)a->lpSockaddr + a->iSockaddrLength <=
			    buffer + size);
		EXPECT_EQ(variant->af, a->lpSockaddr->sa_family);
	}
	EXPECT_EQ(expect, size);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   buffer, sizeof(buffer), NULL, NULL, NULL));
	/* No buffer with a length, a length of 0: WSAEFAULT, the size. */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   NULL, sizeof(buffer), &size, NULL, NULL));
	EXPECT_EQ(expect, size);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   buffer, 0, &size, NULL, NULL));
	EXPECT_EQ(expect, size);
	/* A length of 1: WSAEINVAL, size 0. */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   buffer, 1, &size, NULL, NULL));
	EXPECT_EQ(0, size);
	/* The header only, with addresses to list: WSAEFAULT, untouched. */
	if (list->iAddressCount > 0) {
		size = SIZE_POISON;
		memset(buffer, 0xcc, sizeof(buffer));
		ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY,
						   NULL, 0, buffer, header, &size,
						   NULL, NULL));
		EXPECT_EQ(expect, size);
		EXPECT_EQ((int)0xcccccccc, list->iAddressCount);
	} else {
		TH_LOG("no address to list besides loopback: header-only case not run");
	}

	/* Overlapped failures: at once, Internal and InternalHigh untouched. */
	ov_init(&ov, self->ev);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   buffer, 0, &size, &ov, NULL));
	EXPECT_EQ(expect, size);
	EXPECT_EQ(OV_POISON, ov.Internal);
	EXPECT_EQ(OV_POISON, ov.InternalHigh);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   buffer, 1, &size, &ov, NULL));
	EXPECT_EQ(0, size);
	EXPECT_EQ(OV_POISON, ov.Internal);
	EXPECT_FALSE(signalled(self->ev, QUIET_MS));
	/* Overlapped success: 0, the size, a completion of 0 bytes. */
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0, buffer,
			      sizeof(buffer), &size, &ov, NULL));
	EXPECT_EQ(expect, size);
	expect_done_at_once(_metadata, self->tcp, &ov);
	/* With a routine. */
	ov_init(&ov, NULL);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0,
					   buffer, sizeof(buffer), NULL, &ov, ioc_apc));
	apc_reset();
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_QUERY, NULL, 0, buffer,
			      sizeof(buffer), &size, &ov, ioc_apc));
	EXPECT_EQ(expect, size);
	expect_routine_once(_metadata, &ov, 0);
}

/* --- SIO_GET_INTERFACE_LIST ----------------------------------------------------------- */

TEST_F(ioc, get_interface_list)
{
	INTERFACE_INFO info[64];
	WSAOVERLAPPED ov;
	DWORD size, bytes, flags, expect;
	unsigned int i;
	bool loopback = false;

	if (variant->af != AF_INET)
		SKIP(return, "Windows' record of SIO_GET_INTERFACE_LIST is of IPv4 sockets");
	/*
	 * Wine test_get_interface_list: 0, a multiple of INTERFACE_INFO, the
	 * loopback interface among them.
	 */
	size = SIZE_POISON;
	WSASetLastError(POISON_ERR);
	ASSERT_EQ(0, WSAIoctl(self->tcp, SIO_GET_INTERFACE_LIST, NULL, 0, info,
			      sizeof(info), &size, NULL, NULL));
	EXPECT_EQ(0, WSAGetLastError());
	EXPECT_EQ(0, size % sizeof(INTERFACE_INFO));
	for (i = 0; i < size / sizeof(INTERFACE_INFO); i++) {
		if ((info[i].iiFlags & IFF_LOOPBACK) &&
		    info[i].iiAddress.AddressIn.sin_addr.s_addr ==
		    htonl(INADDR_LOOPBACK))
			loopback = true;
	}
	EXPECT_TRUE(loopback);
	expect = size;
	/* Overlapped: pending even so; completed with the size, which is
	 * InternalHigh. */
	ov_init(&ov, self->ev);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(self->tcp, SIO_GET_INTERFACE_LIST, NULL,
						0, info, sizeof(info), &size, &ov, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	EXPECT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(0, ov.Internal);
	EXPECT_EQ(expect, ov.InternalHigh);
	bytes = SIZE_POISON;
	flags = 0;
	EXPECT_TRUE(WSAGetOverlappedResult(self->tcp, &ov, &bytes, FALSE, &flags));
	EXPECT_EQ(expect, bytes);
	/* Too short: WSAEFAULT with size 0 at once ... */
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->tcp, SIO_GET_INTERFACE_LIST, NULL, 0,
					   info, sizeof(INTERFACE_INFO) - 1, &size, NULL,
					   NULL));
	EXPECT_EQ(0, size);
	/* ... pending overlapped, then STATUS_BUFFER_TOO_SMALL, 0 bytes. */
	ov_init(&ov, self->ev);
	size = SIZE_POISON;
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(self->tcp, SIO_GET_INTERFACE_LIST, NULL,
						0, info, sizeof(INTERFACE_INFO) - 1, &size,
						&ov, NULL));
	EXPECT_EQ(SIZE_POISON, size);
	EXPECT_TRUE(signalled(self->ev, WAIT_MS));
	EXPECT_EQ(ST_BUFFER_TOO_SMALL, ov.Internal);
	EXPECT_EQ(0, ov.InternalHigh);
	EXPECT_FALSE(GetOverlappedResult((HANDLE)self->tcp, &ov, &bytes, FALSE));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	EXPECT_EQ(0, bytes);
	/* With a routine: the routine gets WSAEFAULT and 0 bytes. */
	ov_init(&ov, NULL);
	apc_reset();
	ASSERT_WSAFAIL(WSA_IO_PENDING, WSAIoctl(self->tcp, SIO_GET_INTERFACE_LIST, NULL,
						0, info, sizeof(INTERFACE_INFO) - 1, &size,
						&ov, ioc_apc));
	expect_routine_once(_metadata, &ov, WSAEFAULT);
}

/* --- the other codes ----------------------------------------------------------------- */

TEST_F(ioc, circular_queueing)
{
	DWORD size;

	/* Wine test_circular_queueing: a UDP socket, no buffers: 0. */
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_ENABLE_CIRCULAR_QUEUEING, NULL, 0, NULL, 0,
			      &size, NULL, NULL));
	/* spec WSAIoctl: "only valid for ... unreliable, message-oriented
	 * protocols": WSAEINVAL, not applicable to the type of socket. */
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_ENABLE_CIRCULAR_QUEUEING,
					   NULL, 0, NULL, 0, &size, NULL, NULL));
}

TEST_F(ioc, broadcast_address)
{
	SOCKADDR_IN sin;
	DWORD size = SIZE_POISON;

	if (variant->af != AF_INET) {
		/* spec WSAIoctl: not applicable to the type of socket. */
		ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->udp, SIO_GET_BROADCAST_ADDRESS,
						   NULL, 0, &sin, sizeof(sin), &size,
						   NULL, NULL));
		return;
	}
	/* spec SIO_GET_BROADCAST_ADDRESS: a sockaddr to use in sendto. */
	memset(&sin, POISON_BYTE, sizeof(sin));
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_GET_BROADCAST_ADDRESS, NULL, 0, &sin,
			      sizeof(sin), &size, NULL, NULL));
	EXPECT_EQ(sizeof(sin), size);
	EXPECT_EQ(AF_INET, sin.sin_family);
	EXPECT_EQ(INADDR_BROADCAST, sin.sin_addr.s_addr);
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, SIO_GET_BROADCAST_ADDRESS, NULL, 0,
					   &sin, sizeof(sin) - 1, &size, NULL, NULL));
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_GET_BROADCAST_ADDRESS, NULL, 0,
					   &sin, sizeof(sin), &size, NULL, NULL));
}

TEST_F(ioc, qos_and_companion_codes)
{
	static const DWORD codes[] = {
		SIO_GET_QOS, SIO_SET_QOS, SIO_GET_GROUP_QOS, SIO_SET_GROUP_QOS,
		SIO_ASSOCIATE_HANDLE, SIO_TRANSLATE_HANDLE,
	};
	char buf[64] = "";
	DWORD size;
	unsigned int i;

	/*
	 * spec WSAIoctl: "The WSAENOPROTOOPT error code is indicated for
	 * service providers which do not support QOS" (and this ioctl, for
	 * the companion-interface handles).
	 */
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		ASSERT_WSAFAIL(WSAENOPROTOOPT, WSAIoctl(self->udp, codes[i], buf,
							sizeof(buf), buf, sizeof(buf),
							&size, NULL, NULL));
}

TEST_F(ioc, address_list_change_nonblocking)
{
	u_long one = 1;
	DWORD size;

	/*
	 * Wine test_sioAddressListChange: a nonblocking socket asking without
	 * an OVERLAPPED gets WSAEWOULDBLOCK.
	 */
	ASSERT_EQ(0, ioctlsocket(self->tcp, FIONBIO, &one));
	ASSERT_WSAFAIL(WSAEWOULDBLOCK, WSAIoctl(self->tcp, SIO_ADDRESS_LIST_CHANGE, NULL,
						0, NULL, 0, &size, NULL, NULL));
}

TEST_F(ioc, multicast_scope_and_loopback)
{
	int level = variant->af == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int ttl = variant->af == AF_INET ? IP_MULTICAST_TTL : IPV6_MULTICAST_HOPS;
	int loop = variant->af == AF_INET ? IP_MULTICAST_LOOP : IPV6_MULTICAST_LOOP;
	int scope = 7;
	BOOL off = FALSE;
	DWORD size;

	/*
	 * spec SIO_MULTICAST_SCOPE: "this corresponds to the time-to-live
	 * (TTL) parameter in IP multicasting"; SIO_MULTIPOINT_LOOPBACK: FALSE
	 * "prohibits" loopback reception.
	 */
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_MULTICAST_SCOPE, &scope, sizeof(scope),
			      NULL, 0, &size, NULL, NULL));
	EXPECT_EQ(7, opt_int(self->udp, level, ttl));
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_MULTIPOINT_LOOPBACK, &off, sizeof(off),
			      NULL, 0, &size, NULL, NULL));
	EXPECT_EQ(0, opt_int(self->udp, level, loop));
}

TEST_F(ioc, udp_connreset_arguments)
{
	BOOL on = TRUE;
	DWORD size;

	/* spec WSAIoctl: WSAEFAULT for a short input, WSAEINVAL when not
	 * applicable to the type of socket (SIO_UDP_CONNRESET is UDP's). */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(self->udp, SIO_UDP_CONNRESET, &on,
					   sizeof(on) - 1, NULL, 0, &size, NULL, NULL));
	ASSERT_WSAFAIL(WSAEINVAL, WSAIoctl(self->tcp, SIO_UDP_CONNRESET, &on, sizeof(on),
					   NULL, 0, &size, NULL, NULL));
	size = SIZE_POISON;
	ASSERT_EQ(0, WSAIoctl(self->udp, SIO_UDP_CONNRESET, &on, sizeof(on), NULL, 0,
			      &size, NULL, NULL));
	EXPECT_EQ(0, size);
}

/*
 * The SIO_UDP_CONNRESET page: by default an ICMP port unreachable for a
 * datagram the socket sent fails its next receive with WSAECONNRESET;
 * with FALSE the error is not reported.
 */
TEST_F(ioc, udp_connreset_off_drops_the_error)
{
	struct sockaddr_storage to;
	int tolen = ws_loopback(variant->af,
				ws_free_port(_metadata, variant->af, SOCK_DGRAM), &to);
	BOOL off = FALSE;
	DWORD size;
	char b[4];
	int pass;

	ASSERT_EQ(0, connect(self->udp, (struct sockaddr *)&to, tolen));
	ASSERT_EQ(0, ws_set_nonblocking(self->udp, true));
	for (pass = 0; pass < 2; pass++) {
		ASSERT_EQ(1, send(self->udp, "x", 1, 0));
		ws_sleep_ms(2 * QUIET_MS);	/* the ICMP error comes back */
		if (!pass) {
			ASSERT_WSAFAIL(WSAECONNRESET, recv(self->udp, b, sizeof(b), 0));
			ASSERT_EQ(0, WSAIoctl(self->udp, SIO_UDP_CONNRESET, &off,
					      sizeof(off), NULL, 0, &size, NULL, NULL));
		} else {
			ASSERT_WSAFAIL(WSAEWOULDBLOCK, recv(self->udp, b, sizeof(b), 0));
		}
	}
}

TEST_F(ioc, ideal_send_backlog_query)
{
	ULONG isb = SIZE_POISON;
	DWORD size = SIZE_POISON;
	SOCKET c, srv;

	/* Wine test_backlog_query: unconnected TCP, WSAENOTCONN. */
	ASSERT_WSAFAIL(WSAENOTCONN, WSAIoctl(self->tcp, SIO_IDEAL_SEND_BACKLOG_QUERY, NULL,
					     0, &isb, sizeof(isb), &size, NULL, NULL));
	EXPECT_EQ(SIZE_POISON, isb);
	/* ... UDP, WSAEOPNOTSUPP. */
	ASSERT_WSAFAIL(WSAEOPNOTSUPP, WSAIoctl(self->udp, SIO_IDEAL_SEND_BACKLOG_QUERY, NULL,
					       0, &isb, sizeof(isb), &size, NULL, NULL));
	/* ... connected over loopback, 0x10000 (ws: at least that). */
	ws_tcp_pair(_metadata, variant->af, &c, &srv);
	size = SIZE_POISON;
	ASSERT_EQ(0, idealsendbacklogquery(c, &isb));
	EXPECT_LE(0x10000, isb);
	ASSERT_EQ(0, WSAIoctl(c, SIO_IDEAL_SEND_BACKLOG_QUERY, NULL, 0, &isb, sizeof(isb),
			      &size, NULL, NULL));
	EXPECT_EQ(sizeof(isb), size);
	EXPECT_LE(0x10000, isb);
	/* spec WSAIoctl: WSAEFAULT for an output buffer too small. */
	ASSERT_WSAFAIL(WSAEFAULT, WSAIoctl(srv, SIO_IDEAL_SEND_BACKLOG_QUERY, NULL, 0, &isb,
					   sizeof(isb) - 1, &size, NULL, NULL));
	closesocket(c);
	closesocket(srv);
}

TEST_HARNESS_MAIN
