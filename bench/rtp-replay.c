/*
 * Load generator of bench/media-streams.sh: replays RTP packets into N UDP streams of a media node
 * at real time (times SPEED) and keeps one HTTP-FLV viewer per stream, cheaply enough that the node
 * is what is measured.
 *
 *   rtp-replay packets.bin streams.txt speed warmup_s duration_s node_pid hook_cmd
 *
 * packets.bin (written by StreamLoadBench): u32 count, u32 loop90k, then per packet u32 due90k,
 * u16 length, RTP bytes (all little-endian). streams.txt: "httpHost httpPort", then one line per
 * stream "rtpPort ssrc streamId token" (the viewer URL's signed token).
 *
 * One sender thread: every stream walks the packet list from its own starting point (so key
 * frames are spread over the streams), packets whose due time has come are sent with sendmmsg
 * with the header rewritten (SSRC, sequence number, timestamp + loops), the payload sent from the
 * file's memory. Its lateness (send time minus due time) is recorded per packet.
 * One viewer thread: N non-blocking HTTP connections under epoll, GET /live/<id>.flv, then read and
 * discard, counting bytes per viewer.
 * The main thread waits warmup_s, runs "hook_cmd start", snapshots the counters and the node's CPU
 * time (/proc/<pid>/stat), waits duration_s, snapshots again, runs "hook_cmd end" and prints one
 * line of key=value results. It is bounded in time and stops by itself.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BATCH 256
#define NBUCKETS 8
static const double bucket_ms[NBUCKETS] = {1, 2, 5, 10, 20, 50, 100, 1e18};

struct pkt { uint32_t due; uint16_t len; const uint8_t *data; };
struct stream {
    struct sockaddr_in addr;
    uint32_t ssrc, idx, loop;
    uint16_t seq;
    int64_t start_ns;
    char id[64];
    char token[128];
};
struct viewer { int fd, state, status; uint64_t bytes; };

static struct pkt *pkts;
static uint32_t npkts, loop90k;
static struct stream *streams;
static struct viewer *viewers;
static int nstreams;
static double speed;
static char http_host[64];
static int http_port;
static volatile int stop;

/* sender counters, read by the main thread */
static uint64_t sent_pkts, sent_bytes, send_errors, late_buckets[NBUCKETS];
static int64_t max_late_ns;

static int64_t mono_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static void load_packets(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) die(path);
    struct stat st;
    fstat(fd, &st);
    uint8_t *b = malloc(st.st_size);
    for (off_t got = 0; got < st.st_size;) {
        ssize_t n = read(fd, b + got, st.st_size - got);
        if (n <= 0) die("read packets");
        got += n;
    }
    close(fd);
    memcpy(&npkts, b, 4);
    memcpy(&loop90k, b + 4, 4);
    pkts = calloc(npkts, sizeof *pkts);
    size_t p = 8;
    for (uint32_t i = 0; i < npkts; i++) {
        memcpy(&pkts[i].due, b + p, 4);
        memcpy(&pkts[i].len, b + p + 4, 2);
        pkts[i].data = b + p + 6;
        p += 6 + pkts[i].len;
    }
}

static void load_streams(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) die(path);
    if (fscanf(f, "%63s %d", http_host, &http_port) != 2) die("streams header");
    int cap = 64;
    streams = calloc(cap, sizeof *streams);
    int port;
    unsigned long ssrc;
    char id[64], token[128];
    while (fscanf(f, "%d %lu %63s %127s", &port, &ssrc, id, token) == 4) {
        if (nstreams == cap) streams = realloc(streams, (cap *= 2) * sizeof *streams);
        struct stream *s = &streams[nstreams++];
        memset(s, 0, sizeof *s);
        s->addr.sin_family = AF_INET;
        s->addr.sin_port = htons(port);
        inet_pton(AF_INET, http_host, &s->addr.sin_addr);
        s->ssrc = (uint32_t) ssrc;
        snprintf(s->id, sizeof s->id, "%s", id);
        snprintf(s->token, sizeof s->token, "%s", token);
    }
    fclose(f);
}

static struct mmsghdr msgs[BATCH];
static struct iovec iov[BATCH][2];
static uint8_t hdr[BATCH][12];
static int64_t due_of[BATCH];

/* Sends the batch, recording each packet's lateness (send time minus due time). */
static void send_batch(int fd, int n) {
    for (int k = 0; k < n;) {
        int64_t at = mono_ns();
        int r = sendmmsg(fd, msgs + k, n - k, 0);
        if (r <= 0) { __atomic_fetch_add(&send_errors, 1, __ATOMIC_RELAXED); r = 1; }
        uint64_t bytes = 0;
        for (int j = k; j < k + r; j++) {
            int64_t late = at - due_of[j];
            int b = 0;
            while (late > bucket_ms[b] * 1e6) b++;
            __atomic_fetch_add(&late_buckets[b], 1, __ATOMIC_RELAXED);
            if (late > max_late_ns) max_late_ns = late;
            bytes += iov[j][1].iov_len + 12;
        }
        __atomic_fetch_add(&sent_bytes, bytes, __ATOMIC_RELAXED);
        __atomic_fetch_add(&sent_pkts, r, __ATOMIC_RELAXED);
        k += r;
    }
}

static void *sender(void *arg) {
    (void) arg;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    int sndbuf = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    double ns_per_90k = 1e9 / (90000.0 * speed);
    int64_t t0 = mono_ns() + 100000000LL;
    for (int i = 0; i < nstreams; i++) {
        /* each stream starts at its own place in the capture, the starts spread over 100 ms */
        struct stream *s = &streams[i];
        s->idx = (uint32_t) ((uint64_t) i * npkts / nstreams);
        s->start_ns = t0 + (int64_t) i * 100000000LL / nstreams - (int64_t) (pkts[s->idx].due * ns_per_90k);
        s->seq = (uint16_t) (i * 7919);
    }
    while (!stop) {
        int64_t now = mono_ns();
        int64_t next = now + 1000000LL;
        int n = 0;
        for (int i = 0; i < nstreams; i++) {
            struct stream *s = &streams[i];
            for (;;) {
                const struct pkt *p = &pkts[s->idx];
                int64_t due = s->start_ns + (int64_t) (((double) s->loop * loop90k + p->due) * ns_per_90k);
                if (due > now) {
                    if (due < next) next = due;
                    break;
                }
                uint8_t *h = hdr[n];
                memcpy(h, p->data, 12);
                uint32_t ts = ((uint32_t) p->data[4] << 24 | (uint32_t) p->data[5] << 16 | (uint32_t) p->data[6] << 8
                               | p->data[7]) + s->loop * loop90k;
                h[2] = s->seq >> 8; h[3] = (uint8_t) s->seq;
                h[4] = ts >> 24; h[5] = ts >> 16; h[6] = ts >> 8; h[7] = ts;
                h[8] = s->ssrc >> 24; h[9] = s->ssrc >> 16; h[10] = s->ssrc >> 8; h[11] = s->ssrc;
                s->seq++;
                iov[n][0].iov_base = h;
                iov[n][0].iov_len = 12;
                iov[n][1].iov_base = (void *) (p->data + 12);
                iov[n][1].iov_len = p->len - 12;
                memset(&msgs[n].msg_hdr, 0, sizeof msgs[n].msg_hdr);
                msgs[n].msg_hdr.msg_name = &s->addr;
                msgs[n].msg_hdr.msg_namelen = sizeof s->addr;
                msgs[n].msg_hdr.msg_iov = iov[n];
                msgs[n].msg_hdr.msg_iovlen = 2;
                due_of[n] = due;
                if (++s->idx == npkts) { s->idx = 0; s->loop++; }
                if (++n == BATCH) { send_batch(fd, n); n = 0; }
            }
        }
        if (n > 0) send_batch(fd, n);
        struct timespec ts = {next / 1000000000LL, next % 1000000000LL};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
    return NULL;
}

static void *viewing(void *arg) {
    (void) arg;
    int ep = epoll_create1(0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(http_port)};
    inet_pton(AF_INET, http_host, &addr.sin_addr);
    for (int i = 0; i < nstreams; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0) die("viewer socket");
        /* wake up for 32 KiB at a time rather than for every FLV tag: the reading stays cheap */
        int lowat = 32 * 1024;
        setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof lowat);
        connect(fd, (struct sockaddr *) &addr, sizeof addr);
        viewers[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    static uint8_t buf[1 << 18];
    struct epoll_event evs[256];
    while (!stop) {
        int n = epoll_wait(ep, evs, 256, 100);
        for (int k = 0; k < n; k++) {
            struct viewer *v = &viewers[evs[k].data.u32];
            if (v->state == 0 && (evs[k].events & EPOLLOUT)) {
                char req[256];
                int len = snprintf(req, sizeof req, "GET /live/%s.flv?token=%s HTTP/1.1\r\nHost: %s:%d\r\n\r\n",
                                   streams[evs[k].data.u32].id, streams[evs[k].data.u32].token, http_host, http_port);
                if (write(v->fd, req, len) != len) { v->state = 3; close(v->fd); continue; }
                v->state = 1;
                struct epoll_event ev = {.events = EPOLLIN, .data.u32 = evs[k].data.u32};
                epoll_ctl(ep, EPOLL_CTL_MOD, v->fd, &ev);
                continue;
            }
            if (v->state != 1) continue;
            for (;;) {
                ssize_t r = read(v->fd, buf, sizeof buf);
                if (r > 0) {
                    if (v->status == 0 && r >= 12 && memcmp(buf, "HTTP/1.", 7) == 0) v->status = atoi((char *) buf + 9);
                    __atomic_fetch_add(&v->bytes, (uint64_t) r, __ATOMIC_RELAXED);
                    if (r < (ssize_t) sizeof buf) break;
                } else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                    break;
                } else {
                    v->state = 3; /* closed by the node, or an error */
                    close(v->fd);
                    break;
                }
            }
        }
    }
    return NULL;
}

struct snap {
    int64_t at;
    uint64_t node_ticks, sent_pkts, sent_bytes, late[NBUCKETS], rcvbuf_errors, udp_in;
    double self_cpu;
    uint64_t *viewer_bytes;
};

static uint64_t proc_ticks(long pid) {
    char path[64], line[4096];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    char *p = strrchr(line, ')');
    unsigned long utime = 0, stime = 0;
    /* fields after ") ": state(3) ... utime(14) stime(15) */
    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    return utime + stime;
}

static void udp_counters(uint64_t *in, uint64_t *rcvbuf) {
    FILE *f = fopen("/proc/net/snmp", "r");
    char names[1024], values[1024];
    *in = *rcvbuf = 0;
    if (!f) return;
    while (fgets(names, sizeof names, f) && fgets(values, sizeof values, f)) {
        if (strncmp(names, "Udp:", 4) != 0) continue;
        /* Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors ... */
        unsigned long long a, b, c, d, e;
        if (sscanf(values, "Udp: %llu %llu %llu %llu %llu", &a, &b, &c, &d, &e) == 5) { *in = a; *rcvbuf = e; }
        break;
    }
    fclose(f);
}

static void snapshot(struct snap *s, long pid) {
    s->at = mono_ns();
    s->node_ticks = proc_ticks(pid);
    s->sent_pkts = __atomic_load_n(&sent_pkts, __ATOMIC_RELAXED);
    s->sent_bytes = __atomic_load_n(&sent_bytes, __ATOMIC_RELAXED);
    for (int b = 0; b < NBUCKETS; b++) s->late[b] = __atomic_load_n(&late_buckets[b], __ATOMIC_RELAXED);
    udp_counters(&s->udp_in, &s->rcvbuf_errors);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    s->self_cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    s->viewer_bytes = malloc(nstreams * sizeof(uint64_t));
    for (int i = 0; i < nstreams; i++) s->viewer_bytes[i] = __atomic_load_n(&viewers[i].bytes, __ATOMIC_RELAXED);
}

static void run_hook(const char *hook, const char *what) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s", hook, what);
    if (system(cmd) != 0) fprintf(stderr, "hook failed: %s\n", cmd);
}

int main(int argc, char **argv) {
    if (argc < 8) {
        fprintf(stderr, "usage: %s packets.bin streams.txt speed warmup_s duration_s node_pid hook_cmd\n", argv[0]);
        return 2;
    }
    load_packets(argv[1]);
    load_streams(argv[2]);
    speed = atof(argv[3]);
    int warmup = atoi(argv[4]), duration = atoi(argv[5]);
    long pid = atol(argv[6]);
    const char *hook = argv[7];
    viewers = calloc(nstreams, sizeof *viewers);
    pthread_t ts, tv;
    pthread_create(&tv, NULL, viewing, NULL);
    pthread_create(&ts, NULL, sender, NULL);
    sleep(warmup);
    struct snap a, b;
    run_hook(hook, "start");
    max_late_ns = 0;
    snapshot(&a, pid);
    sleep(duration);
    snapshot(&b, pid);
    int64_t max_late = max_late_ns;
    run_hook(hook, "end");
    stop = 1;
    pthread_join(ts, NULL);
    pthread_join(tv, NULL);

    double secs = (b.at - a.at) / 1e9;
    /* what real time (times speed) asks for: one loop of the capture per loop90k */
    double expected = (double) npkts * nstreams * secs * 90000.0 * speed / loop90k;
    long hz = sysconf(_SC_CLK_TCK);
    double node_cpu = (double) (b.node_ticks - a.node_ticks) / hz / secs; /* cores */
    uint64_t sent = b.sent_pkts - a.sent_pkts, late_total = 0, late_over5 = 0;
    for (int k = 0; k < NBUCKETS; k++) {
        uint64_t d = b.late[k] - a.late[k];
        late_total += d;
        if (bucket_ms[k] > 5) late_over5 += d;
    }
    /* p99 lateness bucket */
    uint64_t acc = 0;
    double p99 = -1; /* -1: over the last bucket (100 ms) */
    for (int k = 0; k < NBUCKETS; k++) {
        acc += b.late[k] - a.late[k];
        if (acc >= late_total * 0.99) { p99 = k < NBUCKETS - 1 ? bucket_ms[k] : -1; break; }
    }
    int ok = 0, closed = 0;
    uint64_t vmin = UINT64_MAX, vtotal = 0;
    for (int i = 0; i < nstreams; i++) {
        uint64_t d = b.viewer_bytes[i] - a.viewer_bytes[i];
        if (viewers[i].status == 200) ok++;
        if (viewers[i].state == 3) closed++;
        if (d < vmin) vmin = d;
        vtotal += d;
    }
    printf("streams=%d seconds=%.1f node_cpu_cores=%.3f node_cpu_pct_per_stream=%.3f "
           "gen_sent_pkts=%llu gen_sent_pct_of_due=%.2f gen_mbit_per_stream=%.3f gen_late_p99_ms_le=%g gen_late_max_ms=%.1f gen_late_over5ms_pct=%.3f "
           "gen_send_errors=%llu gen_cpu_cores=%.3f viewers_200=%d viewers_closed=%d viewer_mbit_per_stream=%.3f "
           "viewer_min_kbit=%.0f udp_rcvbuf_errors=%llu\n",
           nstreams, secs, node_cpu, 100 * node_cpu / nstreams, (unsigned long long) sent, 100.0 * sent / expected,
           (b.sent_bytes - a.sent_bytes) * 8 / secs / nstreams / 1e6, p99, max_late / 1e6,
           late_total ? 100.0 * late_over5 / late_total : 0, (unsigned long long) send_errors,
           (b.self_cpu - a.self_cpu) / secs, ok, closed, vtotal * 8 / secs / nstreams / 1e6, vmin * 8 / secs / 1e3,
           (unsigned long long) (b.rcvbuf_errors - a.rcvbuf_errors));
    return 0;
}
