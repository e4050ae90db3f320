package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.Recordings;
import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's recordings timeline in a real browser, against the whole mesh and a simulated camera
 * that records 3-hour files with half an hour between them: the day shows the camera's recordings as
 * the API lists them and the day picker moves between days; a click on the timeline plays back from
 * there and the video advances; Pause stops it (the camera paused), speed 4 reaches the camera as
 * scale 4, a drag seeks the same playback to where it was dropped, and Stop playback ends the stream;
 * the camera's end of file ends a playback in the console.
 * Skipped where Chromium and chromedriver are not installed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConsoleTimelineBrowserTest {
    private static final String TOKEN = "gbm_console-timeline-0123456789abcdef";
    /** 3-hour files from midnight, 30 minutes apart, every second one an alarm recording. */
    private static final Recordings.Plan PLAN = new Recordings.Plan(2, 3 * 3600, 1800, 2, 10, 0, false);

    @TempDir
    static Path data;
    private static ConsoleBrowser fixture;
    private static OneJvmMesh mesh;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        fixture = ConsoleBrowser.start("console-timeline", 41000, 1, data, TOKEN);
        mesh = fixture.mesh;
        browser = fixture.browser;
        camera().recordings().plan(PLAN);
        fixture.showing(() -> ", records: '" + fixture.text("records-info") + "', playback: '" + fixture.text("vcr-result")
                + "', video: " + video() + ", camera: " + java.util.Arrays.toString(replay()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void stopStreams() throws Exception {
        fixture.stopAllStreams();
    }

    private static SimulatedDevice camera() {
        return mesh.camera.device(0);
    }

    private static String channel() {
        return camera().channelIds().get(0);
    }

    private static WebDriverWait waiting(int seconds) {
        return fixture.waiting(seconds);
    }

    private static void until(int seconds, BooleanSupplier condition) {
        fixture.until(seconds, condition);
    }

    private static JsonObject streams() throws Exception {
        return fixture.streams();
    }

    /** The start times (epoch seconds) of the recordings the API lists for a local day. */
    private static List<Long> recordedStarts(LocalDate day) throws Exception {
        return recorded(day).stream().map(i -> i.getLong("startEpoch")).toList();
    }

    /** The recordings the API lists for a local day. */
    private static List<JsonObject> recorded(LocalDate day) throws Exception {
        ZoneId zone = ZoneId.systemDefault();
        long from = day.atStartOfDay(zone).toEpochSecond();
        long to = day.plusDays(1).atStartOfDay(zone).toEpochSecond() - 1;
        HttpResponse<String> r = fixture.api("GET", "/devices/" + camera().deviceId() + "/channels/" + channel()
                + "/records?start=" + from + "&end=" + to + "&type=all");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items").stream().map(i -> (JsonObject) i).toList();
    }

    private static Map<String, Object> video() {
        return fixture.video();
    }

    private static double videoTime() {
        return ((Number) video().get("time")).doubleValue();
    }

    /** The camera's replay of the one playback: seconds sent from the range's start, speed, paused (1); null for none. */
    private static double[] replay() {
        List<String> calls = camera().media().callIds();
        return calls.size() == 1 ? camera().media().replayState(calls.get(0)) : null;
    }

    private static List<String> shownStarts() {
        return browser.findElements(By.cssSelector("#timeline-segments div")).stream().map(s -> s.getDomAttribute("data-start")).toList();
    }

    /** The console with the token kept, the camera selected and its channel's recordings of {@code day} shown. */
    private static void openRecordings(LocalDate day) {
        fixture.openWithCameraSelected();
        fixture.clickChannelButton("recordings");
        WebElement timeline = browser.findElement(By.id("timeline"));
        waiting(20).until(d -> "loaded".equals(timeline.getDomAttribute("data-state")));
        assertEquals(LocalDate.now().toString(), timeline.getDomAttribute("data-day"), "today first");
        while (!day.toString().equals(timeline.getDomAttribute("data-day"))) {
            browser.findElement(By.id("day-prev")).click();
        }
        waiting(20).until(d -> "loaded".equals(timeline.getDomAttribute("data-state")));
    }

    /** Where on the timeline (offset from its centre, in pixels) the time {@code epoch} of {@code day} lies. */
    private static int offsetOf(LocalDate day, long epoch) {
        ZoneId zone = ZoneId.systemDefault();
        long dayStart = day.atStartOfDay(zone).toEpochSecond();
        long dayLength = day.plusDays(1).atStartOfDay(zone).toEpochSecond() - dayStart;
        double width = timelineWidth();
        return (int) Math.round((epoch - dayStart) * width / dayLength - width / 2);
    }

    private static double timelineWidth() {
        return ((Number) browser.executeScript("return document.getElementById('timeline').getBoundingClientRect().width")).doubleValue();
    }

    @Test
    void theDayShowsTheCamerasRecordingsAndThePickerMovesBetweenDays() throws Exception {
        LocalDate yesterday = LocalDate.now().minusDays(1);
        openRecordings(yesterday);
        List<JsonObject> expected = recorded(yesterday);
        assertTrue(expected.size() >= 7, "3-hour files every 3.5 hours: " + expected);
        assertEquals(expected.stream().map(i -> String.valueOf(i.getLong("startEpoch"))).toList(), shownStarts(),
                "the day's files, as the API lists them");
        List<WebElement> segments = browser.findElements(By.cssSelector("#timeline-segments div"));
        assertEquals(expected.stream().map(i -> i.getString("type")).toList(),
                segments.stream().map(s -> s.getDomAttribute("class")).toList(), "alarm and time recordings told apart");
        assertTrue(segments.stream().anyMatch(s -> "alarm".equals(s.getDomAttribute("class"))), "every second file is an alarm recording");
        // a file of 3 hours (the second one lies wholly in the day) is an eighth of the day wide; one starts 3.5 hours after the other
        double width = timelineWidth();
        assertEquals(width / 8, segments.get(1).getRect().getWidth(), 2.0);
        assertEquals(width * 3.5 / 24, segments.get(2).getRect().getX() - segments.get(1).getRect().getX(), 2.0);
        assertTrue(browser.findElement(By.id("records-info")).getText().startsWith(expected.size() + " recordings"));

        WebElement next = browser.findElement(By.id("day-next"));
        assertTrue(next.isEnabled(), "yesterday has a next day");
        next.click();
        WebElement timeline = browser.findElement(By.id("timeline"));
        waiting(20).until(d -> LocalDate.now().toString().equals(timeline.getDomAttribute("data-day"))
                && "loaded".equals(timeline.getDomAttribute("data-state")));
        assertEquals(recordedStarts(LocalDate.now()).stream().map(String::valueOf).toList(), shownStarts(), "today's files so far");
        assertFalse(next.isEnabled(), "no day after today");
        assertFalse(browser.findElement(By.id("vcr")).isDisplayed(), "no playback controls before a playback");
    }

    @Test
    void aClickPlaysBackFromThereAndPauseSpeedDragAndStopReachTheCamera() throws Exception {
        LocalDate yesterday = LocalDate.now().minusDays(1);
        openRecordings(yesterday);
        long dayStart = yesterday.atStartOfDay(ZoneId.systemDefault()).toEpochSecond();
        // a whole 3-hour file of the day's middle
        long fileStart = recordedStarts(yesterday).stream().filter(s -> s >= dayStart + 7200).findFirst().orElseThrow();
        WebElement timeline = browser.findElement(By.id("timeline"));
        WebElement panel = browser.findElement(By.id("player-panel"));

        // a click 20 minutes into the file plays from there (to the file's end)
        new Actions(browser).moveToElement(timeline, offsetOf(yesterday, fileStart + 1200), 0).click().perform();
        waiting(40).until(d -> videoTime() > 0 && "playback".equals(panel.getDomAttribute("data-kind")));
        String streamId = panel.getDomAttribute("data-stream-id");
        assertNotNull(streamId);
        assertEquals(704.0, ((Number) video().get("width")).doubleValue(), video().toString());
        double started = videoTime();
        waiting(15).until(d -> videoTime() > started + 1.5);
        assertTrue(streams().encode().contains(streamId), "the API lists the playback");
        long position = Long.parseLong(timeline.getDomAttribute("data-position"));
        double secondsPerPixel = 86_400 / timelineWidth();
        assertTrue(Math.abs(position - (fileStart + 1200)) < 2 * secondsPerPixel + 30,
                "the cursor is where the click was: " + (position - fileStart) + " s into the file");

        // pause: the camera pauses and the video stands still
        browser.findElement(By.id("vcr-pause")).click();
        until(10, () -> replay() != null && replay()[2] == 1);
        waiting(5).until(d -> Boolean.TRUE.equals(video().get("paused")));
        double pausedAt = videoTime();
        Thread.sleep(1500);
        assertEquals(pausedAt, videoTime(), 0.001, "no progress while paused");
        assertEquals("Resume", browser.findElement(By.id("vcr-pause")).getText());

        browser.findElement(By.id("vcr-pause")).click();
        until(10, () -> replay()[2] == 0);
        waiting(15).until(d -> videoTime() > pausedAt + 1.0);

        // speed 4: sent as scale 4, and the video plays the faster media at 4x
        new Select(browser.findElement(By.id("vcr-speed"))).selectByValue("4");
        until(10, () -> replay()[1] == 4.0);
        waiting(5).until(d -> ((Number) video().get("rate")).doubleValue() == 4.0);
        // measured once the video plays on at the new rate
        double rateSetAt = videoTime();
        waiting(10).until(d -> videoTime() > rateSetAt + 1.0);
        double fastFrom = videoTime();
        long wallFrom = System.nanoTime();
        Thread.sleep(4000);
        double mediaPerWall = (videoTime() - fastFrom) / ((System.nanoTime() - wallFrom) / 1e9);
        assertTrue(mediaPerWall > 1.8, "the video runs faster than real time at 4x: " + mediaPerWall);
        new Select(browser.findElement(By.id("vcr-speed"))).selectByValue("1");
        until(10, () -> replay()[1] == 1.0);

        // drag from 40 minutes into the file to 2 hours into it: the same playback seeks there
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "console-timeline.png"),
                StandardCopyOption.REPLACE_EXISTING);
        long target = fileStart + 7200;
        long playbackStart = Long.parseLong(browser.findElement(By.id("vcr")).getDomAttribute("data-start"));
        new Actions(browser).moveToElement(timeline, offsetOf(yesterday, fileStart + 2400), 0).clickAndHold()
                .moveByOffset(10, 0).moveByOffset(10, 0)
                .moveToElement(timeline, offsetOf(yesterday, target), 0).release().perform();
        waiting(10).until(d -> d.findElement(By.id("vcr-result")).getText().startsWith("seek to"));
        double sent = replay()[0];
        double asked = target - playbackStart;
        assertTrue(sent > asked - secondsPerPixel - 5 && sent < asked + secondsPerPixel + 10,
                "the camera went to the dropped time: " + sent + " s from the playback's start, asked about " + asked);
        assertEquals(streamId, panel.getDomAttribute("data-stream-id"), "a seek of the same playback, not a new one");
        double seekedAt = videoTime();
        waiting(15).until(d -> videoTime() > seekedAt + 1.0);
        waiting(15).until(d -> Math.abs(Long.parseLong(timeline.getDomAttribute("data-position")) - target) < secondsPerPixel + 30);

        // Stop playback ends the stream; the timeline stays for the next click
        browser.findElement(By.id("vcr-stop")).click();
        long deadline = System.currentTimeMillis() + 10_000;
        while (streams().getInteger("total") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, streams().getInteger("total"), "the playback is stopped: " + streams().encode());
        until(10, () -> camera().media().callIds().isEmpty());
        assertFalse(browser.findElement(By.id("vcr")).isDisplayed());
        assertTrue(timeline.isDisplayed(), "the timeline stays");
    }

    @Test
    void theCamerasEndOfFileEndsThePlaybackInTheConsole() throws Exception {
        // 20-second files every 10 minutes: a click plays the file under it, or the next one, to its end
        camera().recordings().plan(new Recordings.Plan(2, 20, 580, 0, 10, 0, false));
        try {
            LocalDate yesterday = LocalDate.now().minusDays(1);
            openRecordings(yesterday);
            long dayStart = yesterday.atStartOfDay(ZoneId.systemDefault()).toEpochSecond();
            WebElement timeline = browser.findElement(By.id("timeline"));
            new Actions(browser).moveToElement(timeline, offsetOf(yesterday, dayStart + 12 * 3600), 0).click().perform();
            WebElement result = browser.findElement(By.id("vcr-result"));
            waiting(40).until(d -> videoTime() > 0);
            waiting(40).until(d -> result.getText().startsWith("The recording ended"));
            assertFalse(browser.findElement(By.id("vcr-pause")).isEnabled(), "nothing to pause after the end");
            until(10, () -> camera().media().callIds().isEmpty());
            assertEquals(0, streams().getInteger("total"), "the playback is gone: " + streams().encode());
        } finally {
            camera().recordings().plan(PLAN);
        }
    }
}
