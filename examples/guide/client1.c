// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The guide's part 1 client (README names it): "Client: Creating a
 * Socket", "Client: Locating the Host", "Client: Connecting to Server",
 * "Closing a Socket", "WinSock: Shutdown". See README for what "added:"
 * marks.
 */
#include <winsock2.h>
#include <winsock.h>
#include <windows.h>

#include <stdio.h>	/* added: for the transcript */

/* added: the name of the server; the guide's is the default */
static const char *server_name = "danaos.cslab.ntua.gr ";

/* added: the client fragments are the body of a function */
static BOOL client_main(void)
{
SOCKET client;

client = socket( AF_INET, SOCK_STREAM, 0 );

struct hostent *host;

host = gethostbyname( server_name );	/* added: server_name for the guide's literal */

	/* added: the guide does not check the result */
	if (host == NULL)
		return FALSE;

struct sockaddr_in sin;

memset( &sin, 0, sizeof sin );

sin.sin_family = AF_INET;
sin.sin_addr.s_addr = ((struct in_addr*)(host->h_addr))->s_addr;
sin.sin_port = htons( 5000 );

if ( connect( client ,( struct in_addr *)&sin, sizeof sin ) == SOCKET_ERROR )
{
    /* could not connect to server */
    return FALSE;
}

	/* added: the guide only says "send ... and receive data using
	 * recv" */
	{
		char buffer[256];
		int n;

		send(client, "Test String", 12, 0);
		n = recv(client, buffer, sizeof(buffer) - 1, 0);
		if (n > 0) {
			buffer[n] = '\0';
			printf("client1: received \"%s\"\n", buffer);
		}
	}

closesocket( client );	/* added: the guide's fragment closes its "server" */

return TRUE;	/* added */
}

/* added */
int main(int argc, char **argv)
{
	WSADATA wsa;

	if (argc > 1)
		server_name = argv[1];

WSAStartup(MAKEWORD(1, 1), &wsa);

	if (!client_main()) {
		printf("client1: error %d\n", WSAGetLastError());
		WSACleanup();
		return 1;
	}

WSACleanup();

	return 0;
}
