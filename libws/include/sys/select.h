/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sys/select.h for programs built with libws's include directory.
 *
 * glibc's <sys/select.h> (included by <stdlib.h>, <sys/types.h> and
 * <sys/time.h> in the default GNU mode) redefines FD_SETSIZE to its own
 * 1024, silently, which would lose a Windows program's
 * "#define FD_SETSIZE n" made before its includes. This wrapper includes
 * glibc's header and then puts back the program's definition, if there
 * was one; otherwise FD_SETSIZE is glibc's, as without the wrapper.
 * glibc's fd_set and FD_* macros do not depend on FD_SETSIZE.
 *
 * Marked as a system header so that #include_next (a GNU extension that
 * GCC and Clang share) does not trip -pedantic in the programs using it.
 */
#pragma GCC system_header
#pragma push_macro("FD_SETSIZE")
#undef FD_SETSIZE
#include_next <sys/select.h>
#undef FD_SETSIZE
#pragma pop_macro("FD_SETSIZE")
#ifndef FD_SETSIZE
#define FD_SETSIZE	__FD_SETSIZE
#endif
