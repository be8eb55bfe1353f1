/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A minimal harness for libws's host-side tests: each test is a function;
 * EXPECT records a failure of the running test with a diagnostic. unit.c
 * runs the unit tests (tests.def); each program under tests/prog/ is a test
 * of its own with its own main(). tests/run.sh runs every test in a process
 * of its own and prints TAP.
 *
 * A test program exits with T_EXIT_PASS, T_EXIT_FAIL, or T_EXIT_SKIP after
 * printing "SKIP: reason" (liburing's convention).
 */
#ifndef LIBWS_TAP_H
#define LIBWS_TAP_H

#include <stdio.h>

#define T_EXIT_PASS	0
#define T_EXIT_FAIL	1
#define T_EXIT_SKIP	77

extern int tap_failed;
extern const char *tap_skip;

#define EXPECT(cond, ...) do {						\
	if (!(cond)) {							\
		tap_failed = 1;						\
		printf("#   %s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#define EXPECT_EQ(a, b) EXPECT((long long)(a) == (long long)(b),	\
			       "got %lld, expected %lld",		\
			       (long long)(a), (long long)(b))

/* Marks the running test as skipped, with a reason. */
#define SKIP(reason)	(tap_skip = (reason))

#define TEST(name)	void name(void)

#endif /* LIBWS_TAP_H */
