// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compile test: Windows socket code that includes only the Windows headers
 * and uses every function and macro libws declares. Built as C (GNU and
 * strict ISO modes) and as C++ with -Wall -Wextra -Werror, then linked
 * against libws.so, which proves every declaration has its symbol.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <mswsock.h>

static char buf[512];

int use_everything(void);

int use_everything(void)
{
	WSADATA wsa;
	SOCKET s, c;
	SOCKADDR_IN sin;
	SOCKADDR_IN6 sin6;
	SOCKADDR_STORAGE ss;
	struct linger lg = { 1, 5 };
	struct timeval tv = { 1, 0 };
	fd_set rd, wr, ex;
	u_long ul = 1, nl;
	u_short us, ns;
	int len = sizeof(sin), optlen = sizeof(int), r = 0;
	INT ilen = sizeof(ss);
	DWORD dlen = sizeof(buf);
	WCHAR wbuf[64];
	ADDRINFOA hints, *res = NULL;
	struct hostent *he;
	struct servent *se;
	struct protoent *pe;
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	BOOL on = TRUE;
	WORD version = MAKEWORD(2, 2);

	if (WSAStartup(version, &wsa) != 0)
		return 1;
	if (LOBYTE(wsa.wVersion) != 2 || HIBYTE(wsa.wVersion) != 2) {
		WSACleanup();
		return 1;
	}
	ZeroMemory(&sin, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(5000);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_addr.S_un.S_addr = inet_addr("127.0.0.1");

	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	if (s == INVALID_SOCKET)
		r = WSAGetLastError();
	c = WSASocket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, NULL, 0,
		      WSA_FLAG_NO_HANDLE_INHERIT);
	closesocket(WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, 0));
	r |= setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on,
			sizeof(on));
	r |= setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg,
			sizeof(lg));
	r |= setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on,
			sizeof(on));
	r |= getsockopt(s, SOL_SOCKET, SO_ERROR, buf, &optlen);
	r |= bind(s, (struct sockaddr *)&sin, sizeof(sin));
	r |= listen(s, SOMAXCONN);
	r |= ioctlsocket(s, FIONBIO, &ul);
	r |= ioctlsocket(s, FIONREAD, &ul);
	r |= ioctlsocket(s, SIOCATMARK, &ul);
	r |= connect(c, (SOCKADDR *)&sin, sizeof(sin));
	r |= getsockname(s, (SOCKADDR *)&sin, &len);
	r |= getpeername(s, (SOCKADDR *)&sin, &len);
	closesocket(accept(s, (struct sockaddr *)&sin, &len));
	r |= send(c, "hello", 5, 0);
	r |= sendto(c, buf, 1, MSG_DONTROUTE, (SOCKADDR *)&sin, sizeof(sin));
	r |= recv(c, buf, sizeof(buf), MSG_PEEK);
	r |= recvfrom(c, buf, sizeof(buf), 0, (SOCKADDR *)&sin, &len);
	r |= shutdown(c, SD_BOTH);

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	FD_SET(s, &rd);
	FD_SET(c, &wr);
	FD_SET(c, &ex);
	FD_CLR(c, &ex);
	r |= select(0, &rd, &wr, &ex, &tv);
	if (FD_ISSET(s, &rd) || __WSAFDIsSet(c, &wr))
		r |= 1;

	r |= WSAHtonl(s, 1, &nl);
	r |= WSAHtons(s, 1, &ns);
	r |= WSANtohl(s, nl, &ul);
	r |= WSANtohs(s, ns, &us);
	r |= (int)ntohl(htonl(1)) + ntohs(htons(1));

	r |= gethostname(host, sizeof(host));
	he = gethostbyname("localhost");
	if (he && he->h_addr)
		memcpy(&sin.sin_addr, he->h_addr, (size_t)he->h_length);
	he = gethostbyaddr((const char *)&sin.sin_addr, 4, AF_INET);
	se = getservbyname("http", "tcp");
	se = se ? se : getservbyport(htons(80), NULL);
	pe = getprotobyname("tcp");
	pe = pe ? pe : getprotobynumber(IPPROTO_UDP);
	if (!he || !se || !pe)
		r |= h_errno;

	ZeroMemory(&hints, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (getaddrinfo(NULL, "5000", &hints, &res) == 0) {
		r |= getnameinfo(res->ai_addr, (socklen_t)res->ai_addrlen, host,
				 sizeof(host), serv, sizeof(serv),
				 NI_NUMERICHOST | NI_NUMERICSERV);
		freeaddrinfo(res);
	} else {
		r |= (int)strlen(gai_strerror(WSAGetLastError()));
	}
	r |= inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	if (!inet_ntop(AF_INET6, &sin6.sin6_addr, host, sizeof(host)))
		r |= 1;
	{
		ADDRINFOW hintsw, *resw = NULL;
		PADDRINFOA resa = NULL;
		WCHAR hostw[NI_MAXHOST], servw[NI_MAXSERV];

		ZeroMemory(&hintsw, sizeof(hintsw));
		hintsw.ai_flags = AI_NUMERICHOST;
		if (GetAddrInfoW(L"::1", L"80", &hintsw, &resw) == 0) {
			r |= GetNameInfoW(resw->ai_addr,
					  (socklen_t)resw->ai_addrlen, hostw,
					  NI_MAXHOST, servw, NI_MAXSERV,
					  NI_NUMERICHOST);
			if (resw->ai_canonname)
				r |= (int)wcslen(resw->ai_canonname);
			FreeAddrInfoW(resw);
		}
		if (GetAddrInfoA("127.0.0.1", NULL, NULL, &resa) == 0)
			FreeAddrInfoA(resa);
		r |= InetPtonW(AF_INET, L"127.0.0.1", &sin.sin_addr);
		if (!InetNtopW(AF_INET, &sin.sin_addr, hostw, NI_MAXHOST))
			r |= 1;
		r |= InetPtonA(AF_INET, "127.0.0.1", &sin.sin_addr);
		if (!InetNtopA(AF_INET, &sin.sin_addr, host, sizeof(host)))
			r |= 1;
		r |= GetNameInfoA((const SOCKADDR *)&sin, sizeof(sin), host,
				  sizeof(host), NULL, 0, NI_NUMERICHOST);
	}
	r |= (int)strlen(inet_ntoa(sin.sin_addr));
	if (IN6_IS_ADDR_LOOPBACK(&sin6.sin6_addr) ||
	    IN6_IS_ADDR_UNSPECIFIED(&in6addr_any))
		r |= 2;

	r |= WSAStringToAddressA((LPSTR)"[::1]:80", AF_INET6, NULL,
				 (LPSOCKADDR)&ss, &ilen);
	r |= WSAStringToAddressW((LPWSTR)L"1.2.3.4", AF_INET, NULL,
				 (LPSOCKADDR)&ss, &ilen);
	r |= WSAAddressToStringA((LPSOCKADDR)&ss, (DWORD)ilen, NULL, buf,
				 &dlen);
	dlen = 64;
	r |= WSAAddressToStringW((LPSOCKADDR)&ss, (DWORD)ilen, NULL, wbuf,
				 &dlen);
	r |= WSAStringToAddress(buf, AF_INET, NULL, (LPSOCKADDR)&ss, &ilen);

	closesocket(s);
	closesocket(c);
	WSASetLastError(0);
	r |= WSAGetLastError();
	WSACleanup();
	return r;
}

/* The protocol catalog and a multicast leaf. */
int use_catalog(void);

int use_catalog(void)
{
	WSAPROTOCOL_INFOA infoa[8];
	WSAPROTOCOL_INFOW infow[8];
	WSAPROTOCOL_INFO info;
	INT filter[] = { IPPROTO_UDP, 0 };
	DWORD len = sizeof(infoa);
	int r = 0, n, i, size = sizeof(info);
	SOCKADDR_IN group;
	SOCKET s, leaf;
	QOS *qos = NULL;
	FLOWSPEC fs;

	n = WSAEnumProtocolsA(filter, infoa, &len);
	len = sizeof(infow);
	r |= WSAEnumProtocolsW(NULL, infow, &len);
	for (i = 0; i < n; i++) {
		if ((infoa[i].dwServiceFlags1 & XP1_SUPPORT_MULTIPOINT) &&
		    !(infoa[i].dwServiceFlags1 & XP1_MULTIPOINT_CONTROL_PLANE) &&
		    infoa[i].iNetworkByteOrder == BIGENDIAN &&
		    infoa[i].iSecurityScheme == SECURITY_PROTOCOL_NONE &&
		    (infoa[i].dwProviderFlags & PFL_MATCHES_PROTOCOL_ZERO))
			break;
	}
	if (i == n)
		return 1;
	s = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
		       FROM_PROTOCOL_INFO, &infoa[i], 0,
		       WSA_FLAG_MULTIPOINT_C_LEAF | WSA_FLAG_MULTIPOINT_D_LEAF);
	r |= getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFO, (char *)&info, &size);
	ZeroMemory(&group, sizeof(group));
	group.sin_family = AF_INET;
	group.sin_addr.s_addr = htonl(0xeffe0001);
	group.sin_port = htons(5000);
	ZeroMemory(&fs, sizeof(fs));
	fs.ServiceType = SERVICETYPE_BESTEFFORT;
	leaf = WSAJoinLeaf(s, (SOCKADDR *)&group, sizeof(group), NULL, NULL,
			   qos, NULL, JL_BOTH);
	r |= leaf != s || fs.TokenRate;
	r |= JL_SENDER_ONLY | JL_RECEIVER_ONLY;
	closesocket(s);
	return r;
}

/* Event objects, network events, APCs and waits. */
static VOID CALLBACK apc_routine(ULONG_PTR param)
{
	(void)param;
}

int use_events(SOCKET s);

int use_events(SOCKET s)
{
	WSAEVENT evs[WSA_MAXIMUM_WAIT_EVENTS];
	WSANETWORKEVENTS ne = { 0, { { 0 } } };
	HANDLE thread;
	DWORD w;
	int r = 0;

	evs[0] = WSACreateEvent();
	if (evs[0] == WSA_INVALID_EVENT)
		return WSAGetLastError();
	evs[1] = WSACreateEvent();
	r |= WSAEventSelect(s, evs[0], FD_READ | FD_WRITE | FD_CLOSE);
	w = WSAWaitForMultipleEvents(2, evs, FALSE, WSA_INFINITE, TRUE);
	if (w == WSA_WAIT_FAILED || w == WSA_WAIT_TIMEOUT ||
	    w == WSA_WAIT_IO_COMPLETION)
		r |= 1;
	else if (w - WSA_WAIT_EVENT_0 == 0)
		r |= WSAEnumNetworkEvents(s, evs[0], &ne);
	if ((ne.lNetworkEvents & FD_CLOSE) && ne.iErrorCode[FD_CLOSE_BIT])
		r |= ne.iErrorCodes[FD_CLOSE_BIT];
	r |= !WSASetEvent(evs[1]) | !WSAResetEvent(evs[1]);
	r |= (int)WaitForMultipleObjects(2, evs, TRUE, 10);
	r |= (int)WaitForMultipleObjectsEx(2, evs, FALSE, 0, TRUE);
	r |= (int)WaitForSingleObject(evs[0], INFINITE);
	r |= (int)WaitForSingleObjectEx(evs[0], 0, FALSE);
	thread = OpenThread(THREAD_SET_CONTEXT, FALSE, GetCurrentThreadId());
	r |= !QueueUserAPC(apc_routine, thread ? thread : GetCurrentThread(),
			   (ULONG_PTR)42);
	r |= (int)SleepEx(0, TRUE);
	Sleep(0);
	r |= !CloseHandle(thread);
	r |= (int)(GetTickCount() + GetTickCount64() + GetCurrentProcessId());
	r |= !WSACloseEvent(evs[0]) | !CloseHandle(evs[1]);
	SetLastError(GetLastError());
	return r;
}

/* A message-only window, as WSAAsyncSelect code makes one. */
#define WM_SOCKET	(WM_USER + 1)

static LRESULT CALLBACK WndProc(HWND hWnd, UINT uMsg, WPARAM wParam,
				LPARAM lParam)
{
	switch (uMsg) {
	case WM_CREATE:
		SetWindowLongPtr(hWnd, GWLP_USERDATA,
				 (LONG_PTR)((LPCREATESTRUCT)lParam)->lpCreateParams);
		return 0;
	case WM_SOCKET:
		if (WSAGETSELECTERROR(lParam))
			return 0;
		switch (WSAGETSELECTEVENT(lParam)) {
		case FD_ACCEPT:
			closesocket(accept((SOCKET)wParam, NULL, NULL));
			break;
		case FD_CLOSE:
			closesocket((SOCKET)wParam);
			PostQuitMessage(0);
			break;
		}
		return 0;
	case WM_DESTROY:
		PostQuitMessage(0);
		return 0;
	}
	return DefWindowProc(hWnd, uMsg, wParam, lParam);
}

int use_windows(SOCKET s);

int use_windows(SOCKET s)
{
	WNDCLASSEX wcx;
	WNDCLASS wc;
	HWND hwnd;
	MSG msg;
	LPARAM reply = WSAMAKESELECTREPLY(FD_READ, WSAECONNRESET);
	int r = 0;

	ZeroMemory(&wcx, sizeof(wcx));
	wcx.cbSize = sizeof(wcx);
	wcx.lpfnWndProc = WndProc;
	wcx.lpszClassName = "SocketWindow";
	if (!RegisterClassEx(&wcx))
		return (int)GetLastError();
	ZeroMemory(&wc, sizeof(wc));
	wc.lpfnWndProc = WndProc;
	wc.lpszClassName = "Other";
	r |= !RegisterClass(&wc);
	hwnd = CreateWindowEx(0, "SocketWindow", "", 0, 0, 0, 0, 0,
			      HWND_MESSAGE, NULL, NULL, NULL);
	r |= !CreateWindow("Other", "", WS_OVERLAPPEDWINDOW, CW_USEDEFAULT,
			   CW_USEDEFAULT, 100, 100, NULL, NULL, NULL, NULL);
	r |= WSAAsyncSelect(s, hwnd, WM_SOCKET, FD_ACCEPT | FD_CLOSE);
	r |= !PostMessage(hwnd, WM_USER + 2, 0, reply);
	r |= !PostThreadMessage(GetCurrentThreadId(), WM_APP, 0, 0);
	if (PeekMessage(&msg, NULL, 0, 0, PM_NOREMOVE | PM_NOYIELD))
		r |= msg.message == WM_NULL;
	while (GetMessage(&msg, NULL, 0, 0) > 0) {
		TranslateMessage(&msg);
		DispatchMessage(&msg);
	}
	r |= IsWindow(hwnd) && GetWindowThreadProcessId(hwnd, NULL) == 0;
	r |= (int)GetWindowLongPtr(hwnd, GWLP_USERDATA);
	r |= !DestroyWindow(hwnd);
	r |= !UnregisterClass("Other", NULL);
	return r;
}

int main(void)
{
	return use_everything() == 12345 && use_events(0) == 1 &&
	       use_windows(0) == 1;
}
