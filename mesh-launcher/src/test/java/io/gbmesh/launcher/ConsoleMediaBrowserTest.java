package io.gbmesh.launcher;

import static io.gbmesh.launcher.ConsoleBrowser.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.talk.TalkMode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's talk, distribution table and downloads in a real browser against the whole mesh and a
 * simulated camera: holding Talk sends Chromium's fake microphone (a beep) to the camera's speaker,
 * which writes what it receives, as long as the button was held, into a WAV; the distribution table
 * lists a live stream with its FLV viewer and its push to a listening ffmpeg; a download of a range
 * picked on the recordings timeline runs at 8x to done with a link to its MP4. Skipped where Chromium
 * and chromedriver are not installed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConsoleMediaBrowserTest {
    private static final String TOKEN = "gbm_console-media-0123456789abcdef";

    @TempDir
    static Path data;
    private static ConsoleBrowser console;

    @BeforeAll
    static void start() throws Exception {
        console = ConsoleBrowser.start("console-media", 43000, 1, data, TOKEN,
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
        console.showing(() -> ", talk: '" + console.text("talk-state") + "', distribution: '" + console.text("distribution-info")
                + "', downloads: '" + console.text("downloads-info") + " " + console.text("download-result") + "'");
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) {
            console.close();
        }
    }

    @AfterEach
    void stopStreams() throws Exception {
        console.stopAllStreams();
    }

    private static SimulatedDevice camera() {
        return console.camera();
    }

    @Test
    void holdingTalkSendsTheMicrophoneToTheCamerasSpeakerForAsLongAsItIsHeld() throws Exception {
        SimulatedDevice d = camera();
        Path out = Files.createDirectories(data.resolve("talk"));
        d.talk().mode(TalkMode.UDP).outputDir(out);
        int byes = d.talk().byesReceived();
        console.openWithCameraSelected();
        console.clickChannelButton("control");
        WebElement button = console.browser.findElement(By.id("talk"));
        WebElement panel = console.browser.findElement(By.id("talk-panel"));
        console.waiting(10).until(x -> button.isDisplayed());

        new Actions(console.browser).clickAndHold(button).perform();
        long pressed = System.nanoTime();
        console.waiting(30).until(x -> "talking".equals(panel.getDomAttribute("data-state")));
        long talking = System.nanoTime();
        assertTrue(d.talk().active(), "the camera took the talk's INVITE");
        // hold 3 s more, polling the talk's state meanwhile
        while (System.nanoTime() - talking < 3_000_000_000L) {
            assertEquals("talking", panel.getDomAttribute("data-state"));
            Thread.sleep(100);
        }
        new Actions(console.browser).release().perform();
        long released = System.nanoTime();
        console.until(15, () -> d.talk().byesReceived() > byes && !d.talk().active());
        console.waiting(10).until(x -> "ended".equals(panel.getDomAttribute("data-state")));
        assertTrue(console.api("GET", "/talks").body().contains("\"items\":[]"), "the talk is ended: " + console.api("GET", "/talks").body());

        Path wav = d.talk().lastFile();
        assertNotNull(wav, "the camera wrote what it received");
        double held = (released - pressed) / 1e9;
        double sent = (released - talking) / 1e9;
        String probe = TalkBroadcastTest.run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", wav.toString()).strip();
        double duration = Double.parseDouble(probe);
        String levels = TalkBroadcastTest.run("ffmpeg", "-hide_banner", "-nostats", "-i", wav.toString(), "-af", "volumedetect",
                "-f", "null", "-");
        double max = level(levels, "max_volume");
        double mean = level(levels, "mean_volume");
        System.out.printf("console talk: held %.2f s (talking for %.2f s of it), the camera received %.2f s, max %.1f dB, mean %.1f dB, %s%n",
                held, sent, duration, max, mean, console.text("talk-state"));
        assertTrue(duration > sent - 0.5 && duration < held + 0.5,
                "the camera heard the talk for as long as the button was held: " + duration + " s, held " + held + " s");
        assertTrue(max > -20, "the fake microphone's beep reached the camera: max " + max + " dB");
        assertTrue(mean > -50, "not silence: mean " + mean + " dB");
        assertTrue(console.text("talk-state").matches("talk ended: \\d+ frames of 20 ms sent.*"), console.text("talk-state"));
    }

    @Test
    void withTheBoxTickedAClickStartsTheTalkAndTheNextEndsIt() throws Exception {
        SimulatedDevice d = camera();
        Path out = Files.createDirectories(data.resolve("talk-latched"));
        d.talk().mode(TalkMode.UDP).outputDir(out);
        int byes = d.talk().byesReceived();
        console.openWithCameraSelected();
        console.clickChannelButton("control");
        WebElement button = console.browser.findElement(By.id("talk"));
        WebElement panel = console.browser.findElement(By.id("talk-panel"));
        console.waiting(10).until(x -> button.isDisplayed());
        console.browser.findElement(By.id("talk-latch")).click();

        button.click();
        console.waiting(30).until(x -> "talking".equals(panel.getDomAttribute("data-state")));
        long talking = System.nanoTime();
        assertEquals("Stop talking", button.getText());
        while (System.nanoTime() - talking < 2_000_000_000L) {
            assertEquals("talking", panel.getDomAttribute("data-state"), "the talk goes on without the button held");
            Thread.sleep(100);
        }
        button.click();
        double sent = (System.nanoTime() - talking) / 1e9;
        console.until(15, () -> d.talk().byesReceived() > byes && !d.talk().active());
        console.waiting(10).until(x -> "ended".equals(panel.getDomAttribute("data-state")));
        assertEquals("Hold to talk", button.getText());

        String probe = TalkBroadcastTest.run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", d.talk().lastFile().toString()).strip();
        double duration = Double.parseDouble(probe);
        assertTrue(duration > sent - 0.5 && duration < sent + 1.5, "received " + duration + " s of a talk of " + sent + " s");
        String levels = TalkBroadcastTest.run("ffmpeg", "-hide_banner", "-nostats", "-i", d.talk().lastFile().toString(),
                "-af", "volumedetect", "-f", "null", "-");
        assertTrue(level(levels, "max_volume") > -20, levels);
        console.browser.findElement(By.id("talk-latch")).click();
    }

    private static double level(String volumedetect, String name) {
        Matcher m = Pattern.compile(name + ": (-?[0-9.]+|-inf) dB").matcher(volumedetect);
        assertTrue(m.find(), volumedetect);
        return m.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
    }

    @Test
    void theDistributionTableListsTheLiveStreamWithItsViewerAndPush() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
        console.openWithCameraSelected();
        console.clickChannelButton("play");
        console.waiting(40).until(x -> number(console.video().get("time")) > 0);
        String streamId = console.browser.findElement(By.id("player-panel")).getDomAttribute("data-stream-id");

        String url = "rtmp://127.0.0.1:" + io.gbmesh.testing.FreePorts.tcpAndUdp() + "/live/cam";
        Process receiver = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-listen", "1", "-timeout", "60", "-i", url, "-c", "copy",
                "-t", "60", data.resolve("pushed.flv").toString()).redirectErrorStream(true)
                .redirectOutput(data.resolve("receiver.log").toFile()).start();
        try {
            // the receiver listens a moment after it starts: the push retries until then anyway
            HttpResponse<String> push = console.api("POST", "/streams/" + streamId + "/pushes", new JsonObject().put("url", url).put("pushId", "to-ffmpeg"));
            assertEquals(201, push.statusCode(), push.body());

            By row = By.cssSelector("#distribution tr[data-stream-id='" + streamId + "']");
            By pushing = By.cssSelector("#distribution tr[data-stream-id='" + streamId + "'] li[data-push-id='to-ffmpeg'][data-state='pushing']");
            console.waiting(30).until(x -> !x.findElements(pushing).isEmpty()
                    && "1".equals(x.findElement(row).getDomAttribute("data-flv")));
            // the row as one snapshot: the table is rebuilt when what it shows changes (a push's bit rate)
            @SuppressWarnings("unchecked")
            Map<String, Object> listed = (Map<String, Object>) console.browser.executeScript(
                    "const row = document.querySelector(\"#distribution tr[data-stream-id='\" + arguments[0] + \"']\");"
                    + "return Object.assign({text: row.innerText}, row.dataset);", streamId);
            assertEquals("1", listed.get("flv"), "the console's own FLV viewer: " + listed);
            assertEquals("0", listed.get("mp4"));
            assertEquals("0", listed.get("hls"));
            assertEquals("1", listed.get("push"));
            String text = (String) listed.get("text");
            assertTrue(text.contains(camera().deviceId() + " / " + console.channel()), text);
            assertTrue(text.contains("live"), text);
            assertTrue(text.contains("flv 1 · mp4 0 · hls 0 · push 1"), text);
            assertTrue(text.contains("to-ffmpeg → rtmp://127.0.0.1:"), text);
            assertTrue(text.contains("watched"), "a watched stream is not idle: " + text);
            console.browser.executeScript("document.getElementById('distribution-panel').scrollIntoView()");
            console.screenshot("console-distribution.png");

            // the viewer gone (Stop ends the stream): the row goes at the next refresh
            console.browser.findElement(By.id("stop")).click();
            console.waiting(15).until(x -> x.findElements(row).isEmpty());
        } finally {
            receiver.destroyForcibly();
        }
    }

    @Test
    void aRangePickedOnTheTimelineDownloadsAt8xToItsFile() throws Exception {
        console.openWithCameraSelected();
        console.clickChannelButton("recordings");
        WebElement timeline = console.browser.findElement(By.id("timeline"));
        console.waiting(20).until(x -> "loaded".equals(timeline.getDomAttribute("data-state")));
        console.browser.findElement(By.id("day-prev")).click();
        LocalDate yesterday = LocalDate.now().minusDays(1);
        console.waiting(20).until(x -> yesterday.toString().equals(timeline.getDomAttribute("data-day"))
                && "loaded".equals(timeline.getDomAttribute("data-state")));
        ZoneId zone = ZoneId.systemDefault();
        long dayStart = yesterday.atStartOfDay(zone).toEpochSecond();
        long dayLength = yesterday.plusDays(1).atStartOfDay(zone).toEpochSecond() - dayStart;
        List<Long> starts = console.browser.findElements(By.cssSelector("#timeline-segments div")).stream()
                .map(s -> Long.parseLong(s.getDomAttribute("data-start"))).filter(s -> s >= dayStart).toList();
        assertTrue(!starts.isEmpty(), "the camera recorded yesterday");
        long fileStart = starts.get(0);

        // a click in the file proposes from there on; the range is then cut to 16 s
        double width = number(console.browser.executeScript("return document.getElementById('timeline').getBoundingClientRect().width"));
        int x = (int) Math.round((fileStart + 300 - dayStart) * width / dayLength - width / 2);
        new Actions(console.browser).moveToElement(timeline, x, 0).click().perform();
        WebElement from = console.browser.findElement(By.id("download-from"));
        console.waiting(5).until(d -> !from.getDomProperty("value").isEmpty());
        long proposed = epochOf(yesterday, from.getDomProperty("value"));
        assertTrue(Math.abs(proposed - (fileStart + 300)) < 2 * dayLength / width + 5, "from where the click was: " + from.getDomProperty("value"));
        long start = fileStart + 60;
        console.browser.executeScript("document.getElementById('download-from').value = arguments[0];"
                + "document.getElementById('download-to').value = arguments[1];", clock(start), clock(start + 16));
        new Select(console.browser.findElement(By.id("download-speed"))).selectByValue("8");
        long asked = System.nanoTime();
        console.browser.findElement(By.id("download-start")).click();

        WebElement result = console.browser.findElement(By.id("download-result"));
        console.waiting(40).until(d -> result.getDomAttribute("data-download-id") != null);
        String id = result.getDomAttribute("data-download-id");
        By row = By.cssSelector("#downloads tr[data-download-id='" + id + "']");
        console.waiting(10).until(d -> !d.findElements(row).isEmpty());
        console.waiting(60).until(d -> "done".equals(d.findElement(row).getDomAttribute("data-state")));
        double seconds = (System.nanoTime() - asked) / 1e9;
        By link = By.cssSelector("#downloads tr[data-download-id='" + id + "'] a.download-file");
        console.waiting(10).until(d -> !d.findElements(link).isEmpty() && d.findElement(link).getDomAttribute("href") != null);
        // the row as one snapshot: the list is rebuilt when what it shows changes
        @SuppressWarnings("unchecked")
        Map<String, Object> done = (Map<String, Object>) console.browser.executeScript(
                "const row = document.querySelector(\"#downloads tr[data-download-id='\" + arguments[0] + \"']\");"
                + "return {progress: row.dataset.progress, bar: row.querySelector('progress').value,"
                + " speed: row.querySelector('td.speed').textContent, href: row.querySelector('a.download-file').href};", id);
        assertEquals("1", done.get("progress"), done.toString());
        assertEquals(1.0, number(done.get("bar")), done.toString());
        String speed = (String) done.get("speed");
        assertTrue(speed.matches("\\d+\\.\\dx"), speed);
        assertTrue(Double.parseDouble(speed.replace("x", "")) > 2, "faster than real time at 8x: " + speed);
        String href = (String) done.get("href");
        assertTrue(href.contains("/downloads/" + id + ".mp4?token="), href);
        @SuppressWarnings("unchecked")
        Map<String, Object> fetched = (Map<String, Object>) console.browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done({status: r.status,"
                + " type: r.headers.get('content-type'), bytes: b.byteLength})), e => done({error: String(e)}));", href);
        assertEquals(200L, fetched.get("status"), fetched.toString());
        assertEquals("video/mp4", fetched.get("type"));
        JsonObject api = new JsonObject(console.api("GET", "/downloads/" + id).body());
        assertEquals(api.getLong("bytes").longValue(), ((Number) fetched.get("bytes")).longValue(), "the whole file: " + api.encode());
        System.out.printf("console download: 16 s at 8x done %.1f s after Download, speed achieved %s, %d bytes%n",
                seconds, speed, api.getLong("bytes"));
        console.browser.executeScript("document.getElementById('downloads-panel').scrollIntoView()");
        console.screenshot("console-downloads.png");
    }

    private static String clock(long epoch) {
        return java.time.LocalTime.ofInstant(java.time.Instant.ofEpochSecond(epoch), ZoneId.systemDefault())
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private static long epochOf(LocalDate day, String time) {
        return day.atTime(java.time.LocalTime.parse(time)).atZone(ZoneId.systemDefault()).toEpochSecond();
    }
}
