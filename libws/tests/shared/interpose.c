// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A program that defines functions with the names of libws's exports
 * (its own SleepEx, WaitForMultipleObjectsEx, DestroyWindow, htonl, ...)
 * takes over its own calls to them, as any program may, but not libws's
 * calls inside the library: Sleep must sleep, not call the program's
 * SleepEx. Linked with libws.so: the program's definitions interpose on the
 * library's exported symbols.
 */
#include <winsock2.h>

#include "prog.h"

static int taken;

/* The program's own functions of libws's names. */
DWORD WINAPI SleepEx(DWORD ms, BOOL alertable)
{
	(void)ms;
	(void)alertable;
	taken |= 1;
	return 0;
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD n, const HANDLE *h, BOOL all,
				      DWORD ms, BOOL alertable)
{
	(void)n;
	(void)h;
	(void)all;
	(void)ms;
	(void)alertable;
	taken |= 2;
	return 0;
}

BOOL WINAPI DestroyWindow(HWND hwnd)
{
	(void)hwnd;
	taken |= 4;
	return TRUE;
}

u_long WSAAPI htonl(u_long v)
{
	taken |= 8;
	return v;
}

static void own_calls_stay_in_libws(void)
{
	DWORD start = GetTickCount();

	/* Sleep(ms) suspends the thread for ms milliseconds (Win32). */
	Sleep(20);
	EXPECT(GetTickCount() - start >= 15, "Sleep(20) returned at once");
	/* WaitForSingleObject on no object fails (WAIT_FAILED), in libws. */
	EXPECT(WaitForSingleObject(NULL, 0) == WAIT_FAILED, "wait");
	/* DefWindowProc's WM_CLOSE destroys the window, with libws's
	 * DestroyWindow: no window here, nothing to destroy. */
	DefWindowProcA((HWND)(uintptr_t)0x10001, WM_CLOSE, 0, 0);
	/* inet_addr's result is in network order, from libws itself. */
	EXPECT(inet_addr("1.2.3.4") == (u_long)0x04030201, "inet_addr");
	EXPECT(taken == 0, "libws called the program's functions (%#x)", taken);
	/* The program's own call reaches its own function. */
	SleepEx(0, FALSE);
	EXPECT(taken == 1, "the program's SleepEx (%#x)", taken);
}

PROG_MAIN(own_calls_stay_in_libws)
