// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IPv6 addresses as text, with glibc's parser and formatter (RFC 4291
 * input, RFC 5952-style output with embedded IPv4 for IPv4-compatible and
 * IPv4-mapped addresses, which is also what Windows prints). The Winsock
 * rules around them (family numbers, brackets, ports, scope ids, error
 * codes) are in addr.c.
 */
#include <arpa/inet.h>
#include <string.h>

#include "internal.h"

/**
 * wsl_pton6() - parse an IPv6 address
 * @s: text, not necessarily terminated
 * @len: its length
 * @out: the address, network order
 *
 * Return: 1 if @s[0..@len) is exactly an IPv6 address, else 0.
 */
int wsl_pton6(const char *s, size_t len, unsigned char out[16])
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1;
}

/**
 * wsl_ntop6() - format an IPv6 address
 * @in: the address, network order
 * @buf: output
 * @size: size of @buf
 *
 * Return: the length of the text (without the terminator), -1 if @buf is
 * too small.
 */
int wsl_ntop6(const unsigned char in[16], char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];
	size_t len;

	if (!inet_ntop(AF_INET6, in, tmp, sizeof(tmp)))
		return -1;
	len = strlen(tmp);
	if (len >= size)
		return -1;
	memcpy(buf, tmp, len + 1);
	return (int)len;
}
