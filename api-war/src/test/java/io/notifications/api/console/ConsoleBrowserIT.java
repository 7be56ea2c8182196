package io.notifications.api.console;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.stream.SseClient;
import io.notifications.api.system.DeployedApplication;
import io.notifications.api.system.HeadlessChromium;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.ServerSettings;
import io.notifications.testing.BrokerSystem;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium, driven by Selenium through Debian's chromedriver) against
 * Payara Micro with an admin, the real RabbitMQ and PostgreSQL: the operator logs in, finds an event just posted and
 * opens it, sees the queues and health, finds two parked messages, replays the valid one (which is then stored) and
 * discards the other after confirming. A screenshot of each page goes to {@code target/screenshots/}.
 *
 * <p>No browser is no reason to skip: without Chromium or chromedriver this test fails, naming what to install.
 */
@ExtendWith(TestServices.class) // first: the server reads the settings it writes when it boots
@ExtendWith(WithAdmin.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class)
class ConsoleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    @TargetsContainer(ServerSettings.CONTAINER)
    static WebArchive bundle() {
        return OnPayaraMicro.bundle();
    }

    @ArquillianResource
    URL deploymentUrl;

    private final DatabaseSystem database = TestServices.database();
    private final BrokerSystem broker = TestServices.broker();
    private NotificationApiSystem api;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws IOException {
        api = new NotificationApiSystem(deploymentUrl);
        chromium = HeadlessChromium.open();
        browser = chromium.driver();
        wait = new WebDriverWait(browser, WAIT);
        // The overview redraws its tables on every poll: an element found just before a redraw is gone when read.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theOperatorFollowsAnEventAndReplaysAParkedOne() throws IOException {
        UUID user = UUID.randomUUID();
        UUID posted;
        try (SseClient stream = SseClient.open(URI.create(deploymentUrl.toString()), user, null)) {
            assertTrue(stream.next(WAIT).isComment(), "the user's stream is open");
            posted = acceptedEventId(api.post("{\"user_id\": \"" + user + "\", \"event_type\": \"order_placed\", "
                    + "\"message\": \"Order 1042 placed\", \"payload\": {\"order\": 1042, \"total\": \"99.50 EUR\"}}"));
            assertEquals(posted.toString(), stream.nextEvent(WAIT).id());

            logIn();
            overviewShowsQueuesHealthAndRates();
            overviewShowsTheOpenStreamAndItsDelivery();
        }
        findAndOpen(user, posted);
        replayAndDiscardParkedMessages();
        narrowScreen();
    }

    private void logIn() throws IOException {
        browser.get(url("admin/"));
        wait.until(ExpectedConditions.urlContains("/admin/login"));
        assertEquals("Log in · Notifications console", browser.getTitle());
        browser.findElement(By.id("username")).sendKeys(WithAdmin.USER);
        browser.findElement(By.id("password")).sendKeys(WithAdmin.PASSWORD + "!");
        browser.findElement(By.id("log-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"), "Wrong user name or password"));
        screenshot("login-refused");

        browser.findElement(By.id("username")).sendKeys(WithAdmin.USER);
        browser.findElement(By.id("password")).sendKeys(WithAdmin.PASSWORD);
        browser.findElement(By.id("log-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Logged in as " + WithAdmin.USER));
        assertTrue(browser.getCurrentUrl().endsWith("/admin/"), browser.getCurrentUrl());
    }

    private void overviewShowsQueuesHealthAndRates() throws IOException {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues tr[data-queue='notification_events']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queues tr[data-queue='notification_events.dead']")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-status"), "UP"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#health tr[data-check='rabbitmq']")));
        String consumers = browser.findElement(By.cssSelector("#queues tr[data-queue='notification_events'] td:nth-child(3)")).getText();
        assertEquals("1", consumers, "this server's consumer reads the main queue");
        // The chart needs two samples, taken 5 s apart from the start of the server.
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#chart polyline.series"), 3));
        // The application's counters are registered (ApiMetrics): the event just posted is counted.
        assertEquals("", browser.findElement(By.id("counters-missing")).getText().strip(), "every counter the overview reads exists");
        // The totals are those of the latest sample (every 5 s): the posted event shows in the next one at the latest.
        By accepted = By.xpath("//tbody[@id='rates']/tr[1]/td[2]");
        wait.until(driver -> Long.parseLong("0" + driver.findElement(accepted).getText().replaceAll("\\D", "")) >= 1);
        screenshot("overview");
    }

    private void overviewShowsTheOpenStreamAndItsDelivery() {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#streams td[data-stream='open']"), "1"));
        wait.until(driver -> Long.parseLong("0" + driver.findElement(By.cssSelector("#streams td[data-stream='delivered']"))
                .getText().replaceAll("\\D", "")) >= 1);
        assertEquals("0", browser.findElement(By.cssSelector("#streams td[data-stream='overflowed']")).getText());
    }

    private void findAndOpen(UUID user, UUID posted) throws IOException {
        browser.findElement(By.linkText("Events")).click();
        wait.until(ExpectedConditions.titleIs("Events · Notifications console"));
        browser.findElement(By.id("search-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "A user id is required"));

        browser.findElement(By.id("user_id")).sendKeys(user.toString());
        browser.findElement(By.id("event_type")).sendKeys("order_placed");
        browser.findElement(By.id("search-button")).click();
        By row = By.cssSelector("#events tr[data-event-id='" + posted + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertTrue(browser.findElement(row).getText().contains("Order 1042 placed"), browser.findElement(row).getText());

        browser.findElement(row).findElement(By.cssSelector("button.open-event")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-heading"), posted.toString()));
        String payload = browser.findElement(By.id("detail-payload")).getText();
        assertTrue(payload.contains("\"order\": 1042") && payload.contains("99.50 EUR"), payload);
        String fields = browser.findElement(By.id("detail-fields")).getText();
        assertTrue(fields.contains("Accepted at") && fields.contains("Stored at") && fields.contains(user.toString()), fields);
        screenshot("events");
    }

    private void replayAndDiscardParkedMessages() throws IOException {
        UUID parked = UUID.randomUUID();
        broker.parkRaw(parked.toString(), eventMessage(parked), "database refused the event: a test", 3);
        String invalid = "not-json-" + UUID.randomUUID();
        broker.publishRaw(invalid, "this is not JSON".getBytes(StandardCharsets.UTF_8)); // the consumer parks it

        browser.findElement(By.linkText("Dead letters")).click();
        wait.until(ExpectedConditions.titleIs("Dead letters · Notifications console"));
        By parkedRow = By.cssSelector("#letters tr[data-message-id='" + parked + "']");
        By invalidRow = By.cssSelector("#letters tr[data-message-id='" + invalid + "']");
        wait.until(driver -> {
            if (!driver.findElements(parkedRow).isEmpty() && !driver.findElements(invalidRow).isEmpty()) {
                return true;
            }
            driver.findElement(By.id("refresh")).click();
            return false;
        });
        WebElement letter = browser.findElement(parkedRow);
        assertEquals("database refused the event: a test", letter.findElement(By.cssSelector(".reason")).getText());
        assertEquals("3", letter.findElement(By.cssSelector(".attempts")).getText());
        assertTrue(browser.findElement(invalidRow).findElement(By.cssSelector(".reason")).getText().contains("JSON"),
                browser.findElement(invalidRow).getText());
        screenshot("dead-letters");

        letter.findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.findElement(By.id("replay-selected")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Replayed 1 message"));
        database.awaitStored(parked, WAIT);
        assertTrue(browser.findElements(parkedRow).isEmpty(), "replayed, so no longer listed");

        browser.findElement(invalidRow).findElement(By.cssSelector("input[type=checkbox]")).click();
        browser.findElement(By.id("discard-selected")).click();
        WebElement dialog = browser.findElement(By.id("confirm-discard"));
        wait.until(ExpectedConditions.visibilityOf(dialog));
        assertTrue(dialog.getText().contains("1 message will be deleted for good"), dialog.getText());
        screenshot("dead-letters-confirm-discard");
        browser.findElement(By.id("confirm-discard-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Discarded 1 message"));
        assertTrue(browser.findElements(invalidRow).isEmpty(), "discarded");
        assertEquals(List.of(), database.rowsOf(UUID.nameUUIDFromBytes(invalid.getBytes(StandardCharsets.UTF_8))));
    }

    private void narrowScreen() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 900));
        browser.get(url("admin/"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-status"), "UP"));
        screenshot("overview-narrow");
        browser.get(url("admin/dead-letters"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Listed"));
        screenshot("dead-letters-narrow");
    }

    private String url(String path) {
        return deploymentUrl.toString().replaceAll("/$", "") + "/" + path;
    }

    private void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }

    private static byte[] eventMessage(UUID eventId) {
        return ("{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", "
                + "\"event_type\": \"user_registered\", \"message\": \"Welcome back!\", "
                + "\"accepted_at\": \"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
