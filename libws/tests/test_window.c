// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The window API without a ws module: window classes (pure libws), and the
 * argument checks of the window and message functions that come before a
 * message queue is needed. With the module absent, creating a window or
 * reading messages fails with ERROR_NOT_SUPPORTED; the message loop itself
 * runs in the VM (examples/guide, selftests/ws/asyncselect_test.c).
 */
#include <unistd.h>

#include <winsock2.h>

#include "tap.h"

static int module_loaded(void)
{
	return access("/dev/ws", F_OK) == 0;
}

#define FAILS_WIN32(call, err) do {					\
	SetLastError(0);						\
	EXPECT((call) && GetLastError() == (DWORD)(err),		\
	       "%s: error %lu, expected %lu", #call,			\
	       (unsigned long)GetLastError(), (unsigned long)(err));	\
} while (0)

static LRESULT CALLBACK test_proc(HWND h, UINT m, WPARAM w, LPARAM l)
{
	return DefWindowProcA(h, m, w, l);
}

TEST(window_classes)
{
	WNDCLASSA wc;
	WNDCLASSEXA wcx;
	WNDCLASSW wcw;
	ATOM a, b;

	memset(&wc, 0, sizeof(wc));
	wc.lpfnWndProc = test_proc;
	wc.lpszClassName = "libws test class";
	a = RegisterClassA(&wc);
	/* Class atoms are in 0xC000..0xFFFF. */
	EXPECT(a >= 0xc000, "atom %#x", a);
	/* Names compare without case. */
	wc.lpszClassName = "LIBWS Test CLASS";
	FAILS_WIN32(!RegisterClassA(&wc), ERROR_CLASS_ALREADY_EXISTS);
	memset(&wcw, 0, sizeof(wcw));
	wcw.lpfnWndProc = test_proc;
	wcw.lpszClassName = L"libws test class";
	FAILS_WIN32(!RegisterClassW(&wcw), ERROR_CLASS_ALREADY_EXISTS);
	wcw.lpszClassName = L"libws \u00e9t\u00e9 class";
	b = RegisterClassW(&wcw);
	EXPECT(b >= 0xc000 && b != a, "atom %#x", b);

	memset(&wcx, 0, sizeof(wcx));
	wcx.lpfnWndProc = test_proc;
	wcx.lpszClassName = "libws ex class";
	FAILS_WIN32(!RegisterClassExA(&wcx), ERROR_INVALID_PARAMETER);
	wcx.cbSize = sizeof(wcx);
	wcx.lpfnWndProc = NULL;
	FAILS_WIN32(!RegisterClassExA(&wcx), ERROR_INVALID_PARAMETER);
	wcx.lpfnWndProc = test_proc;
	wcx.cbWndExtra = -1;
	FAILS_WIN32(!RegisterClassExA(&wcx), ERROR_INVALID_PARAMETER);
	wcx.cbWndExtra = 16;
	EXPECT(RegisterClassExA(&wcx) >= 0xc000, "RegisterClassExA");
	FAILS_WIN32(!RegisterClassA(NULL), ERROR_INVALID_PARAMETER);

	EXPECT(UnregisterClassA("libws test class", NULL), "unregister");
	FAILS_WIN32(!UnregisterClassA("libws test class", NULL),
		    ERROR_CLASS_DOES_NOT_EXIST);
	EXPECT(UnregisterClassA(MAKEINTATOM(b), NULL), "unregister by atom");
	EXPECT(UnregisterClassW(L"LIBWS EX CLASS", NULL), "unregister W");
	/* The name is free again. */
	wc.lpszClassName = "libws test class";
	a = RegisterClassA(&wc);
	EXPECT(a >= 0xc000, "re-register");
	EXPECT(UnregisterClassA(MAKEINTATOM(a), NULL), "unregister");
}

TEST(window_argument_checks)
{
	HWND bad[] = {
		NULL, HWND_MESSAGE, HWND_BROADCAST, (HWND)(intptr_t)-1,
		(HWND)(uintptr_t)0x10001, (HWND)(uintptr_t)0x12345678,
		(HWND)((uintptr_t)1 << 40),
	};
	MSG msg;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT(!IsWindow(bad[i]), "IsWindow(%p)", (void *)bad[i]);
		if (bad[i])
			FAILS_WIN32(!PostMessageA(bad[i], WM_USER, 0, 0),
				    ERROR_INVALID_WINDOW_HANDLE);
		FAILS_WIN32(!DestroyWindow(bad[i]),
			    ERROR_INVALID_WINDOW_HANDLE);
		FAILS_WIN32(!GetWindowLongPtrA(bad[i], GWLP_USERDATA),
			    ERROR_INVALID_WINDOW_HANDLE);
		FAILS_WIN32(!GetWindowThreadProcessId(bad[i], NULL),
			    ERROR_INVALID_WINDOW_HANDLE);
	}
	/* CreateWindowEx checks its class and parent before anything. */
	FAILS_WIN32(!CreateWindowExA(0, "no such class", "", 0, 0, 0, 0, 0,
				     HWND_MESSAGE, NULL, NULL, NULL),
		    ERROR_CANNOT_FIND_WND_CLASS);
	FAILS_WIN32(!CreateWindowExW(0, L"no such class", L"", 0, 0, 0, 0, 0,
				     NULL, NULL, NULL, NULL),
		    ERROR_CANNOT_FIND_WND_CLASS);
	FAILS_WIN32(!CreateWindowExA(0, MAKEINTATOM(0xc123), "", 0, 0, 0, 0,
				     0, NULL, NULL, NULL, NULL),
		    ERROR_CANNOT_FIND_WND_CLASS);
	/* GetMessage: -1 for an error (its page). */
	SetLastError(0);
	EXPECT(GetMessageA(NULL, NULL, 0, 0) == -1 &&
	       GetLastError() == ERROR_INVALID_PARAMETER, "NULL msg");
	SetLastError(0);
	EXPECT(GetMessageA(&msg, (HWND)(uintptr_t)0x10001, 0, 0) == -1 &&
	       GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "bad window");
	FAILS_WIN32(!PeekMessageA(&msg, (HWND)(uintptr_t)0x10001, 0, 0,
				  PM_REMOVE), ERROR_INVALID_WINDOW_HANDLE);
	/* An inverted range is not supported (yet): a clear failure. */
	SetLastError(0);
	EXPECT(GetMessageA(&msg, NULL, WM_USER + 1, WM_USER) == -1 &&
	       GetLastError() == ERROR_INVALID_PARAMETER, "inverted range");
	/* A thread message has no window procedure. */
	memset(&msg, 0, sizeof(msg));
	msg.message = WM_USER;
	EXPECT_EQ(DispatchMessageA(&msg), 0);
	msg.hwnd = (HWND)(uintptr_t)0x10001;
	FAILS_WIN32(!DispatchMessageA(&msg), ERROR_INVALID_WINDOW_HANDLE);
	EXPECT(!TranslateMessage(&msg), "nothing to translate");
}

TEST(window_without_module)
{
	WNDCLASSA wc;
	MSG msg;

	if (module_loaded()) {
		SKIP("the ws module is loaded");
		return;
	}
	memset(&wc, 0, sizeof(wc));
	wc.lpfnWndProc = test_proc;
	wc.lpszClassName = "libws nomodule";
	EXPECT(RegisterClassA(&wc), "register");
	/* A window needs its thread's message queue, a module object. */
	FAILS_WIN32(!CreateWindowExA(0, "libws nomodule", "", 0, 0, 0, 0, 0,
				     HWND_MESSAGE, NULL, NULL, NULL),
		    ERROR_NOT_SUPPORTED);
	FAILS_WIN32(!PostMessageA(NULL, WM_USER, 0, 0), ERROR_NOT_SUPPORTED);
	FAILS_WIN32(!PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE),
		    ERROR_NOT_SUPPORTED);
	FAILS_WIN32(!PostThreadMessageA(GetCurrentThreadId(), WM_USER, 0, 0),
		    ERROR_INVALID_THREAD_ID);
	EXPECT(UnregisterClassA("libws nomodule", NULL), "unregister");
}
