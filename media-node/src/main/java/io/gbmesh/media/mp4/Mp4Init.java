package io.gbmesh.media.mp4;

import io.gbmesh.media.mux.AudioConfig;
import io.gbmesh.media.mux.VideoConfig;
import io.gbmesh.protocol.media.Codec;

/**
 * The initialization segment of a fragmented MP4 (ISO/IEC 14496-12 §8.8): {@code ftyp}, and a
 * {@code moov} with the video track (1, sample entry {@code avc1}/{@code avcC} or {@code hvc1}/{@code hvcC},
 * ISO/IEC 14496-15 §5.4, §8.4, on a 90 kHz clock) and, when the stream has audio, the audio track
 * (2, on the audio's sample rate): {@code mp4a} with an {@code esds} (ISO/IEC 14496-1 §7.2.6) for AAC,
 * {@code alaw}/{@code ulaw} for G.711 (the QuickTime sample entries FFmpeg reads). No samples in the
 * tables: they come in the fragments.
 */
final class Mp4Init {
    static final int VIDEO_TRACK = 1;
    static final int AUDIO_TRACK = 2;

    private Mp4Init() {
    }

    static byte[] build(VideoConfig video, AudioConfig audio) {
        BoxWriter w = new BoxWriter(1024 + video.record().length);
        w.open("ftyp").ascii("iso5").u32(512).ascii("iso5").ascii("iso6").ascii("mp41").close();
        w.open("moov");
        w.openFull("mvhd", 0, 0).u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10).matrix()
                .zeros(24).u32(audio == null ? VIDEO_TRACK + 1 : AUDIO_TRACK + 1).close();
        videoTrack(w, video);
        if (audio != null) {
            audioTrack(w, audio);
        }
        w.open("mvex");
        w.openFull("trex", 0, 0).u32(VIDEO_TRACK).u32(1).u32(0).u32(0).u32(0).close();
        if (audio != null) {
            w.openFull("trex", 0, 0).u32(AUDIO_TRACK).u32(1).u32(0).u32(0).u32(0).close();
        }
        w.close().close(); // mvex, moov
        return w.toByteArray();
    }

    private static void videoTrack(BoxWriter w, VideoConfig c) {
        w.open("trak");
        w.openFull("tkhd", 0, 3).u32(0).u32(0).u32(VIDEO_TRACK).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(0).u16(0)
                .matrix().u32((long) c.width() << 16).u32((long) c.height() << 16).close();
        w.open("mdia");
        w.openFull("mdhd", 0, 0).u32(0).u32(0).u32(Fmp4Muxer.TIMESCALE).u32(0).u16(0x55C4).u16(0).close(); // "und"
        w.openFull("hdlr", 0, 0).u32(0).ascii("vide").zeros(12).ascii("VideoHandler").u8(0).close();
        w.open("minf");
        w.openFull("vmhd", 0, 1).u16(0).zeros(6).close();
        dinf(w);
        w.open("stbl");
        w.openFull("stsd", 0, 0).u32(1);
        w.open(c.codec() == Codec.H265 ? "hvc1" : "avc1").zeros(6).u16(1) // data_reference_index
                .zeros(16).u16(c.width()).u16(c.height()).u32(0x00480000).u32(0x00480000).u32(0).u16(1)
                .zeros(32).u16(0x0018).u16(0xFFFF);
        w.open(c.codec() == Codec.H265 ? "hvcC" : "avcC").bytes(c.record()).close();
        w.close().close(); // sample entry, stsd
        emptyTables(w);
        w.close().close().close().close(); // stbl, minf, mdia, trak
    }

    private static void audioTrack(BoxWriter w, AudioConfig a) {
        w.open("trak");
        w.openFull("tkhd", 0, 3).u32(0).u32(0).u32(AUDIO_TRACK).u32(0).u32(0).zeros(8).u16(0).u16(1).u16(0x0100).u16(0)
                .matrix().u32(0).u32(0).close();
        w.open("mdia");
        w.openFull("mdhd", 0, 0).u32(0).u32(0).u32(a.sampleRate()).u32(0).u16(0x55C4).u16(0).close();
        w.openFull("hdlr", 0, 0).u32(0).ascii("soun").zeros(12).ascii("SoundHandler").u8(0).close();
        w.open("minf");
        w.openFull("smhd", 0, 0).u16(0).u16(0).close();
        dinf(w);
        w.open("stbl");
        w.openFull("stsd", 0, 0).u32(1);
        String entry = switch (a.codec()) {
            case G711A -> "alaw";
            case G711U -> "ulaw";
            default -> "mp4a";
        };
        w.open(entry).zeros(6).u16(1).zeros(8).u16(a.channels()).u16(a.codec() == Codec.AAC ? 16 : 8).u16(0).u16(0)
                .u32((long) a.sampleRate() << 16);
        if (a.codec() == Codec.AAC) {
            esds(w, a.specificConfig());
        }
        w.close().close(); // sample entry, stsd
        emptyTables(w);
        w.close().close().close().close(); // stbl, minf, mdia, trak
    }

    /** The ES descriptor of an AAC track: MPEG-4 audio (0x40), an audio stream, its AudioSpecificConfig. */
    private static void esds(BoxWriter w, byte[] asc) {
        int decoderSpecific = 2 + asc.length;
        int decoderConfig = 13 + decoderSpecific;
        int es = 3 + 2 + decoderConfig + 3;
        w.openFull("esds", 0, 0)
                .u8(0x03).u8(es).u16(0).u8(0) // ES_Descriptor: ES_ID 0, no flags
                .u8(0x04).u8(decoderConfig).u8(0x40).u8(0x15).u24(0).u32(0).u32(0) // DecoderConfigDescriptor
                .u8(0x05).u8(asc.length).bytes(asc) // DecoderSpecificInfo
                .u8(0x06).u8(1).u8(0x02) // SLConfigDescriptor, predefined MP4
                .close();
    }

    private static void dinf(BoxWriter w) {
        w.open("dinf").openFull("dref", 0, 0).u32(1).openFull("url ", 0, 1).close().close().close();
    }

    private static void emptyTables(BoxWriter w) {
        w.openFull("stts", 0, 0).u32(0).close();
        w.openFull("stsc", 0, 0).u32(0).close();
        w.openFull("stsz", 0, 0).u32(0).u32(0).close();
        w.openFull("stco", 0, 0).u32(0).close();
    }
}
