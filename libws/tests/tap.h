/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A minimal TAP harness for libws's host-side unit tests: each test is a
 * function; EXPECT records a failure of the running test with a
 * diagnostic. unit.c runs the tests and prints one TAP line per test;
 * tests/run.sh adds the compile tests and the summary.
 */
#ifndef LIBWS_TAP_H
#define LIBWS_TAP_H

#include <stdio.h>

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
