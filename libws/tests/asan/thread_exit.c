// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libws's per-thread state at thread exit, under AddressSanitizer (built
 * with libws's sources compiled with -fsanitize=address: see the Makefile).
 *
 * A thread uses inet_ntoa (libws's per-thread buffers) and PostQuitMessage
 * (its message queue state), so libws's thread-exit destructors are
 * registered; then the application registers a destructor of its own,
 * which the C library runs after libws's (keys are destroyed in the order
 * they were created). That destructor calls inet_ntoa, gethostbyname's
 * sibling getprotobynumber and PostQuitMessage again: each must work on
 * fresh state, not on what libws's destructors freed. A use after free is
 * reported by AddressSanitizer, which ends the program with a failure.
 *
 * inet_ntoa needs no WSAStartup (spec: it only converts); getprotobynumber
 * does, and works without the ws module.
 */
#include <pthread.h>
#include <string.h>

#include <winsock2.h>

#include "prog.h"

static pthread_key_t app_key;
static char ntoa_in_destructor[32];
static char proto_in_destructor[32];
static int destructor_ran;

static void app_destructor(void *arg)
{
	struct in_addr a;
	struct protoent *p;
	char *s;

	(void)arg;
	a.s_addr = htonl(0x0a000102);
	s = inet_ntoa(a);
	if (s)
		snprintf(ntoa_in_destructor, sizeof(ntoa_in_destructor), "%s", s);
	p = getprotobynumber(17);
	if (p && p->p_name)
		snprintf(proto_in_destructor, sizeof(proto_in_destructor),
			 "%s", p->p_name);
	PostQuitMessage(7);
	destructor_ran = 1;
}

static void *thread_main(void *arg)
{
	struct in_addr a;

	(void)arg;
	a.s_addr = htonl(0x7f000001);
	if (strcmp(inet_ntoa(a), "127.0.0.1"))
		return (void *)1;
	if (!getprotobynumber(6))
		return (void *)1;
	PostQuitMessage(1);
	/* After libws's keys: its destructor runs after libws's. */
	if (pthread_key_create(&app_key, app_destructor))
		return (void *)1;
	pthread_setspecific(app_key, (void *)1);
	return NULL;
}

static void thread_exit_destructors(void)
{
	WSADATA data;
	pthread_t t;
	void *ret = (void *)1;

#ifndef __SANITIZE_ADDRESS__
	SKIP("built without AddressSanitizer (the compiler has no -fsanitize=address)");
	return;
#endif
	EXPECT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
	EXPECT_EQ(pthread_create(&t, NULL, thread_main, NULL), 0);
	EXPECT_EQ(pthread_join(t, &ret), 0);
	EXPECT(ret == NULL, "the thread's own calls failed");
	EXPECT(destructor_ran, "the application's destructor did not run");
	/* spec inet_ntoa: the dotted string of the address */
	EXPECT(!strcmp(ntoa_in_destructor, "10.0.1.2"), "inet_ntoa in a destructor: \"%s\"",
	       ntoa_in_destructor);
	/* spec getprotobynumber: the protocol's entry; 17 is udp */
	EXPECT(!strcmp(proto_in_destructor, "udp"), "getprotobynumber: \"%s\"",
	       proto_in_destructor);
	EXPECT_EQ(WSACleanup(), 0);
}

/* Leak checking needs ptrace, which containers often refuse: only
 * memory errors are checked here. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

PROG_MAIN(thread_exit_destructors)
