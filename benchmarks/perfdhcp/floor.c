/*
 * The floor of a DHCPv6 server's CPU per exchange on this machine: a responder that keeps no
 * leases, resolves nothing and logs nothing. It answers Solicit with Advertise and Request with
 * Reply (direct, or inside one Relay-Forw), copying the client's Client Identifier and IAID and
 * giving an address from a counter, which is all perfdhcp checks. Not a DHCPv6 server: compare.sh
 * runs it as "floor" so that every table shows how much of a server's CPU per exchange is the
 * kernel's (receive, wake-up, send through the namespaces' veth links) rather than the server's.
 *
 * With a window (compare.sh's "floor-batched"), it waits for datagrams as serve --batch-window
 * does: after answering, it reads the socket without blocking until it is empty; then, if the mean
 * gap between datagrams (weighted 1/8 to the newest, each counted as 1 s at most) is below the
 * window, it sleeps one window and reads again; otherwise, or after a window that brought nothing,
 * it blocks.
 *
 *   cc -O2 -o floor floor.c && ./floor IFNAME [WINDOW_US]
 *   (binds [::]:547, joins ff02::1:2 on IFNAME; WINDOW_US 0, the default, is no window)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const uint8_t SERVER_ID[] = {0, 3, 0, 1, 0x02, 0, 0, 0, 0, 0x01}; /* DUID-LL 02:00:00:00:00:01 */
static uint32_t next_host;

static void put16(uint8_t *p, unsigned v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xffff); }
static unsigned get16(const uint8_t *p) { return (unsigned) p[0] << 8 | p[1]; }
static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t) t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Writes the answer to the client message in[0..n) into out; returns its length, or 0. */
static size_t answer(const uint8_t *in, size_t n, uint8_t *out) {
  if (n < 4 || (in[0] != 1 && in[0] != 3)) return 0;
  const uint8_t *client_id = NULL, *ia_na = NULL;
  size_t client_id_len = 0;
  for (size_t i = 4; i + 4 <= n;) {
    unsigned code = get16(in + i), len = get16(in + i + 2);
    if (i + 4 + len > n) return 0;
    if (code == 1) { client_id = in + i + 4; client_id_len = len; }
    if (code == 3 && len >= 12) ia_na = in + i + 4;
    i += 4 + len;
  }
  if (client_id == NULL || ia_na == NULL || client_id_len > 130) return 0; /* a DUID: 130 at most */
  out[0] = in[0] == 1 ? 2 : 7; /* Advertise or Reply */
  memcpy(out + 1, in + 1, 3);  /* transaction ID */
  size_t o = 4;
  put16(out + o, 1); put16(out + o + 2, client_id_len);
  memcpy(out + o + 4, client_id, client_id_len); o += 4 + client_id_len;
  put16(out + o, 2); put16(out + o + 2, sizeof SERVER_ID);
  memcpy(out + o + 4, SERVER_ID, sizeof SERVER_ID); o += 4 + sizeof SERVER_ID;
  put16(out + o, 3); put16(out + o + 2, 12 + 28);
  memcpy(out + o + 4, ia_na, 4);  /* IAID */
  put32(out + o + 8, 1000); put32(out + o + 12, 2000); o += 16;
  put16(out + o, 5); put16(out + o + 2, 24);
  static const uint8_t prefix[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0};
  memcpy(out + o + 4, prefix, 8);
  put16(out + o + 12, 1); /* 2001:db8:1:0:1::/80, lib.sh's POOL */
  put16(out + o + 14, 0);
  put32(out + o + 16, next_host++);
  put32(out + o + 20, 3000); put32(out + o + 24, 4000); o += 28;
  return o;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) { fprintf(stderr, "usage: %s IFNAME [WINDOW_US]\n", argv[0]); return 2; }
  long window = argc == 3 ? atol(argv[2]) : 0;
  int fd = socket(AF_INET6, SOCK_DGRAM, 0), on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in6 any = {.sin6_family = AF_INET6, .sin6_port = htons(547)};
  if (bind(fd, (struct sockaddr *) &any, sizeof any) < 0) { perror("bind"); return 1; }
  struct ipv6_mreq mreq = {.ipv6mr_interface = if_nametoindex(argv[1])};
  inet_pton(AF_INET6, "ff02::1:2", &mreq.ipv6mr_multiaddr);
  if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq) < 0) {
    perror("IPV6_JOIN_GROUP"); return 1;
  }
  printf("floor started\n");
  fflush(stdout);
  static uint8_t in[65536], out[65536];
  int answered = 0, waited = 0; /* since the socket was last found empty; after a window */
  const int64_t max_gap = 1000000000;
  int64_t mean_gap = max_gap, last = now_ns();
  for (;;) {
    struct sockaddr_in6 from;
    socklen_t from_len = sizeof from;
    int flags = window > 0 && (answered || waited) ? MSG_DONTWAIT : 0;
    ssize_t n = recvfrom(fd, in, sizeof in, flags, (struct sockaddr *) &from, &from_len);
    if (n < 0 && flags && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      waited = answered && mean_gap < window * 1000;
      if (waited) usleep(window);
      answered = 0;
      continue;
    }
    if (n <= 0) continue;
    if (window > 0) {
      int64_t t = now_ns(), gap = t - last < max_gap ? t - last : max_gap;
      mean_gap += (gap - mean_gap) / 8;
      last = t;
    }
    answered = 1;
    size_t m;
    if (in[0] == 12 && n >= 34) { /* Relay-Forw: answer its Relay Message, as a Relay-Repl */
      const uint8_t *msg = NULL;
      size_t msg_len = 0;
      for (size_t i = 34; i + 4 <= (size_t) n;) {
        unsigned code = get16(in + i), len = get16(in + i + 2);
        if (i + 4 + len > (size_t) n) break;
        if (code == 9) { msg = in + i + 4; msg_len = len; }
        i += 4 + len;
      }
      if (msg == NULL) continue;
      size_t inner = answer(msg, msg_len, out + 38);
      if (inner == 0) continue;
      memcpy(out, in, 34);
      out[0] = 13;
      put16(out + 34, 9); put16(out + 36, inner);
      m = 38 + inner;
    } else {
      m = answer(in, n, out);
    }
    if (m > 0) sendto(fd, out, m, 0, (struct sockaddr *) &from, from_len);
  }
}
