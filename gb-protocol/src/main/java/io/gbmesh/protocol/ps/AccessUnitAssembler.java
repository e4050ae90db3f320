package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.AnnexB;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns PES packets into frames. Video: a device may cut one access unit into several PES packets,
 * only the first with a PTS (Hikvision does so for every large frame), so a video PES continues the
 * frame in progress unless it starts a new one: it carries a PTS other than the frame's, or it has no
 * PTS but comes after a pack header (streams without any PTS put one frame per pack). A frame is
 * emitted when the next one starts, or on {@link #flush}. Audio: one PES, one frame.
 *
 * <p>After bytes went missing ({@link #lostSync}) a video PES without PTS belongs to no known frame
 * and is dropped, until a PES with a PTS or a pack header comes.
 */
final class AccessUnitAssembler {

    private static final int TARGET_NONE = 0;
    private static final int TARGET_VIDEO = 1;
    private static final int TARGET_AUDIO = 2;
    private static final int TARGET_DISCARD = 3;
    private static final int VIDEO_BUFFER = 256 * 1024;
    private static final int AUDIO_BUFFER = 8 * 1024;

    /** Codec per stream id as announced by the program stream map; null where not announced. */
    final Codec[] codecs = new Codec[256];

    private final Consumer<MediaFrame> sink;
    private final int maxFrameBytes;
    private Codec inferredVideo = Codec.UNKNOWN;
    private int target = TARGET_NONE;

    private final FrameBuffer video = new FrameBuffer(VIDEO_BUFFER);
    private boolean videoOpen;
    private boolean videoOversize;
    private boolean videoSealed;
    private long videoPts;
    private long videoDts;
    private int videoStreamId;
    private boolean packSinceVideoPes = true;
    private boolean videoSynced = true;

    private final FrameBuffer audio = new FrameBuffer(AUDIO_BUFFER);
    private boolean audioOversize;
    private long audioPts;
    private long audioDts;
    private int audioStreamId;

    private final long[] framesByCodec = new long[Codec.values().length];
    private long bytesOut;
    private long droppedFrames;
    private long droppedBytes;
    private long oversizeFrames;

    AccessUnitAssembler(Consumer<MediaFrame> sink, int maxFrameBytes) {
        this.sink = sink;
        this.maxFrameBytes = maxFrameBytes;
    }

    void packHeader() {
        packSinceVideoPes = true;
    }

    /** A PES packet begins; {@code pts}/{@code dts} are -1 when absent. */
    void startPes(int streamId, long pts, long dts) {
        if (PsHeaders.isAudio(streamId)) {
            emitAudio();
            audioPts = pts;
            audioDts = dts;
            audioStreamId = streamId;
            audioOversize = false;
            target = TARGET_AUDIO;
            return;
        }
        boolean afterPack = packSinceVideoPes;
        packSinceVideoPes = false;
        if (!videoSynced) {
            if (pts < 0 && !afterPack) {
                target = TARGET_DISCARD;
                return;
            }
            videoSynced = true;
        }
        boolean newFrame = !videoOpen || videoSealed || streamId != videoStreamId
                || (pts >= 0 ? pts != videoPts : afterPack);
        if (newFrame) {
            emitVideo();
            videoOpen = true;
            videoSealed = false;
            videoOversize = false;
            videoPts = pts;
            videoDts = dts;
            videoStreamId = streamId;
        }
        target = TARGET_VIDEO;
    }

    void payload(byte[] a, int off, int len) {
        if (len <= 0) {
            return;
        }
        switch (target) {
            case TARGET_VIDEO -> {
                if (videoOversize) {
                    droppedBytes += len;
                } else if (video.size() + len > maxFrameBytes) {
                    videoOversize = true;
                    oversizeFrames++;
                    droppedFrames++;
                    droppedBytes += video.size() + len;
                    video.clear();
                    video.shrinkTo(VIDEO_BUFFER);
                } else {
                    video.append(a, off, len);
                }
            }
            case TARGET_AUDIO -> {
                if (audioOversize) {
                    droppedBytes += len;
                } else if (audio.size() + len > maxFrameBytes) {
                    audioOversize = true;
                    oversizeFrames++;
                    droppedFrames++;
                    droppedBytes += audio.size() + len;
                    audio.clear();
                    audio.shrinkTo(AUDIO_BUFFER);
                } else {
                    audio.append(a, off, len);
                }
            }
            default -> droppedBytes += len;
        }
    }

    /** The PES packet ended where its length said, or at the next start code. */
    void endPes() {
        if (target == TARGET_AUDIO) {
            emitAudio();
        }
        target = TARGET_NONE;
    }

    /** The PES packet was cut short: the frame it belongs to is incomplete and is dropped. */
    void abortPes() {
        if (target == TARGET_VIDEO && videoOpen) {
            dropVideo();
        } else if (target == TARGET_AUDIO) {
            if (!audioOversize && audio.size() > 0) {
                droppedFrames++;
                droppedBytes += audio.size();
            }
            audio.clear();
        }
        target = TARGET_NONE;
    }

    /** Bytes went missing before what comes next: nothing may be appended to the frame in progress. */
    void lostSync() {
        videoSynced = false;
        videoSealed = true;
        packSinceVideoPes = false;
    }

    /** Emits what is pending, at the end of a stream. */
    void flush() {
        target = TARGET_NONE;
        emitVideo();
        emitAudio();
    }

    private void dropVideo() {
        if (!videoOversize) {
            droppedFrames++;
            droppedBytes += video.size();
        }
        video.clear();
        videoOpen = false;
    }

    private void emitVideo() {
        if (!videoOpen) {
            return;
        }
        videoOpen = false;
        if (videoOversize || video.size() == 0) {
            video.clear();
            return;
        }
        byte[] au = video.toArray();
        video.clear();
        Codec codec = videoCodec(videoStreamId, au);
        emit(AnnexB.videoFrame(codec, videoStreamId, videoPts, videoDts, au));
    }

    private void emitAudio() {
        int size = audio.size();
        if (size == 0 || audioOversize) {
            audio.clear();
            return;
        }
        byte[] data = audio.toArray();
        audio.clear();
        emit(MediaFrame.of(audioCodec(audioStreamId, data), audioStreamId, audioPts, audioDts, true, data));
    }

    private void emit(MediaFrame frame) {
        framesByCodec[frame.codec().ordinal()]++;
        bytesOut += frame.size();
        sink.accept(frame);
    }

    private Codec videoCodec(int streamId, byte[] au) {
        Codec announced = codecs[streamId];
        if (announced != null && announced != Codec.UNKNOWN) {
            return announced;
        }
        if (inferredVideo == Codec.UNKNOWN) {
            inferredVideo = AnnexB.guessVideoCodec(au, 0, au.length);
        }
        return inferredVideo;
    }

    private Codec audioCodec(int streamId, byte[] data) {
        Codec announced = codecs[streamId];
        if (announced != null && announced != Codec.UNKNOWN) {
            return announced;
        }
        boolean adts = data.length >= 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xF0) == 0xF0;
        return adts ? Codec.AAC : Codec.UNKNOWN;
    }

    Map<Codec, Long> framesByCodec() {
        Map<Codec, Long> m = new EnumMap<>(Codec.class);
        for (Codec c : Codec.values()) {
            if (framesByCodec[c.ordinal()] > 0) {
                m.put(c, framesByCodec[c.ordinal()]);
            }
        }
        return m;
    }

    long bytesOut() {
        return bytesOut;
    }

    long droppedFrames() {
        return droppedFrames;
    }

    long droppedBytes() {
        return droppedBytes;
    }

    long oversizeFrames() {
        return oversizeFrames;
    }

    void countDroppedBytes(long n) {
        droppedBytes += n;
    }
}
