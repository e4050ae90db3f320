package io.gbmesh.launcher;

import static io.gbmesh.launcher.ConsoleBrowser.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.media.MediaOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console's live view of a camera that sends H.264 with G.711 A-law sound (a 320x240 capture made
 * by media-node's {@code make-gb-ps.py}, a 440 Hz tone): the console asks the media node for the audio
 * as AAC ({@code &audio=aac}), and Chromium decodes both the picture and the sound. Skipped where
 * Chromium and chromedriver are not installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleAudioBrowserTest {
    private static final String TOKEN = "gbm_console-audio-0123456789abcdef";

    @TempDir
    Path data;
    private ConsoleBrowser console;

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void aG711CameraPlaysInTheBrowserWithItsSoundDecodedAsAac() throws Exception {
        ConsoleBrowser.assumeInstalled();
        Path capture = Path.of(ConsoleAudioBrowserTest.class.getResource("/media/camera-320x240-h264-g711a.ps").toURI());
        console = ConsoleBrowser.around(OneJvmMesh.withApiAndMedia("console-audio", 45000, 1, data, TOKEN,
                MediaOptions.DEFAULT.withMediaFile(capture.toString())), TOKEN);
        console.showing(() -> ", stream: '" + console.text("stream-info") + "', video: " + console.video());

        console.openWithCameraSelected();
        console.clickChannelButton("play");
        console.waiting(40).until(d -> number(console.video().get("time")) > 1.0);
        String info = console.text("stream-info");
        assertTrue(info.contains("audio=aac"), "the console asked for AAC: " + info);
        JsonObject stream = console.streams().getJsonArray("streams").getJsonObject(0);
        assertEquals("G711A", stream.getString("audioCodec"), "the camera sends G.711 A-law: " + stream.encode());

        // the sound is decoded, and keeps coming with the picture
        console.waiting(20).until(d -> number(console.video().get("audioBytes")) > 0);
        double audioBytes = number(console.video().get("audioBytes"));
        double time = number(console.video().get("time"));
        console.waiting(20).until(d -> number(console.video().get("audioBytes")) > audioBytes
                && number(console.video().get("time")) > time + 1.0);
        Map<String, Object> video = console.video();
        assertEquals(320.0, number(video.get("width")), video.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> tracks = (Map<String, Object>) console.browser.executeScript(
                "const v = document.getElementById('player'); const b = v.buffered;"
                + "return {buffered: b.length ? b.end(b.length - 1) - b.start(0) : 0,"
                + " audioTracks: v.audioTracks ? v.audioTracks.length : -1};");
        System.out.printf("console audio: %.0f bytes of AAC decoded after %.1f s of video; %s; %s%n",
                number(video.get("audioBytes")), number(video.get("time")), tracks, info);
        assertTrue(console.browser.findElement(By.id("player")).isDisplayed());
    }
}
