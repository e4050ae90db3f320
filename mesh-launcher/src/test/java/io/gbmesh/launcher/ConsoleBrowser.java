package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the console's browser tests share: the whole mesh with its API ({@link OneJvmMesh#withApi}),
 * a headless Chromium on the console, the API called with the admin token, the console opened as a
 * returning user (the token kept) with a camera selected, and waits that poll with a deadline and say
 * what the console showed when they time out. Skips the test where Chromium and chromedriver are not
 * installed.
 */
final class ConsoleBrowser implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final OneJvmMesh mesh;
    final ChromeDriver browser;
    final String token;
    /** More of the console's state for a timed-out wait's message (the status line is always given). */
    private Supplier<String> shows = () -> "";

    private ConsoleBrowser(OneJvmMesh mesh, ChromeDriver browser, String token) {
        this.mesh = mesh;
        this.browser = browser;
        this.token = token;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(HeadlessChromium.installed(),
                "needs " + HeadlessChromium.BROWSER + " and " + HeadlessChromium.DRIVER + " (apt-get install chromium chromium-driver)");
    }

    /** The mesh of {@code cameras} cameras with its API and a browser started with {@code chromiumFlags}. */
    static ConsoleBrowser start(String name, int rtpBase, int cameras, Path data, String token, String... chromiumFlags)
            throws Exception {
        assumeInstalled();
        return around(OneJvmMesh.withApi(name, rtpBase, cameras, data, token), token, chromiumFlags);
    }

    /** A browser on a mesh of the test's making (closed with this). */
    static ConsoleBrowser around(OneJvmMesh mesh, String token, String... chromiumFlags) throws Exception {
        assumeInstalled();
        try {
            return new ConsoleBrowser(mesh, HeadlessChromium.start(chromiumFlags), token);
        } catch (RuntimeException e) {
            mesh.close();
            throw e;
        }
    }

    /** What a timed-out wait adds to its message, beside the status line. */
    ConsoleBrowser showing(Supplier<String> more) {
        this.shows = more;
        return this;
    }

    @Override
    public void close() throws Exception {
        try {
            browser.quit();
        } finally {
            mesh.close();
        }
    }

    SimulatedDevice camera() {
        return mesh.camera.device(0);
    }

    String channel() {
        return camera().channelIds().get(0);
    }

    String consoleUrl() {
        return "http://127.0.0.1:" + mesh.api.httpPort() + "/console/";
    }

    WebDriverWait waiting(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        // tables the console rebuilds every few seconds replace the elements a condition looked at
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.withMessage(() -> "console status: '" + text("status") + "'" + shows.get());
        return wait;
    }

    void until(int seconds, BooleanSupplier condition) {
        waiting(seconds).until(d -> condition.getAsBoolean());
    }

    /** The text of the element with that ID ("" when there is none). */
    String text(String id) {
        return browser.findElements(By.id(id)).stream().findFirst().map(e -> e.getText()).orElse("");
    }

    HttpResponse<String> api(String method, String path) throws Exception {
        return api(method, path, null);
    }

    /** Calls the API ({@code path} from {@code /api/v1}) with the admin token and a JSON body or none. */
    HttpResponse<String> api(String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mesh.api.httpPort() + "/api/v1" + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject streams() throws Exception {
        HttpResponse<String> r = api("GET", "/streams");
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** Stops every stream the API lists (a test's leftovers) and leaves the console. */
    void stopAllStreams() throws Exception {
        browser.get("about:blank");
        for (Object s : streams().getJsonArray("streams")) {
            api("DELETE", "/streams/" + ((JsonObject) s).getString("streamId"));
        }
    }

    /** The console as a returning user opens it: the token already kept. */
    void openWithToken() {
        browser.get(consoleUrl());
        browser.executeScript("localStorage.setItem('gbmesh.apiToken', arguments[0])", token);
        browser.navigate().refresh();
    }

    /** The console opened with the token kept and the camera's device selected, its channels listed. */
    void openWithCameraSelected() {
        openWithToken();
        String row = "#devices tr[data-device-id='" + camera().deviceId() + "'][data-online='true']";
        waiting(30).until(d -> !d.findElements(By.cssSelector(row)).isEmpty());
        browser.findElement(By.cssSelector(row)).click();
        waiting(10).until(d -> !d.findElements(By.cssSelector("#channels tr[data-channel-id='" + channel() + "']")).isEmpty());
    }

    /** Clicks a button ({@code play}, {@code control}, {@code recordings}) of the camera's first channel. */
    void clickChannelButton(String buttonClass) {
        By button = By.cssSelector("#channels tr[data-channel-id='" + channel() + "'] button." + buttonClass);
        waiting(10).until(d -> !d.findElements(button).isEmpty());
        browser.findElement(button).click();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> video() {
        return (Map<String, Object>) browser.executeScript("const v = document.getElementById('player');"
                + "return {width: v.videoWidth, height: v.videoHeight, time: v.currentTime, ready: v.readyState,"
                + " paused: v.paused, rate: v.playbackRate, error: v.error ? v.error.message : null,"
                + " audioBytes: v.webkitAudioDecodedByteCount, videoBytes: v.webkitVideoDecodedByteCount};");
    }

    static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    void screenshot(String name) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
