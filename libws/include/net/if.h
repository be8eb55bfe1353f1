/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * net/if.h for programs built with libws's include directory.
 *
 * ws2ipdef.h (through ws2tcpip.h) defines Windows' IFF_* flags of
 * INTERFACE_INFO as macros; glibc's <net/if.h> declares Linux's IFF_*
 * flags as enumerators of the same names, which those macros would break.
 * This wrapper hides the Windows macros while glibc's header is read, then
 * puts them back: in a file that includes both, IFF_* are Windows' values
 * (Linux's are the enumerators, shadowed). Without ws2ipdef.h, it is
 * glibc's header unchanged.
 */
#pragma GCC system_header
#pragma push_macro("IFF_UP")
#pragma push_macro("IFF_BROADCAST")
#pragma push_macro("IFF_LOOPBACK")
#pragma push_macro("IFF_POINTTOPOINT")
#pragma push_macro("IFF_MULTICAST")
#undef IFF_UP
#undef IFF_BROADCAST
#undef IFF_LOOPBACK
#undef IFF_POINTTOPOINT
#undef IFF_MULTICAST
#include_next <net/if.h>
#ifdef _WS2IPDEF_
#undef IFF_UP
#undef IFF_BROADCAST
#undef IFF_LOOPBACK
#undef IFF_POINTTOPOINT
#undef IFF_MULTICAST
#pragma pop_macro("IFF_UP")
#pragma pop_macro("IFF_BROADCAST")
#pragma pop_macro("IFF_LOOPBACK")
#pragma pop_macro("IFF_POINTTOPOINT")
#pragma pop_macro("IFF_MULTICAST")
#endif
