// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compile test: the window API with UNICODE defined, as Windows programs
 * built for Unicode use it (the W functions and structures through the
 * generic names, L"" strings).
 */
#define UNICODE
#define _UNICODE
#include <windows.h>
#include <winsock2.h>
#include <ws2tcpip.h>

static LRESULT CALLBACK WndProc(HWND hWnd, UINT uMsg, WPARAM wParam,
				LPARAM lParam)
{
	return DefWindowProc(hWnd, uMsg, wParam, lParam);
}

int use_unicode(void);

int use_unicode(void)
{
	WNDCLASSEX wcx;
	WNDCLASSW wc;
	HWND hwnd;
	MSG msg;

	ZeroMemory(&wcx, sizeof(wcx));
	wcx.cbSize = sizeof(wcx);
	wcx.lpfnWndProc = WndProc;
	wcx.lpszClassName = L"UnicodeWindow";
	if (!RegisterClassEx(&wcx))
		return 1;
	ZeroMemory(&wc, sizeof(wc));
	wc.lpfnWndProc = WndProc;
	wc.lpszClassName = L"UnicodeWindow2";
	RegisterClass(&wc);
	hwnd = CreateWindowEx(0, L"UnicodeWindow", L"title", 0, 0, 0, 0, 0,
			      HWND_MESSAGE, NULL, NULL, NULL);
	hwnd = hwnd ? hwnd : CreateWindow(L"UnicodeWindow2", L"", 0, 0, 0, 0,
					  0, NULL, NULL, NULL, NULL);
	PostMessage(hwnd, WM_CLOSE, 0, 0);
	while (GetMessage(&msg, NULL, 0, 0) > 0) {
		TranslateMessage(&msg);
		DispatchMessage(&msg);
		if (PeekMessage(&msg, hwnd, WM_USER, WM_USER, PM_REMOVE))
			break;
	}
	PostThreadMessage(GetCurrentThreadId(), WM_QUIT, 0, 0);
	SetWindowLongPtr(hwnd, GWLP_USERDATA, GetWindowLongPtr(hwnd, 0));
	DestroyWindow(hwnd);
	return UnregisterClass(L"UnicodeWindow", NULL) ? 0 : 1;
}

int use_unicode_names(void);

/* ws2tcpip.h's generic names are the W functions and ADDRINFOW. */
int use_unicode_names(void)
{
	ADDRINFOT hints, *res = NULL;
	PADDRINFOW resw;
	WCHAR host[NI_MAXHOST], serv[NI_MAXSERV];
	IN_ADDR a;
	int r = 0;

	ZeroMemory(&hints, sizeof(hints));
	hints.ai_flags = AI_CANONNAME;
	if (GetAddrInfo(L"localhost", L"http", &hints, &res) == 0) {
		r |= GetNameInfo(res->ai_addr, (socklen_t)res->ai_addrlen,
				 host, NI_MAXHOST, serv, NI_MAXSERV, 0);
		resw = res;
		if (resw->ai_canonname && resw->ai_canonname[0] != L'l')
			r |= 4;
		FreeAddrInfo(res);
	}
	if (InetPton(AF_INET, L"127.0.0.1", &a) != 1)
		r |= 1;
	if (!InetNtop(AF_INET, &a, host, NI_MAXHOST))
		r |= 2;
	return r;
}
