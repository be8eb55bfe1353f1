// SPDX-License-Identifier: LGPL-2.1-or-later
/* Compile test that must fail: glibc's socket API and Winsock together. */
#include <sys/socket.h>
#include <winsock2.h>
