/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * For a host test that is a program of its own (tests/prog/NAME.c): the
 * harness of tap.h, and a main() that runs the program's one test
 * function and exits as tap.h says.
 */
#ifndef LIBWS_PROG_H
#define LIBWS_PROG_H

#include <stdio.h>

#include "tap.h"

int tap_failed;
const char *tap_skip;

#define PROG_MAIN(fn)							\
int main(void)								\
{									\
	fn();								\
	fflush(stdout);							\
	if (tap_skip) {							\
		printf("SKIP: %s\n", tap_skip);				\
		return T_EXIT_SKIP;					\
	}								\
	return tap_failed ? T_EXIT_FAIL : T_EXIT_PASS;			\
}

#endif /* LIBWS_PROG_H */
