/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the raw-ABI selftests: the programs that drive the ws
 * family through its system calls and uapi/linux/ws.h, without libws
 * (ws_test.h is the libws tests' header). Include it after
 * kselftest_harness.h and <linux/ws.h>.
 */
#ifndef WS_ABI_H
#define WS_ABI_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The family number the loaded module registered, or -1 if none is loaded. */
static inline int ws_family(void)
{
	FILE *f = fopen(WS_FAMILY_PARAM_PATH, "r");
	int fam = -1;

	if (f) {
		if (fscanf(f, "%d", &fam) != 1)
			fam = -1;
		fclose(f);
	}
	return fam;
}

/*
 * The loopback address of Linux family @family, port @port (host order), in
 * @ss; returns its length.
 */
static inline socklen_t lo_addr(int family, unsigned short port,
				struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		a->sin6_addr = in6addr_loopback;
		return sizeof(*a);
	}
	((struct sockaddr_in *)ss)->sin_family = AF_INET;
	((struct sockaddr_in *)ss)->sin_port = htons(port);
	((struct sockaddr_in *)ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(struct sockaddr_in);
}

/* The local port of socket @fd (host order), 0 if it has none. */
static inline unsigned short port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return 0;
	return ntohs(ss.ss_family == AF_INET6 ?
		     ((struct sockaddr_in6 *)&ss)->sin6_port :
		     ((struct sockaddr_in *)&ss)->sin_port);
}

/* The descriptor the next open would get. */
static inline int lowest_free_fd(void)
{
	int fd = dup(0), ret = fd;

	if (fd >= 0)
		close(fd);
	return ret;
}

/* Is thread @tid of this process asleep (state S) now? */
static inline int thread_sleeping(pid_t tid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'S';
}

/* Write @val to the file @path; 0 or -1. */
static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (int)strlen(val) ? 0 : -1;
}

/* The memory cgroup flushes its statistics at least every 2 seconds. */
#define CG_FLUSH_US	4500000

/* The value of @key in the memory.stat of cgroup directory @dir, or -1. */
static inline long long cg_stat(const char *dir, const char *key)
{
	char path[256], line[256];
	long long val = -1;
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ' ')
			val = atoll(line + klen + 1);
	fclose(f);
	return val;
}

/* poll() @fd for @ev for up to @ms; the events seen, 0 on timeout. */
static inline short wait_ev(int fd, short ev, int ms)
{
	struct pollfd p = { .fd = fd, .events = ev };

	if (poll(&p, 1, ms) != 1)
		return 0;
	return p.revents;
}

/* Read exactly @len bytes from a stream socket, each within 5 s. */
static inline int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if (!(wait_ev(fd, POLLIN, 5000) & (POLLIN | POLLHUP)))
			return -ETIMEDOUT;
		n = recv(fd, (char *)buf + got, len - got, 0);
		if (n <= 0)
			return n ? -errno : -EPIPE;
		got += n;
	}
	return 0;
}

/* A rooted multipoint frame header (uapi "Rooted multipoint") at @b. */
static inline void put_hdr(unsigned char *b, unsigned int type,
			   unsigned int len)
{
	b[0] = 0x57;
	b[1] = 0x52;
	b[2] = 1;
	b[3] = type;
	b[4] = len >> 24;
	b[5] = len >> 16;
	b[6] = len >> 8;
	b[7] = len;
}

/*
 * Mount cgroup2 on the empty directory @dir and make a child cgroup @cg
 * (@dir/t, @cglen bytes of room) with the memory controller. Return: NULL,
 * or why not (for SKIP), with @dir unmounted again.
 */
static inline const char *cg_memory_make(const char *dir, char *cg,
					 size_t cglen)
{
	static char why[128];
	char ctl[256];

	if (mount("none", dir, "cgroup2", 0, NULL)) {
		snprintf(why, sizeof(why), "cannot mount cgroup2: %s",
			 strerror(errno));
		return why;
	}
	snprintf(ctl, sizeof(ctl), "%s/cgroup.subtree_control", dir);
	snprintf(cg, cglen, "%s/t", dir);
	if (write_file(ctl, "+memory") || mkdir(cg, 0755)) {
		umount(dir);
		return "no memory controller";
	}
	return NULL;
}

/* Undo cg_memory_make(): the child cgroup, the mount. */
static inline void cg_memory_remove(const char *dir, const char *cg)
{
	rmdir(cg);
	umount(dir);
}

#endif /* WS_ABI_H */
