// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guide's part 2 server (README names it): initialization with
 * WSAStartup(MAKEWORD(1, 1)), "Creating a Server Socket" up to the
 * WSAAsyncSelect call, "Closing the Socket", "Shutting down Winsock",
 * "Sending Data". C++, as the guide's code is. See README for what
 * "added:" marks.
 */
#include <winsock2.h>
#include <winsock.h>
#include <windows.h>

#include <stdio.h>	/* added: for the transcript */

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
    /* WSAAsyncSelect(sock, Main.hwnd, WM_USER + 1, FD_ACCEPT); -- see server3.cpp */

    return TRUE;	/* added */
}

int SendData(SOCKET sock, char * lpszData)
{
    return send(sock, lpszData, strlen(lpszData), 0);
}

/* added */
int main(void)
{
	WSADATA wsa;
	SOCKET newsock;

    WSAStartup(MAKEWORD(1, 1), &wsa);

	if (!create_server()) {
		printf("server2: error %d\n", WSAGetLastError());
		WSACleanup();
		return 1;
	}
	/* added: in place of the FD_ACCEPT handler (WSAAsyncSelect), a
	 * blocking accept, then the guide's greeting */
	newsock = accept(sock, NULL, NULL);
	if (newsock != INVALID_SOCKET) {
		SendData(newsock, "Hello, welcome to my server.");
		closesocket(newsock);
	}

    closesocket(sock);

    WSACleanup();

	return 0;
}
