// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guide's part 2 server with WSAAsyncSelect (README names it):
 * initialization with WSAStartup(MAKEWORD(1, 1)), "Creating a Server
 * Socket" including its WSAAsyncSelect(..., FD_ACCEPT), "Sending Data",
 * "Receiving Data" (HandleData and its WindowProc case), "Accepting
 * Connections" (HandleAccept and its WindowProc case), "Closing the
 * Socket", "Shutting down Winsock", around a message-only window and its
 * message loop. C++, as the guide's code is. See README for what "added:"
 * marks.
 *
 * usage: server3 [CLIENTS]   serves CLIENTS connections (default 1), then
 *                            exits; port 1234, as in the guide.
 */
#include <winsock2.h>
#include <winsock.h>
#include <windows.h>

#include <stdio.h>	/* added: for the transcript */
#include <stdlib.h>	/* added: atoi */

/* added: the guide's window, "Main.hwnd" (server) or "Main.hWnd" (the
 * handlers); both name the message-only window made in main() */
static struct {
	HWND hwnd;
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
	printf("server3: %s \"%s\"\n", lpCaption, lpText);
	fflush(stdout);
	return 1;	/* IDOK */
}

sockaddr_in sin;
SOCKET sock;

/* added: SendData is defined further down in the guide */
int SendData(SOCKET sock, char * lpszData);

/* added: the server fragments are the body of a function */
static BOOL create_server(void)
{
    if((sock = socket(PF_INET, SOCK_STREAM, 0)) == SOCKET_ERROR)
        return FALSE;

    /* Set the family for the socket to internet */
    sin.sin_family = AF_INET;

    /* Set to use port 1234 */
    sin.sin_port = htons(1234);

    if(bind(sock, (sockaddr *)&sin, sizeof(sockaddr_in)) ==
    SOCKET_ERROR)
        return FALSE;

    if(listen(sock, 200) == SOCKET_ERROR)
        return FALSE;

/* Main.hwnd should contain the HWND of the window you're using for
socket stuff */
WSAAsyncSelect(sock, Main.hwnd, WM_USER + 1, FD_ACCEPT);

    return TRUE;	/* added */
}

int SendData(SOCKET sock, char * lpszData)
{
    return send(sock, lpszData, strlen(lpszData), 0);
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

int HandleAccept(WPARAM wParam, LPARAM lParam)
{
    SOCKET sock = (SOCKET)wParam;
    WORD event = LOWORD(lParam);
    WORD error = HIWORD(lParam);

    if(event == FD_ACCEPT)
    {
        sockaddr_in NewRemoteSin;
        SOCKET newsock = accept(sock,
(sockaddr*)&NewRemoteSin, NULL);

/* NOTE: Now NewRemoteSin contains the address of the new client.
And newsock contains the socket that has the new connection
*/

        WSAAsyncSelect(newsock, Main.hWnd, WM_USER + 2,
FD_READ | FD_CLOSE);

        SendData(newsock, "Hello, welcome to my server.");
    }
    return TRUE;
}

/* added: how many connections to serve, and how many are done */
static int clients = 1, served;

/* added: the window procedure the guide's "switch(uMsg)" fragments go in */
static LRESULT CALLBACK WindowProc(HWND hWnd, UINT uMsg, WPARAM wParam,
				   LPARAM lParam)
{
switch(uMsg)
{
        case WM_USER + 1:
            HandleAccept(wParam, lParam);
	    printf("server3: FD_ACCEPT, greeting sent\n");	/* added */
	    fflush(stdout);					/* added */
            break;
    case WM_USER + 2:
        HandleData(wParam, lParam);
	/* added: HandleData closed the connection (FD_READ or FD_CLOSE) */
	printf("server3: %s, connection closed\n",
	       WSAGETSELECTEVENT(lParam) == FD_CLOSE ? "FD_CLOSE" : "FD_READ");
	fflush(stdout);
	if (++served == clients)
		PostQuitMessage(0);
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

	if (argc > 1)
		clients = atoi(argv[1]);

    WSAStartup(MAKEWORD(1, 1), &wsa);

	/* added: the window for socket stuff: a message-only window */
	ZeroMemory(&wc, sizeof(wc));
	wc.cbSize = sizeof(wc);
	wc.lpfnWndProc = WindowProc;
	wc.lpszClassName = "GuideServer";
	if (!RegisterClassEx(&wc)) {
		printf("server3: RegisterClassEx: error %lu\n",
		       (unsigned long)GetLastError());
		return 1;
	}
	Main.hwnd = Main.hWnd = CreateWindowEx(0, "GuideServer", "server3", 0,
					       0, 0, 0, 0, HWND_MESSAGE, NULL,
					       NULL, NULL);
	if (!Main.hwnd) {
		printf("server3: CreateWindowEx: error %lu\n",
		       (unsigned long)GetLastError());
		return 1;
	}

	if (!create_server()) {
		printf("server3: error %d\n", WSAGetLastError());
		WSACleanup();
		return 1;
	}
	printf("server3: listening on port 1234 (WSAAsyncSelect)\n");
	fflush(stdout);

	/* added: the message loop */
	while (GetMessage(&msg, NULL, 0, 0) > 0) {
		TranslateMessage(&msg);
		DispatchMessage(&msg);
	}
	DestroyWindow(Main.hwnd);

    closesocket(sock);

    WSACleanup();

	printf("server3: served %d connection(s)\n", served);
	return 0;
}
