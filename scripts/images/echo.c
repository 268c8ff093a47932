/*
 * echo.c: the app in the tugboat/echo test images. A small HTTP/1.1 server in one process: one
 * epoll loop, non-blocking sockets, timers for /slow and /stream, libc only. Build it static:
 *     gcc -O2 -static -o echo echo.c          (scripts/build-images.sh does this)
 *
 * Environment
 *   PORT          "8080" or "IP:8080" (IPv4 only; default 8080 on every address)
 *   APP_VERSION   reported in the answers (the image bakes in v1 or v2)
 *   QUIET=1       no per-request log lines (for benchmarks)
 *
 * stdout (line-buffered, so `docker logs` sees each line at once)
 *   app=echo version=<v> host=<hostname> listening on :<PORT>    once, when the socket listens
 *   <remote ip> <METHOD> <uri> <status>                          one per request, unless QUIET=1
 *   <remote ip> - - <status>                                     a malformed request (400, 413, 431)
 *   crash requested                                              just before exit(3) on /crash
 *
 * Answers: any method, 200 text/plain unless said otherwise. <line> below is
 *   "app=echo version=<v> host=<hostname> path=<path>\n"   (path without the query string)
 *   /healthz               "ok\n", or 503 "unhealthy\n" after /healthz/fail
 *   /healthz/fail          /healthz answers 503 from now on, on every connection; "healthz=fail\n"
 *   /healthz/ok            /healthz answers 200 again; "healthz=ok\n"
 *   /crash, /cgi-bin/crash "crashing\n", then "crash requested" on stdout and the process exits 3
 *   /cgi-bin/echo          "app=echo version=<v> host=<h> method=<M> uri=<uri> remote=<ip>\n" instead of <line>
 *   /slow?ms=N             <line> after N ms (default 1000, at most 60000); other connections go on meanwhile
 *   /stream?chunks=N       Transfer-Encoding: chunked, "chunk <i>\n" for i = 1..N, the first at once and then
 *                          one every 10 ms (default 3, at most 10000; close-delimited for HTTP/1.0)
 *   /status/NNN            <line> with status NNN (200-599; 204 and 304 have no body); 400 otherwise
 *   /headers               <line>, then the request headers as received, one "Name: value" per line
 *   anything else          <line>
 * A request body (Content-Length or chunked, at most 8 MiB) is read and appended to the answer body
 * (after the header lines on /headers). HEAD gets the status and headers only.
 *
 * HTTP: keep-alive with Content-Length on every answer; pipelined requests are answered in order;
 * "Connection: close", and HTTP/1.0 without "Connection: keep-alive", close after the answer.
 * "Expect: 100-continue" gets "100 Continue". Malformed requests get 400 and the connection closes;
 * a head over 16 KiB or with over 100 header lines gets 431, a body over 8 MiB 413.
 * SIGTERM and SIGINT shut down gracefully, as a well-behaved app does when Kubernetes stops its pod:
 * the listening socket closes at once (new connections are refused, so a proxy retries elsewhere),
 * idle keep-alive connections close, requests in progress are answered (then their connection
 * closes), and the process exits 0 when none is left, or after 5 s whatever remains. The handlers
 * are installed explicitly because the app may be PID 1 without an init.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEAD (16 * 1024)
#define MAX_HEADERS 100
#define MAX_BODY (8 * 1024 * 1024)
#define MAX_IN (16 * 1024 * 1024)  /* input buffer cap: head + body + chunked framing */
#define HIGH_WATER (256 * 1024)    /* take no more pipelined requests while this much output waits */

struct buf { char *p; size_t len, cap; };

enum state { READY, SLOW, STREAM, DRAIN }; /* DRAIN: answered and shut down; reading until EOF */

struct conn {
  int fd, events, eof, close_after, continued, chunked, chunks_left, chunk_no;
  enum state state;
  struct buf in, out, pending;    /* pending: the /slow answer, queued when its timer fires */
  size_t in_off, out_off;         /* consumed input, written output */
  long long due;                  /* timer deadline (CLOCK_MONOTONIC ms) in SLOW, STREAM and DRAIN */
  struct conn *tprev, *tnext;     /* the list of connections with a timer */
  char ip[INET_ADDRSTRLEN];
};

struct req {
  char *method, *target;          /* NUL-terminated, in `head` */
  size_t pathlen;                 /* target up to '?' */
  int minor, keep, head_only, nh;
  char *name[MAX_HEADERS], *value[MAX_HEADERS];
  const char *body;
  size_t bodylen;
};

static int ep, quiet, healthy = 1, maxfd, spare_fd, nconns;
static volatile sig_atomic_t term_requested;
static const char *version = "";
static char host[256], head[MAX_HEAD + 1];
static struct conn **conns, *timers;
static struct buf resp, dechunked;   /* scratch: the answer body, a decoded chunked request body */

static void reserve(struct buf *b, size_t n) {
  if (b->len + n <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + n) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) { perror("echo: realloc"); exit(1); }
  b->p = p, b->cap = cap;
}
static void put(struct buf *b, const void *s, size_t n) { reserve(b, n); memcpy(b->p + b->len, s, n); b->len += n; }
static void putf(struct buf *b, const char *fmt, ...) {
  reserve(b, 256);
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < b->cap - b->len) { b->len += n; return; }
    reserve(b, n + 1);
  }
}
static void release(struct buf *b) { if (b->cap > 1024 * 1024 && b->len == 0) free(b->p), b->p = NULL, b->cap = 0; }

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}
static void timer_set(struct conn *c, long long due) {
  c->due = due;
  if (c->tprev || timers == c) return;
  c->tprev = NULL, c->tnext = timers;
  if (timers) timers->tprev = c;
  timers = c;
}
static void timer_clear(struct conn *c) {
  if (!c->tprev && timers != c) return;
  if (c->tprev) c->tprev->tnext = c->tnext; else timers = c->tnext;
  if (c->tnext) c->tnext->tprev = c->tprev;
  c->tprev = c->tnext = NULL;
}

static void drop(struct conn *c) {
  timer_clear(c);
  nconns--;
  close(c->fd);
  conns[c->fd] = NULL;
  free(c->in.p), free(c->out.p), free(c->pending.p), free(c);
}

/* Writes what the socket takes. Returns -1 when the connection failed (c is freed then). */
static int flush(struct conn *c) {
  while (c->out_off < c->out.len) {
    ssize_t n = send(c->fd, c->out.p + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return 0;
    if (n <= 0) { drop(c); return -1; }
    c->out_off += n;
  }
  c->out_off = c->out.len = 0;
  release(&c->out);
  return 0;
}

static void logreq(const struct conn *c, const char *method, const char *uri, int status) {
  if (!quiet) printf("%s %s %s %d\n", c->ip, method, uri, status);
}

static const char *reason(int s) {
  switch (s) {
  case 100: return "Continue";               case 200: return "OK";
  case 204: return "No Content";             case 400: return "Bad Request";
  case 404: return "Not Found";              case 413: return "Content Too Large";
  case 431: return "Request Header Fields Too Large";
  case 500: return "Internal Server Error";  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";    case 504: return "Gateway Timeout";
  default: return "Status";
  }
}

/* Queues a whole answer on dst. r == NULL (a malformed request) closes the connection after it. */
static void answer(struct conn *c, const struct req *r, struct buf *dst, int status, const char *body, size_t len) {
  int bodyless = status == 204 || status == 304;
  putf(dst, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n", status, reason(status));
  if (!bodyless) putf(dst, "Content-Length: %zu\r\n", len);
  if (!r || !r->keep) put(dst, "Connection: close\r\n", 19), c->close_after = 1;
  else if (r->minor == 0) put(dst, "Connection: keep-alive\r\n", 24);
  put(dst, "\r\n", 2);
  if (!bodyless && !(r && r->head_only)) put(dst, body, len);
}

/* Answers a request that can't be served (400, 413, 431) and closes the connection after it. */
static int fail(struct conn *c, int status) {
  char body[64];
  int n = snprintf(body, sizeof body, "%d %s\n", status, reason(status));
  logreq(c, "-", "-", status);
  answer(c, NULL, &c->out, status, body, n);
  c->in.len = c->in_off = 0;
  return -1;
}

/* The number in query parameter `key` ("ms=250"), clamped to [0, max]; dflt when absent. */
static long qnum(const char *q, const char *key, long dflt, long max) {
  size_t k = strlen(key);
  for (const char *s = q; s && *s; s = strchr(s, '&'), s = s ? s + 1 : NULL) {
    if (!strncmp(s, key, k) && s[k] == '=') {
      long v = strtol(s + k + 1, NULL, 10);
      return v < 0 ? 0 : v > max ? max : v;
    }
  }
  return dflt;
}

static void crash(struct conn *c, struct req *r) {
  struct timeval tv = { 2, 0 };
  logreq(c, r->method, r->target, 200);
  r->keep = 0;
  answer(c, r, &c->out, 200, "crashing\n", 9);
  setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  /* blocking, but bounded */
  fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) & ~O_NONBLOCK);
  int fd = c->fd;
  if (flush(c) == 0) shutdown(fd, SHUT_WR);
  printf("crash requested\n");
  fflush(stdout);
  exit(3);
}

/* Serves one parsed request: queues its answer, or starts a /slow or /stream timer. */
static void handle(struct conn *c, struct req *r) {
#define IS(lit) (r->pathlen == sizeof(lit) - 1 && !memcmp(r->target, lit, sizeof(lit) - 1))
  const char *query = r->target[r->pathlen] == '?' ? r->target + r->pathlen + 1 : "";
  struct buf *b = &resp;
  int status = 200;
  b->len = 0;
  if (IS("/healthz")) {
    status = healthy ? 200 : 503;
    putf(b, healthy ? "ok\n" : "unhealthy\n");
  } else if (IS("/healthz/fail") || IS("/healthz/ok")) {
    healthy = IS("/healthz/ok");
    putf(b, "healthz=%s\n", healthy ? "ok" : "fail");
  } else if (IS("/crash") || IS("/cgi-bin/crash")) {
    crash(c, r);
  } else if (IS("/stream") && !r->head_only) {
    c->chunked = r->minor >= 1;
    if (!c->chunked) r->keep = 0;  /* HTTP/1.0: the end of the body is the end of the connection */
    putf(&c->out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n%s%s\r\n",
         c->chunked ? "Transfer-Encoding: chunked\r\n" : "", r->keep ? "" : "Connection: close\r\n");
    c->close_after = !r->keep;
    c->chunks_left = (int)qnum(query, "chunks", 3, 10000), c->chunk_no = 0;
    c->state = STREAM;
    timer_set(c, now_ms());
    logreq(c, r->method, r->target, 200);
    return;
  } else {
    if (IS("/cgi-bin/echo"))
      putf(b, "app=echo version=%s host=%s method=%s uri=%s remote=%s\n", version, host, r->method, r->target, c->ip);
    else
      putf(b, "app=echo version=%s host=%s path=%.*s\n", version, host, (int)r->pathlen, r->target);
    if (IS("/headers"))
      for (int i = 0; i < r->nh; i++) putf(b, "%s: %s\n", r->name[i], r->value[i]);
    if (r->pathlen > 8 && !memcmp(r->target, "/status/", 8)) {
      char *end;
      long s = strtol(r->target + 8, &end, 10);
      status = (end == r->target + r->pathlen && r->pathlen == 11 && s >= 200 && s <= 599) ? (int)s : 400;
    }
  }
  if (r->bodylen) put(b, r->body, r->bodylen);
  logreq(c, r->method, r->target, status);
  if (IS("/slow")) {
    c->pending.len = 0;
    answer(c, r, &c->pending, status, b->p, b->len);
    c->state = SLOW;
    timer_set(c, now_ms() + qnum(query, "ms", 1000, 60000));
    return;
  }
  answer(c, r, &c->out, status, b->p, b->len);
#undef IS
}

/* Decodes a chunked body at p[0..n) into out. Returns the bytes taken (trailers included),
 * 0 when more input is needed, -1 when it is malformed, -2 when it is over MAX_BODY. */
static long dechunk(const char *p, size_t n, struct buf *out) {
  size_t i = 0;
  out->len = 0;
  for (;;) {
    size_t size = 0, digits = 0;
    for (; i < n && isxdigit((unsigned char)p[i]); i++, digits++) {
      if (size > MAX_BODY) return -2;
      size = size * 16 + (p[i] <= '9' ? p[i] - '0' : (p[i] | 32) - 'a' + 10);
    }
    if (i == n) return 0;
    if (!digits || (p[i] != ';' && p[i] != '\r')) return -1;
    if (size > MAX_BODY || out->len + size > MAX_BODY) return -2;
    const char *nl = memchr(p + i, '\n', n - i);          /* skip chunk extensions */
    if (!nl) return n - i > 4096 ? -1 : 0;
    if (nl[-1] != '\r') return -1;
    i = nl + 1 - p;
    if (size == 0) {                                        /* last chunk: trailers up to an empty line */
      for (;;) {
        const char *e = memchr(p + i, '\n', n - i);
        if (!e) return n - i > MAX_HEAD ? -1 : 0;
        size_t len = e - (p + i);
        i = e + 1 - p;
        if (len == 0 || (len == 1 && e[-1] == '\r')) return (long)i;
      }
    }
    if (n - i < size + 2) return 0;
    if (p[i + size] != '\r' || p[i + size + 1] != '\n') return -1;
    put(out, p + i, size);
    i += size + 2;
  }
}

static int is_token(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s <= ' ' || *s >= 127 || strchr("\"(),/:;<=>?@[\\]{}", *s)) return 0;
  return 1;
}
static int has_token(const char *list, const char *tok) {   /* "keep-alive, Upgrade" has "upgrade" */
  size_t k = strlen(tok);
  for (const char *s = list; (s = strcasestr(s, tok)); s += k)
    if ((s == list || s[-1] == ',' || s[-1] == ' ') && (!s[k] || s[k] == ',' || s[k] == ' ')) return 1;
  return 0;
}
static char *cut_line(char **s) {   /* the next line of the head, NUL-terminated, without its CR */
  char *l = *s, *nl = strchr(l, '\n');
  *nl = 0;
  if (nl > l && nl[-1] == '\r') nl[-1] = 0;
  *s = nl + 1;
  return l;
}

/* Parses and serves the first request in c->in. Returns 1 when one was served, 0 when more input
 * is needed, -1 when the connection got an error answer. */
static int parse_one(struct conn *c) {
  while (c->in_off < c->in.len && (c->in.p[c->in_off] == '\r' || c->in.p[c->in_off] == '\n')) c->in_off++;
  char *p = c->in.p + c->in_off;
  size_t n = c->in.len - c->in_off, end = 0;
  for (char *nl = memchr(p, '\n', n); nl && !end; nl = memchr(nl + 1, '\n', n - (nl + 1 - p))) {
    size_t i = nl + 1 - p;                     /* the head ends at an empty line (CRLF or LF) */
    if (i < n && p[i] == '\n') end = i + 1;
    else if (i + 1 < n && p[i] == '\r' && p[i + 1] == '\n') end = i + 2;
  }
  if (!end) return n >= MAX_HEAD ? fail(c, 431) : 0;
  if (end > MAX_HEAD) return fail(c, 431);
  if (memchr(p, 0, end)) return fail(c, 400);
  memcpy(head, p, end);
  head[end] = 0;

  struct req r = { 0 };
  char *s = head, *line = cut_line(&s), *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
  if (!sp2) return fail(c, 400);
  *sp1 = *sp2 = 0;
  r.method = line, r.target = sp1 + 1;
  const char *ver = sp2 + 1;
  if (!is_token(r.method) || !*r.target || strlen(ver) != 8 || strncmp(ver, "HTTP/1.", 7) || ver[7] < '0' || ver[7] > '9')
    return fail(c, 400);
  for (const char *t = r.target; *t; t++)
    if (*t <= ' ' || *t >= 127) return fail(c, 400);
  r.minor = ver[7] - '0';
  r.pathlen = strcspn(r.target, "?");
  r.head_only = !strcmp(r.method, "HEAD");

  int conn_close = 0, conn_keep = 0, chunked = 0, expect = 0;
  long long clen = -1;
  for (char *l; *(l = cut_line(&s));) {
    char *colon = strchr(l, ':'), *v, *e;
    if (!colon) return fail(c, 400);
    *colon = 0;
    if (!is_token(l)) return fail(c, 400);     /* also "Name :" and obsolete folded lines */
    if (r.nh == MAX_HEADERS) return fail(c, 431);
    for (v = colon + 1; *v == ' ' || *v == '\t'; v++) {}
    for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t'); e--) {}
    *e = 0;
    for (const unsigned char *t = (unsigned char *)v; *t; t++)
      if ((*t < ' ' && *t != '\t') || *t == 127) return fail(c, 400);   /* CTLs; obs-text is fine */
    r.name[r.nh] = l, r.value[r.nh++] = v;
    if (!strcasecmp(l, "Content-Length")) {
      if (!*v || strspn(v, "0123456789") != strlen(v)) return fail(c, 400);
      long long x = strlen(v) > 10 ? LLONG_MAX : atoll(v);
      if (clen >= 0 && x != clen) return fail(c, 400);
      clen = x;
    } else if (!strcasecmp(l, "Transfer-Encoding")) {
      if (chunked || strcasecmp(v, "chunked")) return fail(c, 400);
      chunked = 1;
    } else if (!strcasecmp(l, "Connection")) {
      conn_close |= has_token(v, "close"), conn_keep |= has_token(v, "keep-alive");
    } else if (!strcasecmp(l, "Expect")) {
      expect = !strcasecmp(v, "100-continue");
    }
  }
  r.keep = !conn_close && (r.minor >= 1 || conn_keep);

  size_t used = end;
  if (chunked && clen >= 0) return fail(c, 400);   /* ambiguous framing */
  if (clen > MAX_BODY) return fail(c, 413);
  if (clen > 0) {
    if (n - end < (size_t)clen) goto more;
    r.body = p + end, r.bodylen = clen, used += clen;
  } else if (chunked) {
    long k = dechunk(p + end, n - end, &dechunked);
    if (k < 0) return fail(c, k == -2 ? 413 : 400);
    if (k == 0) goto more;
    r.body = dechunked.p, r.bodylen = dechunked.len, used += k;
  }
  handle(c, &r);
  c->in_off += used;
  c->continued = 0;
  if (c->in_off == c->in.len) c->in_off = c->in.len = 0, release(&c->in);
  return 1;
more:
  if (c->in.len + 4096 > MAX_IN) return fail(c, 413);
  if (expect && !c->continued) put(&c->out, "HTTP/1.1 100 Continue\r\n\r\n", 25), c->continued = 1;
  return 0;
}

static void watch(struct conn *c) {
  int ev = 0;
  size_t waiting = c->out.len - c->out_off;
  if ((c->state == READY && !c->eof && !c->close_after && waiting < HIGH_WATER) || c->state == DRAIN) ev |= EPOLLIN;
  if (waiting) ev |= EPOLLOUT;
  if (ev == c->events) return;
  struct epoll_event e = { .events = ev, .data.fd = c->fd };
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
  c->events = ev;
}

/* Serves the complete requests waiting in c->in, writes, and then closes or decides what to watch. */
static void step(struct conn *c) {
  while (c->state == READY && !c->close_after && c->out.len - c->out_off < HIGH_WATER && c->in.len > c->in_off)
    if (parse_one(c) <= 0) break;
  if (flush(c) < 0) return;
  if (c->state == READY && c->out.len == 0) {
    if (c->close_after) {
      shutdown(c->fd, SHUT_WR);   /* then read until EOF, so that unread input can't turn close into RST */
      c->state = DRAIN;
      timer_set(c, now_ms() + 2000);
    } else if (c->eof) {
      drop(c);
      return;
    }
  }
  watch(c);
}

static void on_event(struct conn *c, unsigned ev) {
  if ((ev & EPOLLERR) || ((ev & EPOLLHUP) && c->state != READY && c->state != DRAIN)) { drop(c); return; }
  if (c->state == DRAIN) {
    char sink[4096];
    ssize_t n;
    while ((n = read(c->fd, sink, sizeof sink)) > 0) {}
    if (n == 0 || errno != EAGAIN) drop(c);
    return;
  }
  if (c->state == READY && (ev & (EPOLLIN | EPOLLHUP))) {
    for (;;) {
      if (c->in.cap - c->in.len < 4096 && c->in_off) {   /* compact before growing */
        memmove(c->in.p, c->in.p + c->in_off, c->in.len - c->in_off);
        c->in.len -= c->in_off, c->in_off = 0;
      }
      if (c->in.cap - c->in.len < 4096) {
        if (c->in.cap >= MAX_IN) break;                 /* full: parse_one answers 413 or 431 */
        reserve(&c->in, 4096);
      }
      size_t room = c->in.cap - c->in.len;
      ssize_t n = read(c->fd, c->in.p + c->in.len, room);
      if (n > 0) { c->in.len += n; if ((size_t)n < room) break; continue; }
      if (n == 0) { c->eof = 1; break; }
      if (errno == EAGAIN || errno == EINTR) break;
      drop(c);
      return;
    }
  }
  step(c);
}

/* A timer is due: release the /slow answer, send the next /stream chunk, or give up draining. */
static void fire(struct conn *c, long long now) {
  if (c->state == DRAIN) { drop(c); return; }
  if (c->state == SLOW) {
    put(&c->out, c->pending.p, c->pending.len);
    c->pending.len = 0;
    c->state = READY;
  } else if (c->state == STREAM) {
    if (c->chunks_left > 0) {
      char line[32];
      int n = snprintf(line, sizeof line, "chunk %d\n", ++c->chunk_no);
      if (c->chunked) putf(&c->out, "%x\r\n%s\r\n", n, line); else put(&c->out, line, n);
      c->chunks_left--;
    }
    if (c->chunks_left == 0) {
      if (c->chunked) put(&c->out, "0\r\n\r\n", 5);
      c->state = READY;
    }
  }
  if (c->state == READY) timer_clear(c); else c->due = now + 10;
  step(c);
}

static void on_accept(int lfd) {
  for (;;) {
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = accept4(lfd, (struct sockaddr *)&a, &alen, SOCK_NONBLOCK | SOCK_CLOEXEC), one = 1;
    if (fd < 0 && (errno == EMFILE || errno == ENFILE) && spare_fd >= 0) {
      close(spare_fd);                   /* out of descriptors: accept and close, so the backlog drains */
      fd = accept(lfd, NULL, NULL);
      if (fd >= 0) close(fd);
      spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd >= 0) continue;
    }
    if (fd < 0) return;
    struct conn *c = fd < maxfd ? calloc(1, sizeof *c) : NULL;
    if (!c) { close(fd); continue; }
    c->fd = fd, c->events = EPOLLIN;
    if (!inet_ntop(AF_INET, &a.sin_addr, c->ip, sizeof c->ip)) strcpy(c->ip, "?");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event e = { .events = EPOLLIN, .data.fd = fd };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) < 0) { close(fd); free(c); continue; }
    conns[fd] = c;
    nconns++;
  }
}

static void on_term(int sig) { (void)sig; term_requested = 1; }

/* Graceful stop, once: no new connections, idle ones closed, busy ones closed after their answer. */
static void begin_shutdown(int lfd) {
  epoll_ctl(ep, EPOLL_CTL_DEL, lfd, NULL);
  close(lfd);
  for (int fd = 0; fd < maxfd; fd++) {
    struct conn *c = conns[fd];
    if (!c) continue;
    int idle = c->state == READY && c->in.len == c->in_off && c->out.len == c->out_off;
    if (idle) drop(c); else c->close_after = 1;
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa = { .sa_handler = on_term };
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  const char *port = getenv("PORT"), *q = getenv("QUIET"), *v = getenv("APP_VERSION");
  if (!port || !*port) port = "8080";
  if (v) version = v;
  quiet = q && *q && strcmp(q, "0");
  gethostname(host, sizeof host - 1);

  struct rlimit rl;   /* as many connections as the hard limit allows */
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) rl.rlim_cur = rl.rlim_max, setrlimit(RLIMIT_NOFILE, &rl);
  maxfd = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (1 << 20) ? (int)rl.rlim_cur : 1 << 20;
  conns = calloc(maxfd, sizeof *conns);

  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
  const char *colon = strrchr(port, ':'), *num = colon ? colon + 1 : port;
  char ip[64], *end;
  if (colon && (colon - port >= (long)sizeof ip || (memcpy(ip, port, colon - port), ip[colon - port] = 0,
                inet_pton(AF_INET, ip, &addr.sin_addr) != 1))) {
    fprintf(stderr, "echo: PORT=%s: not \"PORT\" or \"IPv4:PORT\"\n", port);
    return 2;
  }
  long pn = strtol(num, &end, 10);
  if (!*num || *end || pn < 1 || pn > 65535) { fprintf(stderr, "echo: PORT=%s: bad port number\n", port); return 2; }
  addr.sin_port = htons((unsigned short)pn);

  int one = 1, lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 4096) < 0) {
    fprintf(stderr, "echo: listen on %s: %s\n", port, strerror(errno));
    return 1;
  }
  spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event le = { .events = EPOLLIN, .data.fd = lfd };
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &le);
  printf("app=echo version=%s host=%s listening on :%s\n", version, host, port);

  struct epoll_event evs[256];
  long long stop_by = 0;
  for (;;) {
    if (term_requested && !stop_by) { begin_shutdown(lfd); stop_by = now_ms() + 5000; }
    if (stop_by && (nconns == 0 || now_ms() >= stop_by)) { fflush(stdout); _exit(0); }
    int timeout = stop_by ? 50 : -1;
    if (timers) {
      long long first = LLONG_MAX, now = now_ms();
      for (struct conn *c = timers; c; c = c->tnext) if (c->due < first) first = c->due;
      int due = first <= now ? 0 : first - now > INT_MAX ? INT_MAX : (int)(first - now);
      timeout = timeout >= 0 && timeout < due ? timeout : due;
    }
    int n = epoll_wait(ep, evs, 256, timeout), accepting = 0;
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == lfd) accepting = !stop_by;   /* after the batch, so no fd closed in it is reused within it */
      else if (conns[fd]) on_event(conns[fd], evs[i].events);
    }
    if (accepting) on_accept(lfd);
    if (timers) {
      long long now = now_ms();
      for (struct conn *c = timers, *next; c; c = next) {
        next = c->tnext;
        if (c->due <= now) fire(c, now);
      }
    }
  }
}
