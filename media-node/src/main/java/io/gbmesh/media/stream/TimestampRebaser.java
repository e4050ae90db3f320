package io.gbmesh.media.stream;

import io.gbmesh.protocol.media.MediaFrame;

/**
 * Keeps a recorded stream's output timestamps monotonic across what a playback does to them: a seek
 * (the device's clock jumps to another place in the file, forward or back), the end of one file and
 * the start of the next, a device that restarts its clock after a pause. A frame whose decode time is
 * behind the last one sent, or more than {@link #MAX_STEP} ahead of it, is moved to one frame interval
 * after it, and every later frame with it, video and audio alike (so they stay in step). Within a
 * run, timestamps pass unchanged: a speed-up ({@code Scale}) shows as frames closer in wall time,
 * not as smaller steps, and a player follows it. Used on the stream's thread only.
 */
public final class TimestampRebaser {
    /** A step larger than any frame interval, smaller than any seek worth the name: 1 s at 90 kHz. */
    static final long MAX_STEP = 90_000;
    /** The interval assumed before two video frames have been seen: 40 ms. */
    private static final long DEFAULT_STEP = 3600;

    private long offset;
    private long lastVideoDts = Long.MIN_VALUE;
    private long lastStep = DEFAULT_STEP;
    private long jumps;

    /** The frame with its timestamps moved onto the output's line (the same frame when nothing moves). */
    public MediaFrame apply(MediaFrame frame) {
        long dts = frame.dts() >= 0 ? frame.dts() : frame.pts();
        if (dts < 0) {
            return frame;
        }
        if (frame.isVideo()) {
            long out = dts + offset;
            if (lastVideoDts != Long.MIN_VALUE) {
                long step = out - lastVideoDts;
                if (step < 0 || step > MAX_STEP) {
                    offset = lastVideoDts + lastStep - dts;
                    out = dts + offset;
                    jumps++;
                } else if (step > 0) {
                    lastStep = step;
                }
            }
            lastVideoDts = out;
        }
        if (offset == 0) {
            return frame;
        }
        long pts = frame.pts() >= 0 ? frame.pts() + offset : -1;
        long newDts = frame.dts() >= 0 ? frame.dts() + offset : -1;
        return new MediaFrame(frame.codec(), frame.streamId(), Math.max(pts, -1), Math.max(newDts, -1), frame.keyFrame(),
                frame.data(), frame.vps(), frame.sps(), frame.pps());
    }

    /** Discontinuities smoothed so far. */
    public long jumps() {
        return jumps;
    }
}
