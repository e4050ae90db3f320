package io.gbmesh.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium ({@code apt-get install chromium chromium-driver}) driven through its own
 * chromedriver, headless. Both paths are given explicitly, so Selenium never looks for (or
 * downloads) a browser or driver of its own.
 */
final class HeadlessChromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * The test speaks WebDriver only, never the DevTools protocol, so Selenium's warning that it has
     * no DevTools binding for this Chromium's version is noise. Held here: JUL keeps loggers weakly.
     */
    private static final Logger DEVTOOLS_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Logger CHROMIUM_DRIVER_LOG = quiet("org.openqa.selenium.chromium.ChromiumDriver");

    private HeadlessChromium() {
    }

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    static ChromeDriver start() {
        return start(new String[0]);
    }

    /** As {@link #start()}, with more Chromium flags (a fake microphone, say). */
    static ChromeDriver start(String... moreArguments) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1000",
                        "--no-first-run", "--disable-extensions")
                .addArguments(moreArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }
}
