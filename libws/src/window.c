// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The part of the Windows message API that WSAAsyncSelect code uses with a
 * message-only window: window classes, CreateWindowEx, DestroyWindow,
 * DefWindowProc, GetMessage, PeekMessage, TranslateMessage,
 * DispatchMessage, PostMessage, PostThreadMessage, PostQuitMessage.
 *
 * Objects
 * -------
 * A thread's message queue (struct wthread) is created the first time the
 * thread creates a window or reads or posts messages: its kernel part is a
 * ws module message queue (wsdev.c), the object WSAAsyncSelect posts to
 * directly. Only its thread takes messages from it. The queue goes when the
 * thread exits, with the thread's windows (thread_exit()).
 *
 * A window (struct wnd) is a slot of wnds[]: its class's procedure, its
 * owner thread, its parent, its extra bytes. Every window is message-only:
 * it has no position, nothing is drawn, only posted messages (and the
 * WM_NCCREATE/WM_CREATE/WM_DESTROY/WM_NCDESTROY of its creation and
 * destruction, sent by calling the procedure) reach it. Its HWND is
 * gen << 16 | (slot + 1), gen 1..0xffff counting the slot's reuses, so a
 * destroyed window's HWND is not valid again before 65535 reuses of its
 * slot; HWND_MESSAGE, HWND_BROADCAST and NULL are never valid. Window
 * classes (struct wclass) are process-wide, looked up by name (ASCII case
 * folded) or atom; hInstance is not part of the key.
 *
 * Messages
 * --------
 * A message in the kernel queue is struct wsl_msg: hwnd is the window's
 * HWND, or THREAD_HWND for a thread message (PostThreadMessage,
 * PostMessage(NULL)), so that GetMessage's hWnd -1 ("thread messages only")
 * is a plain filter. WSAAsyncSelect messages come from the module with
 * WSL_MSG_FROM_SOCKET: their wParam is the socket's kernel id, turned back
 * into the SOCKET through the table's id map, and their lParam event |
 * errno << 16, turned into WSAMAKESELECTREPLY(event, WSA code). A message
 * for a window destroyed since, or from a socket closed since, is
 * discarded when it is taken. WM_QUIT from PostQuitMessage is a flag of the
 * queue, returned when no posted message matches, whatever the filter.
 *
 * Locks
 * -----
 * win_lock (rwlock) protects wnds[], classes[], the list of threads and
 * each thread's queue descriptor. Lookups and posts hold it for reading,
 * so a queue is never closed under a post; creating and destroying hold it
 * for writing. A window procedure is always called without it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include <unistd.h>

#include <winsock2.h>

#include "internal.h"

#define THREAD_HWND	UINT64_MAX	/* kernel hwnd of thread messages */
#define MAX_WINDOWS	0xfffe
#define ATOM_BASE	0xc000
#define MAX_CLASSES	0x3fff

struct wthread {
	uint32_t	tid;
	int		q;		/* kernel queue, -1 until made */
	int		quit;		/* PostQuitMessage called */
	int		quit_code;
	struct wthread	*next;		/* threads, under win_lock */
};

struct wclass {
	char		*name;		/* NULL: free slot */
	WNDPROC		proc;
	UINT		style;
	int		wnd_extra;
	unsigned int	windows;	/* windows of this class */
};

struct wnd {
	uint16_t	gen;
	uint8_t		used;
	uint8_t		destroying;
	unsigned int	cls;		/* index in classes[] */
	WNDPROC		proc;
	struct wthread	*owner;
	HWND		parent;
	DWORD		style;
	DWORD		exstyle;
	LONG_PTR	userdata;
	int		nextra;
	unsigned char	*extra;
};

static pthread_rwlock_t win_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct wnd *wnds;		/* under win_lock */
static unsigned int nwnds;
static struct wclass *classes;		/* under win_lock */
static unsigned int nclasses;
static struct wthread *threads;		/* under win_lock */

static __thread struct wthread *cur;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

/* Maps a failure of the module to a Win32 error code. */
static int win32_error(int r)
{
	switch (r) {
	case -ENOENT:		/* no /dev/ws: the module is not loaded */
	case -ENODEV:
	case -ENXIO:
		return ERROR_NOT_SUPPORTED;
	case -ENOMEM:
		return ERROR_NOT_ENOUGH_MEMORY;
	case -EMFILE:
	case -ENFILE:
		return ERROR_TOO_MANY_OPEN_FILES;
	case -EAGAIN:		/* the queue holds WS_MAX_MSGS messages */
		return ERROR_NOT_ENOUGH_QUOTA;
	case -EACCES:
	case -EPERM:
		return ERROR_ACCESS_DENIED;
	default:
		return ERROR_INVALID_PARAMETER;
	}
}

/* --- windows ----------------------------------------------------------- */

static HWND make_hwnd(unsigned int slot, uint16_t gen)
{
	return (HWND)(uintptr_t)((uint32_t)gen << 16 | (slot + 1));
}

/* The window of @h, or NULL. Context: win_lock held. */
static struct wnd *lookup(HWND h)
{
	uintptr_t v = (uintptr_t)h;
	unsigned int slot = (unsigned int)(v & 0xffff);
	struct wnd *w;

	if ((v >> 32) || !slot || slot > nwnds)
		return NULL;
	w = &wnds[slot - 1];
	if (!w->used || w->gen != (uint16_t)(v >> 16))
		return NULL;
	return w;
}

/* Frees a window's slot. Context: win_lock held for writing. */
static void free_window(struct wnd *w)
{
	classes[w->cls].windows--;
	free(w->extra);
	w->extra = NULL;
	w->used = 0;
	w->gen = w->gen == 0xffff ? 1 : w->gen + 1;
}

/* --- threads ------------------------------------------------------------- */

/*
 * A thread exits: its windows and its queue go. Runs in the exiting thread
 * (the key's destructor); the thread-local pointer is cleared first, so
 * that a later destructor of the application that posts or peeks gets a
 * new queue instead of the freed one.
 */
static void thread_exit(void *arg)
{
	struct wthread *t = arg, **pp;
	unsigned int i;
	int q;

	if (cur == t)
		cur = NULL;
	pthread_rwlock_wrlock(&win_lock);
	for (pp = &threads; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	for (i = 0; i < nwnds; i++) {
		if (wnds[i].used && wnds[i].owner == t)
			free_window(&wnds[i]);
	}
	q = t->q;
	t->q = -1;
	pthread_rwlock_unlock(&win_lock);
	if (q >= 0)
		wsys_close(q);
	free(t);
}

static void thread_key_create(void)
{
	if (pthread_key_create(&thread_key, thread_exit))
		abort();	/* PTHREAD_KEYS_MAX keys used up at start */
}

/**
 * thread_self() - the calling thread's message queue
 * @need_queue: make its kernel queue if it has none yet
 * @err: the Win32 error when NULL is returned
 *
 * Return: the queue, or NULL.
 */
static struct wthread *thread_self(int need_queue, int *err)
{
	struct wthread *t = cur;
	int q;

	if (!t) {
		pthread_once(&thread_once, thread_key_create);
		t = calloc(1, sizeof(*t));
		if (!t) {
			*err = ERROR_NOT_ENOUGH_MEMORY;
			return NULL;
		}
		t->tid = wsys_gettid();
		t->q = -1;
		if (pthread_setspecific(thread_key, t)) {
			free(t);
			*err = ERROR_NOT_ENOUGH_MEMORY;
			return NULL;
		}
		pthread_rwlock_wrlock(&win_lock);
		t->next = threads;
		threads = t;
		pthread_rwlock_unlock(&win_lock);
		cur = t;
	}
	if (need_queue && t->q < 0) {
		q = wsdev_msgq_create();
		if (q < 0) {
			*err = win32_error(q);
			return NULL;
		}
		pthread_rwlock_wrlock(&win_lock);
		t->q = q;
		pthread_rwlock_unlock(&win_lock);
	}
	return t;
}

/**
 * ws_window_fork() - the windows' part of fork()
 * @phase: before the fork, after it in the parent, or in the child
 *
 * win_lock is held for writing across the fork. The child starts with no
 * message queues and no windows: they belong to the parent's threads, and
 * a queue the child kept would take the parent's messages (the kernel
 * queue is shared by the two processes' descriptors). Each thread's queue
 * descriptor is closed in the child, which leaves the parent's intact, and
 * the windows are freed, so that the parent's HWNDs are not windows in
 * the child. Window classes stay registered: they are the program's.
 */
void ws_window_fork(enum ws_fork_phase phase)
{
	struct wthread *t, *next;
	unsigned int i;

	switch (phase) {
	case WS_FORK_PREPARE:
		pthread_rwlock_wrlock(&win_lock);
		break;
	case WS_FORK_PARENT:
		pthread_rwlock_unlock(&win_lock);
		break;
	case WS_FORK_CHILD:
		for (i = 0; i < nwnds; i++) {
			if (wnds[i].used)
				free_window(&wnds[i]);
		}
		for (t = threads; t; t = next) {
			next = t->next;
			if (t->q >= 0)
				wsys_close(t->q);
			free(t);
		}
		threads = NULL;
		if (cur) {
			cur = NULL;
			pthread_setspecific(thread_key, NULL);
		}
		/* The parent's thread held it: unlocking a write lock
		 * taken under another thread id is not allowed. */
		pthread_rwlock_init(&win_lock, NULL);
		break;
	}
}

/* --- classes ------------------------------------------------------------- */

/* UTF-32 (wchar_t) to UTF-8, malloc'd; NULL when out of memory. */
static char *wide_to_utf8(const WCHAR *w)
{
	size_t n = 0, i, k = 0;
	char *s;

	while (w[n])
		n++;
	s = malloc(n * 4 + 1);
	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		uint32_t c = (uint32_t)w[i];

		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			c = 0xfffd;
		if (c < 0x80) {
			s[k++] = (char)c;
		} else if (c < 0x800) {
			s[k++] = (char)(0xc0 | c >> 6);
			s[k++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			s[k++] = (char)(0xe0 | c >> 12);
			s[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[k++] = (char)(0x80 | (c & 0x3f));
		} else {
			s[k++] = (char)(0xf0 | c >> 18);
			s[k++] = (char)(0x80 | ((c >> 12) & 0x3f));
			s[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[k++] = (char)(0x80 | (c & 0x3f));
		}
	}
	s[k] = '\0';
	return s;
}

/*
 * A class name argument: an atom (IS_INTRESOURCE) or a string, narrow or
 * wide. *name is a malloc'd UTF-8 copy, NULL for an atom.
 */
struct class_key {
	ATOM	atom;
	char	*name;
};

static int class_key(struct class_key *k, const void *name, int wide)
{
	k->atom = 0;
	k->name = NULL;
	if (!name)
		return -1;
	if (IS_INTRESOURCE(name)) {
		k->atom = (ATOM)(uintptr_t)name;
		return 0;
	}
	k->name = wide ? wide_to_utf8(name) : strdup(name);
	return k->name ? 0 : -1;
}

/* The index of a class, or -1. Context: win_lock held. */
static int find_class(const struct class_key *k)
{
	unsigned int i;

	if (k->atom) {
		i = (unsigned int)k->atom - ATOM_BASE;
		return k->atom >= ATOM_BASE && i < nclasses &&
		       classes[i].name ? (int)i : -1;
	}
	for (i = 0; i < nclasses; i++) {
		if (classes[i].name && !strcasecmp(classes[i].name, k->name))
			return (int)i;
	}
	return -1;
}

static ATOM register_class(const void *name, int wide, WNDPROC proc,
			   UINT style, int wnd_extra)
{
	struct class_key k;
	struct wclass *grown;
	unsigned int i;

	if (!proc || wnd_extra < 0 || !name || IS_INTRESOURCE(name)) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (class_key(&k, name, wide)) {
		ws_set_error(ERROR_NOT_ENOUGH_MEMORY);
		return 0;
	}
	pthread_rwlock_wrlock(&win_lock);
	if (find_class(&k) >= 0) {
		pthread_rwlock_unlock(&win_lock);
		free(k.name);
		ws_set_error(ERROR_CLASS_ALREADY_EXISTS);
		return 0;
	}
	for (i = 0; i < nclasses && classes[i].name; i++)
		;
	if (i == nclasses) {
		grown = i < MAX_CLASSES ?
			realloc(classes, (i + 1) * sizeof(*classes)) : NULL;
		if (!grown) {
			pthread_rwlock_unlock(&win_lock);
			free(k.name);
			ws_set_error(ERROR_NOT_ENOUGH_MEMORY);
			return 0;
		}
		classes = grown;
		nclasses++;
	}
	classes[i].name = k.name;
	classes[i].proc = proc;
	classes[i].style = style;
	classes[i].wnd_extra = wnd_extra;
	classes[i].windows = 0;
	pthread_rwlock_unlock(&win_lock);
	return (ATOM)(ATOM_BASE + i);
}

LIBWS_EXPORT ATOM WINAPI RegisterClassA(const WNDCLASSA *lpWndClass)
{
	if (!lpWndClass) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	return register_class(lpWndClass->lpszClassName, 0,
			      lpWndClass->lpfnWndProc, lpWndClass->style,
			      lpWndClass->cbWndExtra);
}

LIBWS_EXPORT ATOM WINAPI RegisterClassW(const WNDCLASSW *lpWndClass)
{
	if (!lpWndClass) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	return register_class(lpWndClass->lpszClassName, 1,
			      lpWndClass->lpfnWndProc, lpWndClass->style,
			      lpWndClass->cbWndExtra);
}

LIBWS_EXPORT ATOM WINAPI RegisterClassExA(const WNDCLASSEXA *lpWndClass)
{
	if (!lpWndClass || lpWndClass->cbSize != sizeof(*lpWndClass)) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	return register_class(lpWndClass->lpszClassName, 0,
			      lpWndClass->lpfnWndProc, lpWndClass->style,
			      lpWndClass->cbWndExtra);
}

LIBWS_EXPORT ATOM WINAPI RegisterClassExW(const WNDCLASSEXW *lpWndClass)
{
	if (!lpWndClass || lpWndClass->cbSize != sizeof(*lpWndClass)) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	return register_class(lpWndClass->lpszClassName, 1,
			      lpWndClass->lpfnWndProc, lpWndClass->style,
			      lpWndClass->cbWndExtra);
}

static BOOL unregister_class(const void *name, int wide)
{
	struct class_key k;
	int i, err = 0;

	if (class_key(&k, name, wide)) {
		ws_set_error(name ? ERROR_NOT_ENOUGH_MEMORY :
				    ERROR_CLASS_DOES_NOT_EXIST);
		return FALSE;
	}
	pthread_rwlock_wrlock(&win_lock);
	i = find_class(&k);
	if (i < 0) {
		err = ERROR_CLASS_DOES_NOT_EXIST;
	} else if (classes[i].windows) {
		err = ERROR_CLASS_HAS_WINDOWS;
	} else {
		free(classes[i].name);
		classes[i].name = NULL;
	}
	pthread_rwlock_unlock(&win_lock);
	free(k.name);
	if (err) {
		ws_set_error(err);
		return FALSE;
	}
	return TRUE;
}

LIBWS_EXPORT BOOL WINAPI UnregisterClassA(LPCSTR lpClassName,
					  HINSTANCE hInstance)
{
	(void)hInstance;
	return unregister_class(lpClassName, 0);
}

LIBWS_EXPORT BOOL WINAPI UnregisterClassW(LPCWSTR lpClassName,
					  HINSTANCE hInstance)
{
	(void)hInstance;
	return unregister_class(lpClassName, 1);
}

/* --- creating and destroying windows ------------------------------------- */

static BOOL WINAPI destroy_window(HWND hWnd);

/* The procedure of a window of the calling thread, or NULL. */
static WNDPROC window_proc(HWND hwnd, int *err)
{
	struct wnd *w;
	WNDPROC proc = NULL;

	pthread_rwlock_rdlock(&win_lock);
	w = lookup(hwnd);
	if (!w)
		*err = ERROR_INVALID_WINDOW_HANDLE;
	else if (w->owner != cur)
		*err = ERROR_WINDOW_OF_OTHER_THREAD;
	else
		proc = w->proc;
	pthread_rwlock_unlock(&win_lock);
	return proc;
}

static HWND create_window(DWORD exstyle, const void *class_name,
			  const void *window_name, DWORD style, int x, int y,
			  int width, int height, HWND parent, HMENU menu,
			  HINSTANCE inst, LPVOID param, int wide)
{
	CREATESTRUCTA cs = {
		.lpCreateParams = param, .hInstance = inst, .hMenu = menu,
		.hwndParent = parent, .cy = height, .cx = width, .y = y,
		.x = x, .style = (LONG)style, .lpszName = window_name,
		.lpszClass = class_name, .dwExStyle = exstyle,
	};
	struct class_key k;
	struct wthread *t;
	struct wnd *w, *grown;
	unsigned int slot;
	unsigned char *extra = NULL;
	WNDPROC proc;
	HWND hwnd;
	int c, err = 0;

	/* CREATESTRUCTW has the same layout, with wide string pointers. */
	_Static_assert(sizeof(CREATESTRUCTA) == sizeof(CREATESTRUCTW),
		       "CREATESTRUCT");
	if (class_key(&k, class_name, wide)) {
		ws_set_error(class_name ? ERROR_NOT_ENOUGH_MEMORY :
					  ERROR_CANNOT_FIND_WND_CLASS);
		return NULL;
	}
	/* The arguments first, then the queue (which needs the module). */
	pthread_rwlock_rdlock(&win_lock);
	if (find_class(&k) < 0)
		err = ERROR_CANNOT_FIND_WND_CLASS;
	else if (parent && parent != HWND_MESSAGE && !lookup(parent))
		err = ERROR_INVALID_WINDOW_HANDLE;
	pthread_rwlock_unlock(&win_lock);
	t = err ? NULL : thread_self(1, &err);
	if (!t) {
		free(k.name);
		ws_set_error(err);
		return NULL;
	}

	pthread_rwlock_wrlock(&win_lock);
	c = find_class(&k);
	if (c < 0)
		err = ERROR_CANNOT_FIND_WND_CLASS;
	else if (parent && parent != HWND_MESSAGE && !lookup(parent))
		err = ERROR_INVALID_WINDOW_HANDLE;
	if (!err && classes[c].wnd_extra) {
		extra = calloc(1, (size_t)classes[c].wnd_extra);
		if (!extra)
			err = ERROR_NOT_ENOUGH_MEMORY;
	}
	for (slot = 0; !err && slot < nwnds && wnds[slot].used; slot++)
		;
	if (!err && slot == nwnds) {
		grown = slot < MAX_WINDOWS ?
			realloc(wnds, (slot + 1) * sizeof(*wnds)) : NULL;
		if (!grown) {
			err = ERROR_NOT_ENOUGH_MEMORY;
		} else {
			wnds = grown;
			nwnds++;
			memset(&wnds[slot], 0, sizeof(wnds[slot]));
			wnds[slot].gen = 1;
		}
	}
	if (err) {
		pthread_rwlock_unlock(&win_lock);
		free(k.name);
		free(extra);
		ws_set_error(err);
		return NULL;
	}
	w = &wnds[slot];
	w->used = 1;
	w->destroying = 0;
	w->cls = (unsigned int)c;
	w->proc = proc = classes[c].proc;
	w->owner = t;
	w->parent = parent == HWND_MESSAGE ? NULL : parent;
	w->style = style;
	w->exstyle = exstyle;
	w->userdata = 0;
	w->nextra = classes[c].wnd_extra;
	w->extra = extra;
	classes[c].windows++;
	hwnd = make_hwnd(slot, w->gen);
	pthread_rwlock_unlock(&win_lock);
	free(k.name);

	/* WM_NCCREATE returning FALSE, or WM_CREATE -1, fails the creation. */
	if (!proc(hwnd, WM_NCCREATE, 0, (LPARAM)&cs)) {
		pthread_rwlock_wrlock(&win_lock);
		w = lookup(hwnd);
		if (w)
			free_window(w);
		pthread_rwlock_unlock(&win_lock);
		ws_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (proc(hwnd, WM_CREATE, 0, (LPARAM)&cs) == -1) {
		destroy_window(hwnd);
		ws_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	return hwnd;
}

/**
 * CreateWindowExA() - create a message-only window
 *
 * @hWndParent may be HWND_MESSAGE, NULL (a top-level window, which is
 * message-only here too) or a window (a child). The position, size, menu
 * and styles are stored without effect. The window belongs to the calling
 * thread, whose message queue gets its posted messages.
 *
 * Return: the window, or NULL with ERROR_CANNOT_FIND_WND_CLASS,
 * ERROR_INVALID_WINDOW_HANDLE (@hWndParent), ERROR_NOT_ENOUGH_MEMORY,
 * ERROR_NOT_SUPPORTED (the ws module is not loaded: no message queue),
 * ERROR_INVALID_PARAMETER (WM_NCCREATE or WM_CREATE refused it).
 */
LIBWS_EXPORT HWND WINAPI CreateWindowExA(DWORD dwExStyle, LPCSTR lpClassName,
					 LPCSTR lpWindowName, DWORD dwStyle,
					 int X, int Y, int nWidth, int nHeight,
					 HWND hWndParent, HMENU hMenu,
					 HINSTANCE hInstance, LPVOID lpParam)
{
	return create_window(dwExStyle, lpClassName, lpWindowName, dwStyle, X,
			     Y, nWidth, nHeight, hWndParent, hMenu, hInstance,
			     lpParam, 0);
}

LIBWS_EXPORT HWND WINAPI CreateWindowExW(DWORD dwExStyle, LPCWSTR lpClassName,
					 LPCWSTR lpWindowName, DWORD dwStyle,
					 int X, int Y, int nWidth, int nHeight,
					 HWND hWndParent, HMENU hMenu,
					 HINSTANCE hInstance, LPVOID lpParam)
{
	return create_window(dwExStyle, lpClassName, lpWindowName, dwStyle, X,
			     Y, nWidth, nHeight, hWndParent, hMenu, hInstance,
			     lpParam, 1);
}

/**
 * DestroyWindow() - destroy a window of the calling thread
 * @hWnd: the window
 *
 * Sends WM_DESTROY, destroys its child windows, sends WM_NCDESTROY, then
 * frees it: messages still queued for it are discarded when taken.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_WINDOW_HANDLE or
 * ERROR_ACCESS_DENIED (a window of another thread).
 */
static BOOL WINAPI destroy_window(HWND hWnd)
{
	struct wnd *w;
	WNDPROC proc = NULL;
	HWND child;
	unsigned int i;
	int err = 0;

	pthread_rwlock_wrlock(&win_lock);
	w = lookup(hWnd);
	if (!w)
		err = ERROR_INVALID_WINDOW_HANDLE;
	else if (w->owner != cur)
		err = ERROR_ACCESS_DENIED;
	else if (!w->destroying)
		w->destroying = 1;
	else
		hWnd = NULL;	/* already being destroyed: done */
	if (w && !err)
		proc = w->proc;
	pthread_rwlock_unlock(&win_lock);
	if (err) {
		ws_set_error(err);
		return FALSE;
	}
	if (!hWnd)
		return TRUE;

	proc(hWnd, WM_DESTROY, 0, 0);
	do {
		child = NULL;
		pthread_rwlock_rdlock(&win_lock);
		for (i = 0; i < nwnds && !child; i++) {
			if (wnds[i].used && !wnds[i].destroying &&
			    wnds[i].parent == hWnd)
				child = make_hwnd(i, wnds[i].gen);
		}
		pthread_rwlock_unlock(&win_lock);
		if (child && !destroy_window(child)) {
			/* A child of another thread: orphan it. */
			pthread_rwlock_wrlock(&win_lock);
			w = lookup(child);
			if (w)
				w->parent = NULL;
			pthread_rwlock_unlock(&win_lock);
		}
	} while (child);
	pthread_rwlock_rdlock(&win_lock);
	w = lookup(hWnd);
	proc = w ? w->proc : NULL;
	pthread_rwlock_unlock(&win_lock);
	if (proc)
		proc(hWnd, WM_NCDESTROY, 0, 0);

	pthread_rwlock_wrlock(&win_lock);
	w = lookup(hWnd);
	if (w)
		free_window(w);
	pthread_rwlock_unlock(&win_lock);
	return TRUE;
}

WS_EXPORT_ALIAS(DestroyWindow, destroy_window);

LIBWS_EXPORT BOOL WINAPI IsWindow(HWND hWnd)
{
	BOOL r;

	pthread_rwlock_rdlock(&win_lock);
	r = lookup(hWnd) != NULL;
	pthread_rwlock_unlock(&win_lock);
	return r;
}

LIBWS_EXPORT DWORD WINAPI GetWindowThreadProcessId(HWND hWnd,
						   LPDWORD lpdwProcessId)
{
	struct wnd *w;
	DWORD tid = 0;

	pthread_rwlock_rdlock(&win_lock);
	w = lookup(hWnd);
	if (w)
		tid = w->owner->tid;
	pthread_rwlock_unlock(&win_lock);
	if (!tid) {
		ws_set_error(ERROR_INVALID_WINDOW_HANDLE);
		return 0;
	}
	if (lpdwProcessId)
		*lpdwProcessId = (DWORD)getpid();
	return tid;
}

/*
 * GetWindowLongPtr/SetWindowLongPtr: GWLP_USERDATA, GWLP_WNDPROC and the
 * class's cbWndExtra bytes (index >= 0).
 */
static LONG_PTR window_long(HWND hWnd, int index, int set, LONG_PTR val)
{
	struct wnd *w;
	LONG_PTR old = 0;
	int err = 0;

	if (set)
		pthread_rwlock_wrlock(&win_lock);
	else
		pthread_rwlock_rdlock(&win_lock);
	w = lookup(hWnd);
	if (!w) {
		err = ERROR_INVALID_WINDOW_HANDLE;
	} else if (index == GWLP_USERDATA) {
		old = w->userdata;
		if (set)
			w->userdata = val;
	} else if (index == GWLP_WNDPROC) {
		old = (LONG_PTR)w->proc;
		if (set && !val)
			err = ERROR_INVALID_PARAMETER;
		else if (set)
			w->proc = (WNDPROC)val;
	} else if (index >= 0 &&
		   (size_t)index + sizeof(LONG_PTR) <= (size_t)w->nextra) {
		memcpy(&old, w->extra + index, sizeof(old));
		if (set)
			memcpy(w->extra + index, &val, sizeof(val));
	} else {
		err = ERROR_INVALID_INDEX;
	}
	pthread_rwlock_unlock(&win_lock);
	if (err) {
		ws_set_error(err);
		return 0;
	}
	return old;
}

LIBWS_EXPORT LONG_PTR WINAPI GetWindowLongPtrA(HWND hWnd, int nIndex)
{
	return window_long(hWnd, nIndex, 0, 0);
}

LIBWS_EXPORT LONG_PTR WINAPI GetWindowLongPtrW(HWND hWnd, int nIndex)
{
	return window_long(hWnd, nIndex, 0, 0);
}

LIBWS_EXPORT LONG_PTR WINAPI SetWindowLongPtrA(HWND hWnd, int nIndex,
					       LONG_PTR dwNewLong)
{
	return window_long(hWnd, nIndex, 1, dwNewLong);
}

LIBWS_EXPORT LONG_PTR WINAPI SetWindowLongPtrW(HWND hWnd, int nIndex,
					       LONG_PTR dwNewLong)
{
	return window_long(hWnd, nIndex, 1, dwNewLong);
}

/**
 * DefWindowProcA() - default processing of a message
 *
 * WM_NCCREATE: TRUE (creation goes on); WM_CLOSE: DestroyWindow; any
 * other: 0.
 */
static LRESULT WINAPI def_window_proc(HWND hWnd, UINT Msg, WPARAM wParam,
				      LPARAM lParam)
{
	(void)wParam;
	(void)lParam;
	switch (Msg) {
	case WM_NCCREATE:
		return TRUE;
	case WM_CLOSE:
		destroy_window(hWnd);
		return 0;
	default:
		return 0;
	}
}

WS_EXPORT_ALIAS(DefWindowProcA, def_window_proc);
WS_EXPORT_ALIAS(DefWindowProcW, def_window_proc);

/* --- posting ------------------------------------------------------------- */

static BOOL post(struct wthread *t, uint64_t hwnd, UINT msg, WPARAM wParam,
		 LPARAM lParam)
{
	struct wsl_msg m = {
		.hwnd = hwnd,
		.message = msg,
		.wparam = wParam,
		.lparam = (uint64_t)lParam,
	};
	int r;

	/* Context: win_lock held, so t->q stays open. */
	r = t->q >= 0 ? wsdev_msgq_post(t->q, &m) : -EBADF;
	if (r < 0) {
		ws_set_error(win32_error(r));
		return FALSE;
	}
	return TRUE;
}

/**
 * PostMessageA() - post a message to a window's thread
 * @hWnd: the window; NULL posts a thread message to the calling thread
 *
 * HWND_BROADCAST is not supported: there are no top-level windows to
 * broadcast to.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_WINDOW_HANDLE,
 * ERROR_NOT_ENOUGH_QUOTA (the queue holds 10000 messages),
 * ERROR_NOT_SUPPORTED (no ws module).
 */
static BOOL WINAPI post_message(HWND hWnd, UINT Msg, WPARAM wParam,
				LPARAM lParam)
{
	struct wthread *t;
	struct wnd *w;
	BOOL r = FALSE;
	int err = 0;

	if (!hWnd) {
		t = thread_self(1, &err);
		if (!t) {
			ws_set_error(err);
			return FALSE;
		}
		pthread_rwlock_rdlock(&win_lock);
		r = post(t, THREAD_HWND, Msg, wParam, lParam);
		pthread_rwlock_unlock(&win_lock);
		return r;
	}
	pthread_rwlock_rdlock(&win_lock);
	w = lookup(hWnd);
	if (w)
		r = post(w->owner, (uintptr_t)hWnd, Msg, wParam, lParam);
	pthread_rwlock_unlock(&win_lock);
	if (!w) {
		ws_set_error(ERROR_INVALID_WINDOW_HANDLE);
		return FALSE;
	}
	return r;
}

WS_EXPORT_ALIAS(PostMessageA, post_message);
WS_EXPORT_ALIAS(PostMessageW, post_message);

/**
 * PostThreadMessageA() - post a thread message (hwnd NULL)
 * @idThread: a thread with a message queue (one that created a window or
 *            called GetMessage, PeekMessage or PostMessage)
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_THREAD_ID,
 * ERROR_NOT_ENOUGH_QUOTA.
 */
static BOOL WINAPI post_thread_message(DWORD idThread, UINT Msg,
				       WPARAM wParam, LPARAM lParam)
{
	struct wthread *t;
	BOOL r = FALSE;

	pthread_rwlock_rdlock(&win_lock);
	for (t = threads; t && (t->tid != idThread || t->q < 0); t = t->next)
		;
	if (t)
		r = post(t, THREAD_HWND, Msg, wParam, lParam);
	pthread_rwlock_unlock(&win_lock);
	if (!t)
		ws_set_error(ERROR_INVALID_THREAD_ID);
	return r;
}

WS_EXPORT_ALIAS(PostThreadMessageA, post_thread_message);
WS_EXPORT_ALIAS(PostThreadMessageW, post_thread_message);

/**
 * PostQuitMessage() - make the thread's GetMessage return 0
 * @nExitCode: the WM_QUIT message's wParam
 *
 * WM_QUIT is returned once the queue has no other message matching the
 * call's filter, whatever the filter.
 */
LIBWS_EXPORT VOID WINAPI PostQuitMessage(int nExitCode)
{
	struct wthread *t;
	int err = 0;

	t = thread_self(0, &err);
	if (!t) {
		ws_set_error(err);
		return;
	}
	t->quit = 1;
	t->quit_code = nExitCode;
}

/* --- taking messages ----------------------------------------------------- */

/*
 * Fills @msg from the kernel's @m. Return: 0, or 1 if the message is to
 * be discarded (its window or socket is gone).
 */
static int convert(const struct wsl_msg *m, MSG *msg)
{
	int fd, gone = 0;

	msg->hwnd = m->hwnd == THREAD_HWND ? NULL : (HWND)(uintptr_t)m->hwnd;
	msg->message = m->message;
	if (m->flags & WSL_MSG_FROM_SOCKET) {
		fd = ws_table_fd_of_id(m->wparam);
		if (fd < 0)
			return 1;
		msg->wParam = (WPARAM)fd;
		msg->lParam = (LPARAM)ws_select_reply(m->lparam);
	} else {
		msg->wParam = (WPARAM)m->wparam;
		msg->lParam = (LPARAM)m->lparam;
	}
	if (msg->hwnd) {
		pthread_rwlock_rdlock(&win_lock);
		gone = !lookup(msg->hwnd);
		pthread_rwlock_unlock(&win_lock);
	}
	if (gone)
		return 1;
	msg->time = (DWORD)(wsys_now_ns() / 1000000);	/* GetTickCount */
	msg->pt.x = 0;
	msg->pt.y = 0;
	return 0;
}

static void quit_message(struct wthread *t, MSG *msg, int remove)
{
	memset(msg, 0, sizeof(*msg));
	msg->message = WM_QUIT;
	msg->wParam = (WPARAM)(LONG_PTR)t->quit_code;
	msg->time = (DWORD)(wsys_now_ns() / 1000000);	/* GetTickCount */
	if (remove)
		t->quit = 0;
}

/*
 * The kernel filter of a GetMessage/PeekMessage call. hWnd NULL: any
 * message of the thread; -1: thread messages only; a window: its messages
 * (it must be a window of the calling thread).
 */
static int filter(HWND hWnd, UINT min, UINT max, uint64_t *khwnd)
{
	struct wnd *w;
	int err = 0;

	if (min > max) {
		/* The module has no inverted ranges yet. */
		return ERROR_INVALID_PARAMETER;
	}
	if (!hWnd) {
		*khwnd = 0;
		return 0;
	}
	if (hWnd == (HWND)(LONG_PTR)-1) {
		*khwnd = THREAD_HWND;
		return 0;
	}
	pthread_rwlock_rdlock(&win_lock);
	w = lookup(hWnd);
	if (!w)
		err = ERROR_INVALID_WINDOW_HANDLE;
	else if (w->owner != cur)
		err = ERROR_WINDOW_OF_OTHER_THREAD;
	pthread_rwlock_unlock(&win_lock);
	*khwnd = (uintptr_t)hWnd;
	return err;
}

/**
 * GetMessageA() - wait for a message of the calling thread and take it
 * @lpMsg: receives it
 * @hWnd: NULL (any), a window of the thread, or -1 (thread messages)
 * @wMsgFilterMin: lowest message number; with @wMsgFilterMax 0: any
 * @wMsgFilterMax: highest message number
 *
 * Return: nonzero for a message, 0 for WM_QUIT, -1 with
 * ERROR_INVALID_WINDOW_HANDLE, ERROR_INVALID_PARAMETER (@lpMsg NULL, or
 * @wMsgFilterMin above @wMsgFilterMax), ERROR_NOT_SUPPORTED (no ws
 * module).
 */
static BOOL WINAPI get_message(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin,
			       UINT wMsgFilterMax)
{
	struct wthread *t;
	struct wsl_msg m;
	uint64_t khwnd = 0;
	int err = 0, r;

	if (!lpMsg)
		err = ERROR_INVALID_PARAMETER;
	else
		err = filter(hWnd, wMsgFilterMin, wMsgFilterMax, &khwnd);
	t = err ? NULL : thread_self(1, &err);
	if (!t) {
		ws_set_error(err);
		return -1;
	}
	for (;;) {
		/* The quit flag is only set by this thread: when it is
		 * clear now, it stays clear while this call waits. */
		r = wsdev_msgq_get(t->q, &m, khwnd, wMsgFilterMin,
				   wMsgFilterMax, WSDEV_MSGQ_REMOVE |
				   (t->quit ? 0 : WSDEV_MSGQ_WAIT),
				   WS_DEADLINE_INFINITE);
		if (r == -EAGAIN && t->quit) {
			quit_message(t, lpMsg, 1);
			return 0;
		}
		if (r < 0) {
			ws_set_error(win32_error(r));
			return -1;
		}
		if (!convert(&m, lpMsg))
			return lpMsg->message != WM_QUIT;
	}
}

WS_EXPORT_ALIAS(GetMessageA, get_message);
WS_EXPORT_ALIAS(GetMessageW, get_message);

/**
 * PeekMessageA() - look for a message of the calling thread, not waiting
 * @wRemoveMsg: PM_REMOVE takes it, PM_NOREMOVE leaves it queued; PM_NOYIELD
 *              and the PM_QS_* bits have no effect
 *
 * Return: TRUE if a message (or WM_QUIT) was there, FALSE if not (or on an
 * error, as for GetMessageA, with the thread's error set).
 */
static BOOL WINAPI peek_message(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin,
				UINT wMsgFilterMax, UINT wRemoveMsg)
{
	unsigned int remove = wRemoveMsg & PM_REMOVE ? WSDEV_MSGQ_REMOVE : 0;
	struct wthread *t;
	struct wsl_msg m;
	uint64_t khwnd = 0;
	int err = 0, r;

	if (!lpMsg)
		err = ERROR_INVALID_PARAMETER;
	else
		err = filter(hWnd, wMsgFilterMin, wMsgFilterMax, &khwnd);
	t = err ? NULL : thread_self(1, &err);
	if (!t) {
		ws_set_error(err);
		return FALSE;
	}
	for (;;) {
		r = wsdev_msgq_get(t->q, &m, khwnd, wMsgFilterMin,
				   wMsgFilterMax, remove, 0);
		if (r == -EAGAIN && t->quit) {
			quit_message(t, lpMsg, remove);
			return TRUE;
		}
		if (r == -EAGAIN)
			return FALSE;
		if (r < 0) {
			ws_set_error(win32_error(r));
			return FALSE;
		}
		if (!convert(&m, lpMsg))
			return TRUE;
		/* Discarded: take it out even when only peeking (the same
		 * message is first again: only this thread takes from the
		 * queue). */
		if (!remove)
			wsdev_msgq_get(t->q, &m, khwnd, wMsgFilterMin,
				       wMsgFilterMax, WSDEV_MSGQ_REMOVE, 0);
	}
}

WS_EXPORT_ALIAS(PeekMessageA, peek_message);
WS_EXPORT_ALIAS(PeekMessageW, peek_message);

/**
 * TranslateMessage() - turn key messages into character messages
 *
 * libws has no keyboard input, so no message is ever translated.
 *
 * Return: FALSE.
 */
LIBWS_EXPORT BOOL WINAPI TranslateMessage(const MSG *lpMsg)
{
	(void)lpMsg;
	return FALSE;
}

/**
 * DispatchMessageA() - call the window procedure of a message's window
 * @lpMsg: a message of the calling thread
 *
 * A thread message (hwnd NULL) has no procedure: 0.
 *
 * Return: the procedure's result; 0 with ERROR_INVALID_WINDOW_HANDLE or
 * ERROR_WINDOW_OF_OTHER_THREAD.
 */
static LRESULT WINAPI dispatch_message(const MSG *lpMsg)
{
	WNDPROC proc;
	int err = 0;

	if (!lpMsg) {
		ws_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (!lpMsg->hwnd)
		return 0;
	proc = window_proc(lpMsg->hwnd, &err);
	if (!proc) {
		ws_set_error(err);
		return 0;
	}
	return proc(lpMsg->hwnd, lpMsg->message, lpMsg->wParam, lpMsg->lParam);
}

WS_EXPORT_ALIAS(DispatchMessageA, dispatch_message);
WS_EXPORT_ALIAS(DispatchMessageW, dispatch_message);

/**
 * ws_window_async_select() - WSAAsyncSelect's ioctl, aimed at a window
 * @fd: the socket
 * @hwnd: the window
 * @message: the message number
 * @mask: the FD_* events
 *
 * The module takes its own reference to the window's thread queue, so the
 * queue may go away after this returns.
 *
 * Return: 0, -WSAEINVAL if @hwnd is not a window, -errno.
 */
int ws_window_async_select(int fd, uintptr_t hwnd, uint32_t message,
			   uint32_t mask)
{
	struct wnd *w;
	int r;

	pthread_rwlock_rdlock(&win_lock);
	w = lookup((HWND)hwnd);
	if (!w || w->owner->q < 0)
		r = -WSAEINVAL;
	else
		r = wsys_async_select(fd, w->owner->q, message, hwnd, mask);
	pthread_rwlock_unlock(&win_lock);
	return r;
}
