// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runs libws's host-side unit tests: no ws module is needed. Tests that
 * call WSAStartup balance it with WSACleanup, so each starts from "not
 * initialised".
 */
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

int main(int argc, char **argv)
{
	unsigned int i, failed = 0;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
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
