package io.gbmesh.protocol.sdp;

/** SDP bodies copied from the reference notes, with the CRLF line ends their Content-Length counts. */
final class ReferenceSdp {

    private ReferenceSdp() {
    }

    static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    /** §6.8: the platform invites channel 34020000001310000001 to play over TCP, itself connecting. Content-Length 323. */
    static final String PLAY_INVITE = crlf(
            "v=0",
            "o=34020000001310000001 0 0 IN IP4 192.168.0.110",
            "s=Play",
            "u=34020000001310000001:0",
            "c=IN IP4 192.168.0.110",
            "t=0 0",
            "m=video 8888 TCP/RTP/AVP 96 97 98",
            "a=recvonly",
            "a=setup:active",
            "a=connection:new",
            "a=rtpmap:96 PS/90000",
            "a=rtpmap:97 MPEG4/90000",
            "a=rtpmap:98 H264/90000",
            "a=downloadspeed:0",
            "a=streamprofile:0",
            "y=0000010000");

    /** §6.8: the device's 200 OK, listening on 15060. Content-Length 206. */
    static final String PLAY_ANSWER = crlf(
            "v=0",
            "o=34020000001320000002 2851 2851 IN IP4 192.168.0.64",
            "s=Play",
            "c=IN IP4 192.168.0.64",
            "t=0 0",
            "m=video 15060 TCP/RTP/AVP 96",
            "a=setup:passive",
            "a=sendonly",
            "a=rtpmap:96 PS/90000",
            "a=filesize:0",
            "y=0000010000");

    /** §6.11: download of a recorded range over UDP. Content-Length 342. */
    static final String DOWNLOAD_INVITE = crlf(
            "v=0",
            "o=34020000001310000001 0 0 IN IP4 192.168.0.110",
            "s=Download",
            "u=34020000001310000001:0",
            "c=IN IP4 192.168.0.110",
            "t=1744856617 1744856620",
            "m=video 6902 RTP/AVP 96 97 98",
            "a=recvonly",
            "a=setup:passive",
            "a=connection:new",
            "a=rtpmap:96 PS/90000",
            "a=rtpmap:97 MPEG4/90000",
            "a=rtpmap:98 H264/90000",
            "a=downloadspeed:8",
            "a=streamprofile:1",
            "y=1000010004");

    /** §6.11: the device's answer with the file size. Content-Length 211. */
    static final String DOWNLOAD_ANSWER = crlf(
            "v=0",
            "o=34020000001320000002 2589 2589 IN IP4 192.168.0.64",
            "s=Download",
            "c=IN IP4 192.168.0.64",
            "t=0 0",
            "m=video 15060 RTP/AVP 96",
            "a=setup:active",
            "a=sendonly",
            "a=rtpmap:96 PS/90000",
            "a=filesize:1367160",
            "y=1000010004");

    /** §6.12: a device's talk INVITE with i= and f=. Content-Length 240. */
    static final String TALK_INVITE = crlf(
            "v=0",
            "o=34020000001320000001 0 0 IN IP4 192.168.0.100",
            "s=Play",
            "i=VCam BroadCast Session",
            "c=IN IP4 192.168.0.100",
            "t=0 0",
            "m=audio 9776 RTP/AVP 8 96",
            "a=recvonly",
            "a=rtpmap:8 PCMA/8000/1",
            "a=rtpmap:96 PS/90000",
            "y=0022440333",
            "f=v/0/0/0/0/0a/1/8/1");

    /** §6.12: the platform's TCP talk answer, setup after the rtpmap. Content-Length 226. */
    static final String TALK_TCP_ANSWER = crlf(
            "v=0",
            "o=34020000002000000001 601 601 IN IP4 192.168.0.110",
            "s=Play",
            "c=IN IP4 192.168.0.110",
            "t=0 0",
            "m=audio 30004 TCP/RTP/AVP 8",
            "a=sendonly",
            "a=rtpmap:8 PCMA/8000",
            "a=setup:passive",
            "a=connection:new",
            "y=0200000017",
            "f=v/////a/1/8/1");
}
