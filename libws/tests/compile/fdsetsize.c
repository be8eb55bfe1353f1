// SPDX-License-Identifier: LGPL-2.1-or-later
/* Compile test: -DFD_SETSIZE=256 survives <stdlib.h> included first. */
#include <stdlib.h>
#include <winsock2.h>

_Static_assert(FD_SETSIZE == 256, "FD_SETSIZE from the command line");
_Static_assert(sizeof(((fd_set *)0)->fd_array) == 256 * sizeof(SOCKET),
	       "fd_set holds 256 SOCKETs");
