// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guide's part 2 client with WSAAsyncSelect (README names it):
 * "Creating a Client Socket" including its WSAAsyncSelect(..., FD_READ |
 * FD_CLOSE), "Receiving Data" (HandleData and its WindowProc case),
 * "Closing the Socket", "Shutting down Winsock", around a message-only
 * window and its message loop. C++, as the guide's code is. See README
 * for what "added:" marks.
 *
 * usage: client3 [IP [PORT]]   (default 127.0.0.1 1234): shows the
 *                              server's greeting, then exits.
 */
#include <winsock2.h>
#include <winsock.h>
#include <windows.h>

#include <stdio.h>	/* added: for the transcript */
#include <stdlib.h>	/* added: atoi */

/* added: the guide's window, "Main.hWnd" */
static struct {
	HWND hWnd;
} Main;

/* added: the guide shows received data in a message box; a message-only
 * window program prints it instead (MessageBox is not part of libws) */
#define MB_OK	0x00000000L
static int MessageBox(HWND hWnd, const char *lpText, const char *lpCaption,
		      UINT uType)
{
	(void)hWnd;
	(void)uType;
	printf("client3: %s \"%s\"\n", lpCaption, lpText);
	fflush(stdout);
	return 1;	/* IDOK */
}

SOCKET sock;
sockaddr_in LocalSin, RemoteSin;

/* added: the guide's szIP and nPort are not defined; parameters here */
static bool connect_to(const char *szIP, int nPort)
{
/* This is the family for the socket */
LocalSin.sin_family = AF_INET;

/* This is the port to connect from. Setting 0 means use random port
*/
    LocalSin.sin_port = 0;

    RemoteSin.sin_family = AF_INET;
/* This is the port to connect to */
    RemoteSin.sin_port = htons(nPort);

    if((RemoteSin.sin_addr.S_un.S_addr = inet_addr(szIP)) ==
INADDR_NONE)
        return false;           // Error setting IP

    if((sock = socket(PF_INET, SOCK_STREAM, 0)) == SOCKET_ERROR)
        return false;           // Error creating socket

    if(bind(sock, (sockaddr *)&LocalSin, sizeof(sockaddr_in)) ==
SOCKET_ERROR)
        return false;           // Error binding socket

    if(connect(sock, (sockaddr *)&RemoteSin, sizeof(sockaddr_in))
== SOCKET_ERROR)
        return false;

/* Main.hWnd should contain the HWND of the window you're using for
socket stuff */
    WSAAsyncSelect(sock, Main.hWnd, WM_USER + 2, FD_READ |
FD_CLOSE);

    return true;	/* added */
}

int HandleData(WPARAM wParam, LPARAM lParam)
{
    SOCKET sock = (SOCKET)wParam;
    WORD event = LOWORD(lParam);
    WORD error = HIWORD(lParam);

    if(event == FD_CLOSE)
    {
        closesocket(sock);
    }
    else if(event == FD_READ)
    {
        char szBuffer[1024];
        ZeroMemory(szBuffer, 1024);
        recv(sock, szBuffer, 1024, 0);

        MessageBox(Main.hWnd, szBuffer, "Received Data!",
MB_OK);

        closesocket(sock);
    }
    return TRUE;
}

/* added: the window procedure the guide's "switch(uMsg)" fragment goes in */
static LRESULT CALLBACK WindowProc(HWND hWnd, UINT uMsg, WPARAM wParam,
				   LPARAM lParam)
{
switch(uMsg)
{
    case WM_USER + 2:
        HandleData(wParam, lParam);
	PostQuitMessage(0);	/* added: HandleData closed the socket */
        break;
	/* added: the guide's "..." */
	default:
		return DefWindowProc(hWnd, uMsg, wParam, lParam);
}
	return 0;	/* added */
}

/* added */
int main(int argc, char **argv)
{
	WSADATA wsa;
	WNDCLASSEX wc;
	MSG msg;

    WSAStartup(MAKEWORD(1, 1), &wsa);

	/* added: the window for socket stuff: a message-only window */
	ZeroMemory(&wc, sizeof(wc));
	wc.cbSize = sizeof(wc);
	wc.lpfnWndProc = WindowProc;
	wc.lpszClassName = "GuideClient";
	if (!RegisterClassEx(&wc)) {
		printf("client3: RegisterClassEx: error %lu\n",
		       (unsigned long)GetLastError());
		return 1;
	}
	Main.hWnd = CreateWindowEx(0, "GuideClient", "client3", 0, 0, 0, 0, 0,
				   HWND_MESSAGE, NULL, NULL, NULL);
	if (!Main.hWnd) {
		printf("client3: CreateWindowEx: error %lu\n",
		       (unsigned long)GetLastError());
		return 1;
	}

	if (!connect_to(argc > 1 ? argv[1] : "127.0.0.1",
			argc > 2 ? atoi(argv[2]) : 1234)) {
		printf("client3: error %d\n", WSAGetLastError());
		WSACleanup();
		return 1;
	}

	/* added: the message loop, until HandleData has closed the socket */
	while (GetMessage(&msg, NULL, 0, 0) > 0) {
		TranslateMessage(&msg);
		DispatchMessage(&msg);
	}
	DestroyWindow(Main.hWnd);

    WSACleanup();

	return 0;
}
