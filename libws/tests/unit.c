// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libws's host-side unit tests: no ws module is needed. Tests that call
 * WSAStartup balance it with WSACleanup, so each starts from "not
 * initialised".
 *
 *   unit --list     the test names, one a line, in the order of tests.def
 *   unit NAME       runs the test NAME alone: exit 0 (passed), 1 (failed)
 *                   or 77 (skipped, with "SKIP: reason" as the last line)
 *   unit            runs every test in this process, TAP on stdout
 *
 * tests/run.sh runs each test in a process of its own (unit NAME), so a
 * test that crashes or hangs fails alone and the run goes on.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"

int tap_failed;
const char *tap_skip;

#define T(name) void name(void);
#include "tests.def"
#undef T

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define T(name) { #name, name },
#include "tests.def"
#undef T
};

#define NTESTS	(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	unsigned int i, failed = 0;

	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < NTESTS; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	if (argc > 1) {
		for (i = 0; i < NTESTS && strcmp(tests[i].name, argv[1]); i++)
			;
		if (i == NTESTS) {
			printf("no test named %s\n", argv[1]);
			return 2;
		}
		tests[i].fn();
		fflush(stdout);
		if (tap_skip) {
			printf("SKIP: %s\n", tap_skip);
			return T_EXIT_SKIP;
		}
		return tap_failed ? T_EXIT_FAIL : T_EXIT_PASS;
	}
	for (i = 0; i < NTESTS; i++) {
		tap_failed = 0;
		tap_skip = NULL;
		tests[i].fn();
		if (tap_skip)
			printf("ok %u - %s # SKIP %s\n", i + 1, tests[i].name,
			       tap_skip);
		else
			printf("%sok %u - %s\n", tap_failed ? "not " : "",
			       i + 1, tests[i].name);
		failed += tap_failed;
		fflush(stdout);
	}
	return failed ? 1 : 0;
}
