package io.notifications.api.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver (so nothing is downloaded), with a
 * profile of its own that {@link #close()} deletes. The browser tests of the console and the inbox use it.
 *
 * <p>No browser is no reason to skip: without Chromium or chromedriver, {@link #open} fails, naming what to install.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where the browser tests keep a screenshot of each step. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static HeadlessChromium open() throws IOException {
        File chromium = new File(System.getProperty("console.test.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("console.test.chromedriver", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            throw new AssertionError("The browser test needs Chromium at " + chromium + " and chromedriver at " + chromedriver
                    + ": apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
        }
        // The driver is named outright, so Selenium Manager never looks for one (nor goes to the network).
        System.setProperty("webdriver.chrome.driver", chromedriver.getPath());
        Path profile = Files.createTempDirectory("browser-test-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1500", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        Files.createDirectories(SCREENSHOTS);
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The page as it is now, to {@code target/screenshots/<name>.png}. */
    public void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
