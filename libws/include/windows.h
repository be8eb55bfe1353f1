/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * windows.h for libws: the minimal subset of the Windows base types and
 * macros that Windows socket code uses, with the Windows (LLP64) sizes:
 * BYTE 8, WORD 16, DWORD/LONG/ULONG/UINT/INT 32 bits, the *_PTR types and
 * HANDLE pointer-sized. WCHAR is the platform's wchar_t (32 bits on Linux),
 * so that L"..." literals keep working.
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
typedef LONG_PTR		SSIZE_T;

typedef void			*PVOID, *LPVOID;
typedef const void		*LPCVOID;
typedef void			*HANDLE;
typedef HANDLE			HWND, HINSTANCE, HMODULE;
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

#ifdef __cplusplus
}
#endif

#if !defined(WIN32_LEAN_AND_MEAN) && !defined(_WINSOCKAPI_)
#include <winsock.h>
#endif

#endif /* _WINDOWS_ */
