// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guide's part 1 server (README names it): "WinSock: Initialization",
 * "Server: Creating a Socket", "Server: Starting the Server", "Server:
 * Listening for a Client", "Server: Accepting a Connection", "Closing a
 * Socket", "WinSock: Shutdown". See README for what "added:" marks.
 */
#include <winsock2.h>
#include <winsock.h>
#include <windows.h>

#include <stdio.h>	/* added: for the transcript */

/* added: the initialization fragment is the body of a function */
static BOOL startup(void)
{
WSADATA wsaData;
WORD version;
int error;

version = MAKEWORD( 2, 0 );

error = WSAStartup( version, &wsaData );

/* check for error */
if ( error != 0 )
{
    /* error occurred */
    return FALSE;
}

/* check for correct version */
if ( LOBYTE( wsaData.wVersion ) != 2 ||
    HIBYTE( wsaData.wVersion ) != 0 )
{
    /* incorrect WinSock version */
    WSACleanup();
    return FALSE;
}

/* WinSock has been initialized */
return TRUE;	/* added */
}

/* added: the server fragments are the body of a function */
static BOOL server_main(void)
{
SOCKET server;

server = socket( AF_INET, SOCK_STREAM, 0 );

struct sockaddr_in sin;

memset( &sin, 0, sizeof (sin) );

sin.sin_family = AF_INET;

sin.sin_addr.s_addr = htonl(INADDR_ANY);

sin.sin_port = htons( 5000 );

if ( bind( server,( struct in_addr *)&sin, sizeof (sin) ) == SOCKET_ERROR )
{
    /* could not start server */
    return FALSE;
}

while ( listen( server, SOMAXCONN ) == SOCKET_ERROR );

SOCKET client;

int length;

length = sizeof sin;

client = accept( server, ( struct in_addr *)&sin, &length );

	/* added: the guide only says "send ... and receive data using
	 * recv"; receive one message and send it back */
	{
		char buffer[256];
		int n;

		if (client == INVALID_SOCKET)
			return FALSE;
		n = recv(client, buffer, sizeof(buffer) - 1, 0);
		if (n > 0) {
			buffer[n] = '\0';
			printf("server1: received \"%s\"\n", buffer);
			send(client, buffer, n, 0);
		}
		closesocket(client);
	}

closesocket( server );

return TRUE;	/* added */
}

/* added */
int main(void)
{
	if (!startup())
		return 1;
	if (!server_main()) {
		printf("server1: error %d\n", WSAGetLastError());
		WSACleanup();
		return 1;
	}

WSACleanup();

	return 0;
}
