// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guide's part 2 client (README names it): "Creating a Client
 * Socket" up to the WSAAsyncSelect call, "Closing the Socket", "Shutting
 * down Winsock", "Sending Data". C++, as the guide's code is. See README
 * for what "added:" marks.
 */
#include <winsock2.h>
#include <winsock.h>
#include <windows.h>

#include <stdio.h>	/* added: for the transcript */
#include <stdlib.h>	/* added: atoi */

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
    /* WSAAsyncSelect(sock, Main.hWnd, WM_USER + 2, FD_READ |
FD_CLOSE); -- see client3.cpp */

    return true;	/* added */
}

int SendData(SOCKET sock, char * lpszData)
{
    return send(sock, lpszData, strlen(lpszData), 0);
}

/* added: the guide sends a MyStruct it does not define */
struct MyStruct {
	int a, b;
};

/* added */
int main(int argc, char **argv)
{
	WSADATA wsa;
	SOCKET MySock;	/* added: the guide closes "MySock" */
	char buffer[256];
	int n;

    WSAStartup(MAKEWORD(1, 1), &wsa);

	if (!connect_to(argc > 1 ? argv[1] : "127.0.0.1",
			argc > 2 ? atoi(argv[2]) : 1234)) {
		printf("client2: error %d\n", WSAGetLastError());
		WSACleanup();
		return 1;
	}
	/* added: read the server's greeting before sending */
	n = recv(sock, buffer, sizeof(buffer) - 1, 0);
	if (n > 0) {
		buffer[n] = '\0';
		printf("client2: received \"%s\"\n", buffer);
	}

    send(sock, "Test String", 12, 0);
    MyStruct a = { 1, 2 };	/* added: the initializer */
    send(sock, (char *)&a, sizeof(MyStruct), 0);

    SendData(sock, "This is some data!");

	MySock = sock;	/* added */
    closesocket(MySock);

    WSACleanup();

	return 0;
}
