/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winsock.h for libws: Windows Sockets 1.1 is a subset of Windows Sockets
 * 2, so this header is winsock2.h. As on Windows, including both (in any
 * order) is harmless.
 */
#include <winsock2.h>
