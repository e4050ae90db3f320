/*
 * The cheapest SIP registrar there is, for measuring what a load generator can send: every request
 * received on one UDP port is answered "200 OK" from a single thread with recvmmsg/sendmmsg, the
 * answer being the request's own headers under the status line (Via, From, To, Call-ID and CSeq are
 * what a client matches on). No state, no parsing beyond the first line; ACKs are not answered.
 * Used by bench/restart-storm.sh (DRIVER_ONLY=1) to find the storm driver's own capacity.
 *
 *   sip-echo host port seconds      (stops by itself after seconds; prints requests=N answered=N)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAXLEN 65536

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: sip-echo host port seconds\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int buf = 8 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &addr.sin_addr);
    if (bind(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        perror("bind");
        return 1;
    }
    struct timeval tv = {.tv_sec = 0, .tv_usec = 200000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    static char in[BATCH][MAXLEN], out[BATCH][MAXLEN];
    struct sockaddr_in from[BATCH];
    struct iovec iov[BATCH], oiov[BATCH];
    struct mmsghdr msgs[BATCH], replies[BATCH];
    time_t end = time(NULL) + atol(argv[3]);
    long requests = 0, answered = 0;
    while (time(NULL) < end) {
        for (int i = 0; i < BATCH; i++) {
            iov[i] = (struct iovec){in[i], MAXLEN};
            msgs[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &iov[i], .msg_iovlen = 1};
        }
        int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
        if (n <= 0) {
            continue;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            int len = msgs[i].msg_len;
            requests++;
            if (len < 4 || memcmp(in[i], "SIP/", 4) == 0 || memcmp(in[i], "ACK ", 4) == 0) {
                continue;
            }
            char *eol = memmem(in[i], len, "\r\n", 2);
            if (eol == NULL) {
                continue;
            }
            int head = snprintf(out[k], MAXLEN, "SIP/2.0 200 OK");
            int rest = len - (int) (eol - in[i]);
            memcpy(out[k] + head, eol, rest);
            oiov[k] = (struct iovec){out[k], (size_t) (head + rest)};
            replies[k].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &oiov[k], .msg_iovlen = 1};
            k++;
        }
        if (k > 0) {
            int sent = sendmmsg(fd, replies, k, 0);
            answered += sent > 0 ? sent : 0;
        }
    }
    printf("requests=%ld answered=%ld\n", requests, answered);
    return 0;
}
