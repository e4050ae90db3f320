package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.PtzState;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
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
 * The console's control of a camera in a real browser, against the whole mesh and a simulated camera
 * whose state the test reads: holding a direction turns the dome and letting go stops it, presets are
 * set, called and deleted from the panel, a device command runs only once confirmed and shows the
 * device's answer, and an alarm the camera raises appears in the alarms table without a reload.
 * Skipped where Chromium and chromedriver are not installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleControlBrowserTest {
    private static final String TOKEN = "gbm_console-control-0123456789abcdef";

    @TempDir
    static Path data;
    private static ConsoleBrowser fixture;
    private static OneJvmMesh mesh;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        fixture = ConsoleBrowser.start("console-control", 39000, 1, data, TOKEN);
        mesh = fixture.mesh;
        browser = fixture.browser;
        fixture.showing(() -> ", PTZ: '" + fixture.text("ptz-result") + "', command: '" + fixture.text("command-result")
                + "', alarms: '" + fixture.text("alarms-live") + " " + fixture.text("alarms-info") + "', dome: " + dome());
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static SimulatedDevice camera() {
        return mesh.camera.device(0);
    }

    private static String channel() {
        return camera().channelIds().get(0);
    }

    private static PtzState.Position dome() {
        return camera().controls().ptz(channel()).position();
    }

    private static WebDriverWait waiting(int seconds) {
        return fixture.waiting(seconds);
    }

    private static void until(int seconds, BooleanSupplier condition) {
        fixture.until(seconds, condition);
    }

    /** The console with the token already kept, as a returning user opens it, and the camera's device selected. */
    private static void openWithCameraSelected() {
        fixture.openWithCameraSelected();
    }

    private static void openPtzPanel() {
        // each test starts with the dome facing away from 0/360, so that no motion of a test wraps around
        camera().controls().ptz(channel()).moveTo(180, 0, 1);
        openWithCameraSelected();
        browser.findElement(By.cssSelector("#channels tr[data-channel-id='" + channel() + "'] button.control")).click();
        waiting(10).until(d -> d.findElement(By.id("ptz-panel")).isDisplayed()
                && !d.findElements(By.cssSelector("#presets li")).isEmpty()
                && !d.findElement(By.cssSelector("#presets li")).getText().contains("asking"));
        assertFalse(browser.findElement(By.id("video-box")).isDisplayed(), "PTZ alone plays no video");
    }

    private static WebElement ptzButton(String command) {
        return browser.findElement(By.cssSelector("#ptz-panel button[data-ptz='" + command + "']"));
    }

    /** Holds a direction until the dome has turned past {@code degrees} from where it was, then lets go. */
    private static void holdRight(double degrees) {
        double from = dome().pan();
        new Actions(browser).clickAndHold(ptzButton("right")).perform();
        until(10, () -> dome().moving() && dome().pan() - from > degrees);
        new Actions(browser).release().perform();
        until(10, () -> !dome().moving());
    }

    @Test
    void holdingADirectionTurnsTheDomeAndLettingGoStopsIt() throws Exception {
        openPtzPanel();
        double from = dome().pan();
        holdRight(5);
        double stopped = dome().pan();
        assertTrue(stopped - from > 5, "turned right while held: " + from + " -> " + stopped);
        assertEquals("A50F0100000000B5", camera().controls().ptz(channel()).lastCommand(), "the release sent stop");
        // the dome stays where the release left it: poll a moment for any motion still queued
        long end = System.currentTimeMillis() + 700;
        while (System.currentTimeMillis() < end) {
            assertFalse(dome().moving(), "still stopped: " + dome());
            Thread.sleep(50);
        }
        assertEquals(stopped, dome().pan(), 0.01);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "console-ptz.png"),
                StandardCopyOption.REPLACE_EXISTING);
        until(5, () -> browser.findElement(By.id("ptz-result")).getText().equals("stop: OK"));

        new Actions(browser).clickAndHold(ptzButton("zoomin")).perform();
        until(10, () -> dome().zoom() > 1.5);
        new Actions(browser).release().perform();
        until(10, () -> !dome().moving());
    }

    @Test
    void aHeldMotionWhoseReleaseIsLostStopsByItself() {
        openPtzPanel();
        new Actions(browser).clickAndHold(ptzButton("left")).perform();
        until(10, () -> dome().moving());
        long lost = System.nanoTime();
        // the page goes away with the button still down: no release, no stop from the console
        browser.get("about:blank");
        until(15, () -> !dome().moving());
        long seconds = (System.nanoTime() - lost) / 1_000_000_000L;
        assertTrue(seconds <= 6, "stopped by the gateway within the motion's durationMs, not later: " + seconds + " s");
        assertEquals("A50F0100000000B5", camera().controls().ptz(channel()).lastCommand(), "the gateway sent stop");
        new Actions(browser).release().perform();
    }

    @Test
    void aPresetIsSetCalledAndDeletedFromThePanel() throws Exception {
        openPtzPanel();
        holdRight(10);
        double saved = dome().pan();
        browser.findElement(By.id("preset-number")).sendKeys("7");
        browser.findElement(By.id("preset-set")).click();
        until(10, () -> camera().controls().presets(channel()).contains(7));
        By item = By.cssSelector("#presets li[data-preset='7']");
        waiting(10).until(d -> !d.findElements(item).isEmpty());
        assertTrue(browser.findElement(item).getText().contains("预置点 7"), "the device's name for it is listed");
        assertEquals("set preset 7: OK", browser.findElement(By.id("ptz-result")).getText());

        holdRight(10);
        assertTrue(Math.abs(dome().pan() - saved) > 5, "turned away from the preset");
        browser.findElement(item).findElement(By.cssSelector("button.call")).click();
        until(10, () -> Math.abs(dome().pan() - saved) < 0.01);
        waiting(5).until(d -> d.findElement(By.id("ptz-result")).getText().equals("call preset 7: OK"));

        browser.findElement(item).findElement(By.cssSelector("button.delete")).click();
        until(10, () -> !camera().controls().presets(channel()).contains(7));
        waiting(10).until(d -> d.findElements(item).isEmpty());
    }

    @Test
    void aDeviceCommandRunsOnlyOnceConfirmedAndShowsTheDevicesAnswer() {
        openWithCameraSelected();
        WebElement guard = browser.findElement(By.cssSelector("#device-commands button[data-command='guard']"));
        WebElement confirm = browser.findElement(By.id("command-confirm"));
        WebElement result = browser.findElement(By.id("command-result"));

        guard.click();
        assertTrue(confirm.isDisplayed(), "asked first");
        assertTrue(confirm.getText().contains(camera().deviceId()), confirm.getText());
        browser.findElement(By.id("command-cancel")).click();
        assertFalse(confirm.isDisplayed());
        assertFalse(camera().controls().guarded(), "nothing sent when cancelled");

        guard.click();
        browser.findElement(By.id("command-ok")).click();
        waiting(10).until(d -> "ok".equals(result.getDomAttribute("data-outcome")));
        assertTrue(result.getText().endsWith(": OK"), result.getText());
        assertTrue(camera().controls().guarded(), "the camera is armed");

        new Select(browser.findElement(By.id("command-target"))).selectByValue(channel());
        browser.findElement(By.cssSelector("#device-commands button[data-command='record']")).click();
        assertTrue(confirm.getText().contains(channel()), "asked about the channel: " + confirm.getText());
        browser.findElement(By.id("command-ok")).click();
        waiting(10).until(d -> "ok".equals(result.getDomAttribute("data-outcome")) && result.getText().contains("Record"));
        assertTrue(camera().controls().recording(channel()), "the channel records");
        new Select(browser.findElement(By.id("command-target"))).selectByValue("");

        camera().controls().refuse("IFameCmd", "IFrame unsupported here");
        try {
            browser.findElement(By.cssSelector("#device-commands button[data-command='iframe']")).click();
            browser.findElement(By.id("command-ok")).click();
            waiting(10).until(d -> "error".equals(result.getDomAttribute("data-outcome")));
            assertTrue(result.getText().contains("IFrame unsupported here"), "the device's words: " + result.getText());
        } finally {
            camera().controls().acceptAll();
        }
    }

    @Test
    void anAlarmTheCameraRaisesAppearsInTheTableWithoutReload() throws Exception {
        openWithCameraSelected();
        waiting(10).until(d -> "live".equals(d.findElement(By.id("alarms-live")).getDomAttribute("data-state")));
        Object page = browser.executeScript("return window.performance.timeOrigin");

        assertEquals(200, Await.await(camera().raiseAlarm("1", "2", "1", "intrusion at the gate")));
        By intrusion = By.xpath("//table[@id='alarms']//tr[td[text()='intrusion at the gate']]");
        waiting(15).until(d -> !d.findElements(intrusion).isEmpty());
        assertEquals(camera().deviceId(), browser.findElement(intrusion).getDomAttribute("data-device-id"));
        assertEquals(page, browser.executeScript("return window.performance.timeOrigin"), "the page was not reloaded");

        // filtered to priority 4: the table lists only those, and the live feed adds only those
        new Select(browser.findElement(By.id("alarm-priority"))).selectByValue("4");
        browser.findElement(By.cssSelector("#alarm-filters button[type='submit']")).click();
        waiting(10).until(d -> d.findElements(intrusion).isEmpty()
                && "live".equals(d.findElement(By.id("alarms-live")).getDomAttribute("data-state")));
        assertEquals(200, Await.await(camera().raiseAlarm("1", "2", "1", "another intrusion")));
        assertEquals(200, Await.await(camera().raiseAlarm("4", "5", "2", "video lost")));
        By videoLost = By.xpath("//table[@id='alarms']//tr[td[text()='video lost']]");
        waiting(15).until(d -> !d.findElements(videoLost).isEmpty());
        assertTrue(browser.findElements(By.xpath("//table[@id='alarms']//tr[td[text()='another intrusion']]")).isEmpty(),
                "priority 1 is filtered out");
        browser.executeScript("document.getElementById('alarms-panel').scrollIntoView()");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "console-alarms.png"),
                StandardCopyOption.REPLACE_EXISTING);
        assertTrue(browser.findElements(By.cssSelector("#alarms tbody tr")).stream()
                .allMatch(r -> "4".equals(r.getDomAttribute("data-priority"))), "only priority 4 listed");
    }

    @Test
    void olderAlarmsComeAPageAtATimeNewestFirst() throws Exception {
        int raised = 55;
        for (int i = 1; i <= raised; i++) {
            assertEquals(200, Await.await(camera().raiseAlarm("3", "7", "1", "paged alarm " + i)));
        }
        // stored at the device's alarm rate: wait until the API lists them all
        long deadline = System.currentTimeMillis() + 30_000;
        while (storedWithMethod7().size() != raised && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        List<String> stored = storedWithMethod7();
        assertEquals(raised, stored.size());

        openWithCameraSelected();
        new Select(browser.findElement(By.id("alarm-method"))).selectByValue("7");
        browser.findElement(By.cssSelector("#alarm-filters button[type='submit']")).click();
        WebElement older = browser.findElement(By.id("alarms-older"));
        waiting(10).until(d -> String.valueOf(d.findElement(By.cssSelector("#alarms tbody")).getDomAttribute("data-listed"))
                .contains("method=7") && shownAlarms().size() == 50 && older.isDisplayed());
        assertEquals(stored.subList(0, 50), shownAlarms(), "the first page, newest first, as the API lists them");

        older.click();
        waiting(10).until(d -> shownAlarms().size() == raised);
        assertEquals(stored, shownAlarms(), "the next page follows the last row");
        assertFalse(older.isDisplayed(), "no page after the last");
        assertTrue(browser.findElement(By.id("alarms")).getText().contains("paged alarm 1"));
    }

    private static List<String> shownAlarms() {
        return browser.findElements(By.cssSelector("#alarms tbody tr")).stream().map(r -> r.getDomAttribute("data-alarm-id")).toList();
    }

    /** The alarm IDs the API lists with method 7, in its order (newest first). */
    private static List<String> storedWithMethod7() {
        try {
            HttpResponse<String> r = fixture.api("GET", "/alarms?method=7&limit=500");
            assertEquals(200, r.statusCode(), r.body());
            return new JsonObject(r.body()).getJsonArray("items").stream().map(a -> ((JsonObject) a).getString("alarmId")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
