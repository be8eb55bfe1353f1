/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * windows.h for libws: the minimal subset of the Windows base types and
 * macros that Windows socket code uses, with the Windows (LLP64) sizes:
 * BYTE 8, WORD 16, DWORD/LONG/ULONG/UINT/INT 32 bits, the *_PTR types and
 * HANDLE pointer-sized. WCHAR is the platform's wchar_t (32 bits on Linux),
 * so that L"..." literals keep working.
 *
 * It also declares the small part of the Win32 API that Windows socket code
 * uses with it (all in libws):
 *  - the thread's last error (GetLastError is WSAGetLastError, as on
 *    Windows), waits on event objects, alertable sleeps and user APCs
 *    (WaitForMultipleObjects, SleepEx, QueueUserAPC, thread handles);
 *  - the message API of a message-only window, as WSAAsyncSelect code uses
 *    it: window classes, CreateWindowEx, GetMessage/PeekMessage,
 *    DispatchMessage, PostMessage, PostQuitMessage.
 * See the man pages (section 3ws) for what each supports.
 *
 * Like the real header it also declares Windows Sockets (winsock.h, which
 * is winsock2.h here) unless WIN32_LEAN_AND_MEAN is defined.
 */
#ifndef _WINDOWS_
#define _WINDOWS_

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include <winerror.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Calling conventions and pointer qualifiers: all the same on x86-64 Linux. */
#define WINAPI
#define WINAPIV
#define APIENTRY
#define CALLBACK
#define PASCAL
#define FAR
#define NEAR
#define CONST		const
#define IN
#define OUT
#define OPTIONAL
#ifndef VOID
#define VOID		void
#endif

typedef int			BOOL;
typedef unsigned char		BYTE;
typedef unsigned short		WORD;
typedef uint32_t		DWORD;
typedef int32_t			LONG;
typedef uint32_t		ULONG;
typedef int			INT;
typedef unsigned int		UINT;
typedef char			CHAR;
typedef unsigned char		UCHAR;
typedef short			SHORT;
typedef unsigned short		USHORT;
typedef wchar_t			WCHAR;
typedef float			FLOAT;
typedef int64_t			LONGLONG;
typedef uint64_t		ULONGLONG;
typedef uint64_t		DWORD64;

typedef intptr_t		INT_PTR, LONG_PTR;
typedef uintptr_t		UINT_PTR, ULONG_PTR, DWORD_PTR;
typedef ULONG_PTR		SIZE_T;
typedef ULONG_PTR		*PULONG_PTR;
typedef LONG_PTR		SSIZE_T;

typedef void			*PVOID, *LPVOID;
typedef const void		*LPCVOID;
typedef void			*HANDLE;
typedef HANDLE			*PHANDLE, *LPHANDLE;
typedef HANDLE			HWND, HINSTANCE, HMODULE, HMENU, HICON, HCURSOR,
				HBRUSH;
typedef WORD			ATOM;
typedef UINT_PTR		WPARAM;
typedef LONG_PTR		LPARAM, LRESULT;

typedef CHAR			*PCHAR, *PSTR, *LPSTR;
typedef const CHAR		*PCSTR, *LPCSTR;
typedef WCHAR			*PWCHAR, *PWSTR, *LPWSTR;
typedef const WCHAR		*PCWSTR, *LPCWSTR;
typedef BOOL			*PBOOL, *LPBOOL;
typedef BYTE			*PBYTE, *LPBYTE;
typedef WORD			*PWORD, *LPWORD;
typedef DWORD			*PDWORD, *LPDWORD;
typedef INT			*PINT, *LPINT;
typedef UINT			*PUINT, *LPUINT;
typedef LONG			*PLONG, *LPLONG;
typedef ULONG			*PULONG;
typedef SHORT			*PSHORT;
typedef USHORT			*PUSHORT;
typedef UCHAR			*PUCHAR;

#ifdef UNICODE
typedef WCHAR			TCHAR;
#else
typedef CHAR			TCHAR;
#endif
typedef TCHAR			*PTSTR, *LPTSTR;
typedef const TCHAR		*PCTSTR, *LPCTSTR;

typedef struct _GUID {
	DWORD	Data1;
	WORD	Data2;
	WORD	Data3;
	BYTE	Data4[8];
} GUID, *LPGUID;

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

#define INVALID_HANDLE_VALUE	((HANDLE)(LONG_PTR)-1)

#define MAKEWORD(a, b)	((WORD)(((BYTE)(((DWORD_PTR)(a)) & 0xff)) | \
			 ((WORD)((BYTE)(((DWORD_PTR)(b)) & 0xff))) << 8))
#define MAKELONG(a, b)	((LONG)(((WORD)(((DWORD_PTR)(a)) & 0xffff)) | \
			 ((DWORD)((WORD)(((DWORD_PTR)(b)) & 0xffff))) << 16))
#define LOWORD(l)	((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l)	((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w)	((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w)	((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))

#define ZeroMemory(dst, len)		memset((dst), 0, (len))
#define FillMemory(dst, len, fill)	memset((dst), (fill), (len))
#define CopyMemory(dst, src, len)	memcpy((dst), (src), (len))
#define MoveMemory(dst, src, len)	memmove((dst), (src), (len))

#define MAKEINTATOM(i)		((LPCSTR)((ULONG_PTR)((WORD)(i))))
#define IS_INTRESOURCE(p)	((((ULONG_PTR)(p)) >> 16) == 0)

/*
 * The thread's last error. WSAGetLastError and GetLastError read the same
 * per-thread value, as on Windows.
 */
DWORD WINAPI GetLastError(void);
VOID WINAPI SetLastError(DWORD dwErrCode);

/*
 * Handles, waits and APCs.
 *
 * An event object's HANDLE (a WSAEVENT of WSACreateEvent) is its file
 * descriptor, so it can also be polled (readable while signalled). A thread
 * is named by its Linux thread id: GetCurrentThreadId() is gettid(), and
 * the HANDLE of OpenThread() carries that id; GetCurrentThread() is the
 * pseudo-handle (HANDLE)-2, "the calling thread". WaitFor*Object* wait on
 * event objects only (WSACreateEvent's and CreateEvent's).
 */
#define INFINITE		0xFFFFFFFFu
#define WAIT_OBJECT_0		0x00000000u
#define WAIT_ABANDONED_0	0x00000080u
#define WAIT_IO_COMPLETION	0x000000C0u
#define WAIT_FAILED		0xFFFFFFFFu
#define MAXIMUM_WAIT_OBJECTS	64

#define SYNCHRONIZE			0x00100000u
#define STANDARD_RIGHTS_REQUIRED	0x000F0000u
#define THREAD_TERMINATE		0x0001u
#define THREAD_SUSPEND_RESUME		0x0002u
#define THREAD_GET_CONTEXT		0x0008u
#define THREAD_SET_CONTEXT		0x0010u
#define THREAD_SET_INFORMATION		0x0020u
#define THREAD_QUERY_INFORMATION	0x0040u
#define THREAD_QUERY_LIMITED_INFORMATION 0x0800u
#define THREAD_ALL_ACCESS		(STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | \
					 0xFFFFu)

typedef VOID (CALLBACK *PAPCFUNC)(ULONG_PTR Parameter);

/*
 * Event objects: CreateEvent makes the same objects as WSACreateEvent,
 * manual-reset or auto-reset (a wait that an auto-reset event satisfies
 * resets it, so one SetEvent releases one wait). No names and no security
 * descriptors: a non-NULL lpName, or lpEventAttributes with a security
 * descriptor or bInheritHandle, fails with ERROR_NOT_SUPPORTED.
 */
typedef struct _SECURITY_ATTRIBUTES {
	DWORD	nLength;
	LPVOID	lpSecurityDescriptor;
	BOOL	bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
			   BOOL bManualReset, BOOL bInitialState, LPCSTR lpName);
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes,
			   BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName);
#ifdef UNICODE
#define CreateEvent	CreateEventW
#else
#define CreateEvent	CreateEventA
#endif
BOOL WINAPI SetEvent(HANDLE hEvent);
BOOL WINAPI ResetEvent(HANDLE hEvent);
BOOL WINAPI PulseEvent(HANDLE hEvent);

HANDLE WINAPI GetCurrentThread(void);
DWORD WINAPI GetCurrentThreadId(void);
DWORD WINAPI GetCurrentProcessId(void);
HANDLE WINAPI OpenThread(DWORD dwDesiredAccess, BOOL bInheritHandle,
			 DWORD dwThreadId);
BOOL WINAPI CloseHandle(HANDLE hObject);
DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData);
VOID WINAPI Sleep(DWORD dwMilliseconds);
DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable);
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds,
				   BOOL bAlertable);
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles,
				    BOOL bWaitAll, DWORD dwMilliseconds);
DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles,
				      BOOL bWaitAll, DWORD dwMilliseconds,
				      BOOL bAlertable);
DWORD WINAPI GetTickCount(void);
ULONGLONG WINAPI GetTickCount64(void);

/*
 * Overlapped I/O on sockets (ws module, uapi/linux/ws.h): the OVERLAPPED an
 * operation reports into. Internal holds its NTSTATUS (STATUS_PENDING while
 * it runs), InternalHigh its byte count; both are written by the kernel
 * when the operation completes. A socket's HANDLE is its SOCKET.
 */
#ifndef STATUS_PENDING
#define STATUS_WAIT_0			((DWORD)0x00000000L)
#define STATUS_ABANDONED_WAIT_0		((DWORD)0x00000080L)
#define STATUS_USER_APC			((DWORD)0x000000C0L)
#define STATUS_TIMEOUT			((DWORD)0x00000102L)
#define STATUS_PENDING			((DWORD)0x00000103L)
#endif

typedef struct _OVERLAPPED {
	ULONG_PTR	Internal;
	ULONG_PTR	InternalHigh;
	union {
		struct {
			DWORD	Offset;
			DWORD	OffsetHigh;
		};
		PVOID	Pointer;
	};
	HANDLE		hEvent;
} OVERLAPPED, *LPOVERLAPPED;

#define HasOverlappedIoCompleted(lpOverlapped) \
	(((DWORD)(lpOverlapped)->Internal) != STATUS_PENDING)

typedef VOID (WINAPI *LPOVERLAPPED_COMPLETION_ROUTINE)(
	DWORD dwErrorCode, DWORD dwNumberOfBytesTransfered,
	LPOVERLAPPED lpOverlapped);

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
				LPDWORD lpNumberOfBytesTransferred, BOOL bWait);
BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
				  LPDWORD lpNumberOfBytesTransferred,
				  DWORD dwMilliseconds, BOOL bAlertable);
BOOL WINAPI CancelIo(HANDLE hFile);
BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);

/*
 * I/O completion ports: kernel objects of the ws module, fed directly by
 * the completions of overlapped operations on the sockets associated with
 * them. A port's HANDLE is its file descriptor (readable while packets are
 * queued); close it with CloseHandle.
 */
typedef struct _OVERLAPPED_ENTRY {
	ULONG_PTR	lpCompletionKey;
	LPOVERLAPPED	lpOverlapped;
	ULONG_PTR	Internal;
	DWORD		dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY, *LPOVERLAPPED_ENTRY;

#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS	0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE		0x2

HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle,
				     HANDLE ExistingCompletionPort,
				     ULONG_PTR CompletionKey,
				     DWORD NumberOfConcurrentThreads);
BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort,
				      LPDWORD lpNumberOfBytesTransferred,
				      PULONG_PTR lpCompletionKey,
				      LPOVERLAPPED *lpOverlapped,
				      DWORD dwMilliseconds);
BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort,
					LPOVERLAPPED_ENTRY lpCompletionPortEntries,
					ULONG ulCount,
					PULONG ulNumEntriesRemoved,
					DWORD dwMilliseconds, BOOL fAlertable);
BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort,
				       DWORD dwNumberOfBytesTransferred,
				       ULONG_PTR dwCompletionKey,
				       LPOVERLAPPED lpOverlapped);
BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle,
					       UCHAR Flags);

/*
 * Window messages: message-only windows and thread message queues.
 *
 * Every window libws creates is a message-only window (the parent
 * HWND_MESSAGE, or none, or another window): it has a window procedure and
 * receives posted messages, nothing is drawn. Each thread that creates a
 * window or reads messages has a message queue, a kernel object of the ws
 * module that WSAAsyncSelect posts to directly.
 */
typedef LRESULT (CALLBACK *WNDPROC)(HWND, UINT, WPARAM, LPARAM);

typedef struct tagPOINT {
	LONG	x;
	LONG	y;
} POINT, *PPOINT, *LPPOINT;

typedef struct tagMSG {
	HWND	hwnd;
	UINT	message;
	WPARAM	wParam;
	LPARAM	lParam;
	DWORD	time;
	POINT	pt;
} MSG, *PMSG, *NPMSG, *LPMSG;

typedef struct tagWNDCLASSA {
	UINT		style;
	WNDPROC		lpfnWndProc;
	int		cbClsExtra;
	int		cbWndExtra;
	HINSTANCE	hInstance;
	HICON		hIcon;
	HCURSOR		hCursor;
	HBRUSH		hbrBackground;
	LPCSTR		lpszMenuName;
	LPCSTR		lpszClassName;
} WNDCLASSA, *PWNDCLASSA, *LPWNDCLASSA;

typedef struct tagWNDCLASSW {
	UINT		style;
	WNDPROC		lpfnWndProc;
	int		cbClsExtra;
	int		cbWndExtra;
	HINSTANCE	hInstance;
	HICON		hIcon;
	HCURSOR		hCursor;
	HBRUSH		hbrBackground;
	LPCWSTR		lpszMenuName;
	LPCWSTR		lpszClassName;
} WNDCLASSW, *PWNDCLASSW, *LPWNDCLASSW;

typedef struct tagWNDCLASSEXA {
	UINT		cbSize;
	UINT		style;
	WNDPROC		lpfnWndProc;
	int		cbClsExtra;
	int		cbWndExtra;
	HINSTANCE	hInstance;
	HICON		hIcon;
	HCURSOR		hCursor;
	HBRUSH		hbrBackground;
	LPCSTR		lpszMenuName;
	LPCSTR		lpszClassName;
	HICON		hIconSm;
} WNDCLASSEXA, *PWNDCLASSEXA, *LPWNDCLASSEXA;

typedef struct tagWNDCLASSEXW {
	UINT		cbSize;
	UINT		style;
	WNDPROC		lpfnWndProc;
	int		cbClsExtra;
	int		cbWndExtra;
	HINSTANCE	hInstance;
	HICON		hIcon;
	HCURSOR		hCursor;
	HBRUSH		hbrBackground;
	LPCWSTR		lpszMenuName;
	LPCWSTR		lpszClassName;
	HICON		hIconSm;
} WNDCLASSEXW, *PWNDCLASSEXW, *LPWNDCLASSEXW;

typedef struct tagCREATESTRUCTA {
	LPVOID		lpCreateParams;
	HINSTANCE	hInstance;
	HMENU		hMenu;
	HWND		hwndParent;
	int		cy;
	int		cx;
	int		y;
	int		x;
	LONG		style;
	LPCSTR		lpszName;
	LPCSTR		lpszClass;
	DWORD		dwExStyle;
} CREATESTRUCTA, *LPCREATESTRUCTA;

typedef struct tagCREATESTRUCTW {
	LPVOID		lpCreateParams;
	HINSTANCE	hInstance;
	HMENU		hMenu;
	HWND		hwndParent;
	int		cy;
	int		cx;
	int		y;
	int		x;
	LONG		style;
	LPCWSTR		lpszName;
	LPCWSTR		lpszClass;
	DWORD		dwExStyle;
} CREATESTRUCTW, *LPCREATESTRUCTW;

#define HWND_MESSAGE		((HWND)(LONG_PTR)-3)
#define HWND_BROADCAST		((HWND)(ULONG_PTR)0xffff)
#define CW_USEDEFAULT		((int)0x80000000)

/* Window styles: stored, without effect on message-only windows. */
#define WS_OVERLAPPED		0x00000000L
#define WS_POPUP		0x80000000L
#define WS_CHILD		0x40000000L
#define WS_MINIMIZE		0x20000000L
#define WS_VISIBLE		0x10000000L
#define WS_DISABLED		0x08000000L
#define WS_CLIPSIBLINGS		0x04000000L
#define WS_CLIPCHILDREN		0x02000000L
#define WS_MAXIMIZE		0x01000000L
#define WS_CAPTION		0x00C00000L
#define WS_BORDER		0x00800000L
#define WS_DLGFRAME		0x00400000L
#define WS_VSCROLL		0x00200000L
#define WS_HSCROLL		0x00100000L
#define WS_SYSMENU		0x00080000L
#define WS_THICKFRAME		0x00040000L
#define WS_MINIMIZEBOX		0x00020000L
#define WS_MAXIMIZEBOX		0x00010000L
#define WS_OVERLAPPEDWINDOW	(WS_OVERLAPPED | WS_CAPTION | WS_SYSMENU | \
				 WS_THICKFRAME | WS_MINIMIZEBOX | \
				 WS_MAXIMIZEBOX)

/* Messages. */
#define WM_NULL			0x0000
#define WM_CREATE		0x0001
#define WM_DESTROY		0x0002
#define WM_CLOSE		0x0010
#define WM_QUIT			0x0012
#define WM_NCCREATE		0x0081
#define WM_NCDESTROY		0x0082
#define WM_TIMER		0x0113
#define WM_USER			0x0400
#define WM_APP			0x8000

/* PeekMessage. */
#define PM_NOREMOVE		0x0000
#define PM_REMOVE		0x0001
#define PM_NOYIELD		0x0002

/* GetWindowLongPtr/SetWindowLongPtr. */
#define GWLP_WNDPROC		(-4)
#define GWLP_USERDATA		(-21)

ATOM WINAPI RegisterClassA(const WNDCLASSA *lpWndClass);
ATOM WINAPI RegisterClassW(const WNDCLASSW *lpWndClass);
ATOM WINAPI RegisterClassExA(const WNDCLASSEXA *lpWndClass);
ATOM WINAPI RegisterClassExW(const WNDCLASSEXW *lpWndClass);
BOOL WINAPI UnregisterClassA(LPCSTR lpClassName, HINSTANCE hInstance);
BOOL WINAPI UnregisterClassW(LPCWSTR lpClassName, HINSTANCE hInstance);
HWND WINAPI CreateWindowExA(DWORD dwExStyle, LPCSTR lpClassName,
			    LPCSTR lpWindowName, DWORD dwStyle, int X, int Y,
			    int nWidth, int nHeight, HWND hWndParent,
			    HMENU hMenu, HINSTANCE hInstance, LPVOID lpParam);
HWND WINAPI CreateWindowExW(DWORD dwExStyle, LPCWSTR lpClassName,
			    LPCWSTR lpWindowName, DWORD dwStyle, int X, int Y,
			    int nWidth, int nHeight, HWND hWndParent,
			    HMENU hMenu, HINSTANCE hInstance, LPVOID lpParam);
#define CreateWindowA(cls, name, style, x, y, w, h, parent, menu, inst, param) \
	CreateWindowExA(0, cls, name, style, x, y, w, h, parent, menu, inst, param)
#define CreateWindowW(cls, name, style, x, y, w, h, parent, menu, inst, param) \
	CreateWindowExW(0, cls, name, style, x, y, w, h, parent, menu, inst, param)
BOOL WINAPI DestroyWindow(HWND hWnd);
BOOL WINAPI IsWindow(HWND hWnd);
DWORD WINAPI GetWindowThreadProcessId(HWND hWnd, LPDWORD lpdwProcessId);
LONG_PTR WINAPI GetWindowLongPtrA(HWND hWnd, int nIndex);
LONG_PTR WINAPI GetWindowLongPtrW(HWND hWnd, int nIndex);
LONG_PTR WINAPI SetWindowLongPtrA(HWND hWnd, int nIndex, LONG_PTR dwNewLong);
LONG_PTR WINAPI SetWindowLongPtrW(HWND hWnd, int nIndex, LONG_PTR dwNewLong);
LRESULT WINAPI DefWindowProcA(HWND hWnd, UINT Msg, WPARAM wParam,
			      LPARAM lParam);
LRESULT WINAPI DefWindowProcW(HWND hWnd, UINT Msg, WPARAM wParam,
			      LPARAM lParam);
BOOL WINAPI GetMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin,
			UINT wMsgFilterMax);
BOOL WINAPI GetMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin,
			UINT wMsgFilterMax);
BOOL WINAPI PeekMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin,
			 UINT wMsgFilterMax, UINT wRemoveMsg);
BOOL WINAPI PeekMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin,
			 UINT wMsgFilterMax, UINT wRemoveMsg);
BOOL WINAPI TranslateMessage(const MSG *lpMsg);
LRESULT WINAPI DispatchMessageA(const MSG *lpMsg);
LRESULT WINAPI DispatchMessageW(const MSG *lpMsg);
BOOL WINAPI PostMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
BOOL WINAPI PostMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
BOOL WINAPI PostThreadMessageA(DWORD idThread, UINT Msg, WPARAM wParam,
			       LPARAM lParam);
BOOL WINAPI PostThreadMessageW(DWORD idThread, UINT Msg, WPARAM wParam,
			       LPARAM lParam);
VOID WINAPI PostQuitMessage(int nExitCode);

#ifdef UNICODE
typedef WNDCLASSW		WNDCLASS, *PWNDCLASS, *LPWNDCLASS;
typedef WNDCLASSEXW		WNDCLASSEX, *PWNDCLASSEX, *LPWNDCLASSEX;
typedef CREATESTRUCTW		CREATESTRUCT, *LPCREATESTRUCT;
#define RegisterClass		RegisterClassW
#define RegisterClassEx		RegisterClassExW
#define UnregisterClass		UnregisterClassW
#define CreateWindowEx		CreateWindowExW
#define CreateWindow		CreateWindowW
#define DefWindowProc		DefWindowProcW
#define GetMessage		GetMessageW
#define PeekMessage		PeekMessageW
#define DispatchMessage		DispatchMessageW
#define PostMessage		PostMessageW
#define PostThreadMessage	PostThreadMessageW
#define GetWindowLongPtr	GetWindowLongPtrW
#define SetWindowLongPtr	SetWindowLongPtrW
#else
typedef WNDCLASSA		WNDCLASS, *PWNDCLASS, *LPWNDCLASS;
typedef WNDCLASSEXA		WNDCLASSEX, *PWNDCLASSEX, *LPWNDCLASSEX;
typedef CREATESTRUCTA		CREATESTRUCT, *LPCREATESTRUCT;
#define RegisterClass		RegisterClassA
#define RegisterClassEx		RegisterClassExA
#define UnregisterClass		UnregisterClassA
#define CreateWindowEx		CreateWindowExA
#define CreateWindow		CreateWindowA
#define DefWindowProc		DefWindowProcA
#define GetMessage		GetMessageA
#define PeekMessage		PeekMessageA
#define DispatchMessage		DispatchMessageA
#define PostMessage		PostMessageA
#define PostThreadMessage	PostThreadMessageA
#define GetWindowLongPtr	GetWindowLongPtrA
#define SetWindowLongPtr	SetWindowLongPtrA
#endif

#ifdef __cplusplus
}
#endif

#if !defined(WIN32_LEAN_AND_MEAN) && !defined(_WINSOCKAPI_)
#include <winsock.h>
#endif

#endif /* _WINDOWS_ */
