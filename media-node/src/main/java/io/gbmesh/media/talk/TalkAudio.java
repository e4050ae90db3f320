package io.gbmesh.media.talk;

/** Where a talk's audio comes from: 20 ms frames of 8 kHz mono 16-bit PCM, taken one per packet. */
interface TalkAudio {
    /** Fills {@code frame} with the next 160 samples; false when none is ready now (the sender sends silence). */
    boolean next(short[] frame);

    /** True once the first frame can be taken (or the source ended): the talk's clock starts then. */
    default boolean ready() {
        return true;
    }

    /** True once the source has nothing more to give and everything it gave was taken. */
    boolean ended();

    /** Why the source ended early, or null. */
    String failure();

    void close();
}
