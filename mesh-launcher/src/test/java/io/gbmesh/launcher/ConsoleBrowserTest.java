package io.gbmesh.launcher;

import static io.gbmesh.launcher.ConsoleBrowser.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser, as a new user meets it: two simulated cameras come online in
 * the device list, a click shows a camera's channels, Play starts the live video and the browser
 * decodes it (the capture's 704x576 H.264, fetched as HTTP-FLV from the media node's port, another
 * origin), and Stop ends the stream in the API. Skipped where Chromium and chromedriver are not
 * installed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {
    private static final String TOKEN = "gbm_console-test-0123456789abcdef";

    @TempDir
    Path data;
    private ConsoleBrowser fixture;
    private OneJvmMesh mesh;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        fixture = ConsoleBrowser.start("console", 37000, 2, data, TOKEN);
        mesh = fixture.mesh;
        browser = fixture.browser;
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private String console() {
        return "http://127.0.0.1:" + mesh.api.httpPort() + "/";
    }

    private WebDriverWait waiting(int seconds) {
        return fixture.waiting(seconds);
    }

    private Map<String, Object> video() {
        return fixture.video();
    }

    private JsonObject streams() throws Exception {
        return fixture.streams();
    }

    @Test
    void aNewUserSeesTheCamerasOnlineAndPlaysOneLiveInTheBrowser() throws Exception {
        long began = System.nanoTime();
        browser.get(console());
        assertTrue(browser.getCurrentUrl().endsWith("/console/"), browser.getCurrentUrl());

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("save-token")).click();
        SimulatedDevice camera = mesh.camera.device(0);
        String row = "#devices tr[data-device-id='" + camera.deviceId() + "']";
        waiting(30).until(d -> d.findElements(By.cssSelector("#devices tr[data-online='true']")).size() == 2
                && d.findElement(By.cssSelector(row)).getText().contains("gbmesh-sim"));
        assertEquals(TOKEN, browser.executeScript("return localStorage.getItem('gbmesh.apiToken')"), "the token is kept");

        browser.findElement(By.cssSelector(row)).click();
        String channelId = camera.channelIds().get(0);
        By play = By.cssSelector("#channels tr[data-channel-id='" + channelId + "'] button.play");
        waiting(10).until(d -> !d.findElements(play).isEmpty());
        browser.findElement(play).click();

        waiting(40).until(d -> number(video().get("width")) > 0 && number(video().get("time")) > 0);
        Map<String, Object> first = video();
        assertEquals(704.0, number(first.get("width")), first.toString());
        assertEquals(576.0, number(first.get("height")), first.toString());
        double started = number(first.get("time"));
        waiting(10).until(d -> number(video().get("time")) > started + 1.0);
        assertTrue(browser.findElement(By.id("ptz-panel")).isDisplayed(), "the PTZ panel beside the video");
        Path shot = Path.of("target", "console-playing.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);

        WebElement panel = browser.findElement(By.id("player-panel"));
        String streamId = panel.getDomAttribute("data-stream-id");
        assertTrue(streams().getJsonArray("streams").stream()
                .anyMatch(s -> streamId.equals(((JsonObject) s).getString("streamId"))), "the API lists the stream playing");

        browser.findElement(By.id("stop")).click();
        long deadline = System.currentTimeMillis() + 10_000;
        while (streams().getInteger("total") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, streams().getInteger("total"), "Stop ends the stream: " + streams().encode());
        assertTrue(!panel.isDisplayed(), "the player is put away");
        System.out.printf("console browser test: %d ms from opening the console to stopping the stream%n",
                (System.nanoTime() - began) / 1_000_000);
    }
}
