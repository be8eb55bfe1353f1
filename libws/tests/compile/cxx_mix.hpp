// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A header of a program that has translation units with winsock2.h and
 * others with glibc's sockets (cxx_mix_winsock.cpp, cxx_mix_glibc.cpp): a
 * class with a member called select, and a structure with a u_long.
 */
#ifndef CXX_MIX_HPP
#define CXX_MIX_HPP

#include <sys/types.h>

class Chooser {
public:
	int select(int n);	/* defined in cxx_mix_glibc.cpp */
	int connect(int n) { return n + 1; }
};

struct Record {
	u_long	id;
	int	port;
};

/* Each side's view. */
size_t record_size_winsock();
size_t record_size_glibc();
int chooser_winsock(Chooser &c);
int glibc_sockets();
int winsock_select();

#endif
