// SPDX-License-Identifier: LGPL-2.1-or-later
/* <stdlib.h> first: glibc's sys/select.h defines FD_SETSIZE 1024 before
 * winsock2.h is seen; Winsock's default must still be 64. */
#include <stdlib.h>
#include <sys/select.h>
#include <winsock2.h>

int fdset_glibc_first_size(void);

int fdset_glibc_first_size(void)
{
	return (int)(sizeof(((fd_set *)0)->fd_array) / sizeof(SOCKET));
}
