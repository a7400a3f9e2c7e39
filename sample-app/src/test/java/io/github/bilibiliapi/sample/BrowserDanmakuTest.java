package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.FileSystemUtils;

/**
 * End to end in a real browser: headless Debian Chromium opens the sample's page (offline mode), connects to a live
 * room and must see danmaku from the fake bilibili appear as a chat (name, medal, text with emoticon images), gifts and
 * super chats as lines of their own and the viewer counts, pushed through the WebSocket client, the SSE stream
 * ({@code DanmakuFlux.room}) and the page's JavaScript; it sends from the page when logged in and sees no send box
 * when logged out. {@code .ci/run} installs {@code chromium} and {@code chromium-driver}; on a machine without them the
 * test is skipped with a message saying so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.offline.danmaku-interval-ms=200")
@ActiveProfiles("offline")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserDanmakuTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Value("${local.server.port}")
    int port;

    private Path profile;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "Debian chromium and chromium-driver are not installed (.ci/run installs them)");
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }

    @Test
    @Order(1)
    void danmakuGiftsSuperChatsAndViewerCountsAreShownAsAChat() {
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("connected"));
        // a chat line: who, then what; the fixture's "白花300块[热]" carries the [热] emoticon as an image
        wait.until(d -> !d.findElements(By.cssSelector("#danmaku li.chat img.emoticon")).isEmpty());
        WebElement emoticon = browser.findElement(By.cssSelector("#danmaku li.chat img.emoticon"));
        assertThat(emoticon.getAttribute("alt")).isEqualTo("[热]");
        assertThat(emoticon.getAttribute("src")).startsWith("https://").contains("hdslb.com");
        WebElement chat = emoticon.findElement(By.xpath("ancestor::li"));
        assertThat(chat.findElement(By.cssSelector(".user")).getText()).isNotBlank();
        assertThat(chat.findElement(By.cssSelector(".text")).getText()).isEqualTo("白花300块");
        // a medal is shown with its name and level on the lines that wear one
        wait.until(d -> !d.findElements(By.cssSelector("#danmaku li.chat .medal b")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#danmaku li.chat .medal b")).getText()).matches("\\d+");
        // gifts and super chats are their own kinds of line, styled apart from chat
        wait.until(d -> !d.findElements(By.cssSelector("#danmaku li.gift")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#danmaku li.gift")).getCssValue("background-color"))
                .isNotEqualTo(browser.findElement(By.cssSelector("#danmaku li.chat")).getCssValue("background-color"));
        wait.until(d -> !d.findElements(By.cssSelector("#danmaku li.superchat .sc-body")).isEmpty());
        WebElement sc = browser.findElement(By.cssSelector("#danmaku li.superchat"));
        assertThat(sc.findElement(By.cssSelector(".price")).getText()).matches("¥\\d+");
        assertThat(sc.findElement(By.cssSelector(".sc-body")).getText()).isNotBlank();
        // the viewer counts follow ONLINE_RANK_COUNT and WATCHED_CHANGE (the fixtures' values)
        wait.until(d -> d.findElement(By.id("online")).getText().equals("1084"));
        wait.until(d -> d.findElement(By.id("watched")).getText().equals("1.7万人看过"));
    }

    @Test
    @Order(2)
    void sendingFromThePageComesBackAsDanmaku() {
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("connected"));
        // the offline profile is logged in as the fake's account: the send box is there, the login hint is not
        wait.until(d -> d.findElement(By.id("sendbox")).isDisplayed());
        assertThat(browser.findElement(By.id("login-hint")).isDisplayed()).isFalse();
        browser.findElement(By.id("say")).sendKeys("hello from chromium");
        browser.findElement(By.id("send")).click();
        wait.until(d -> d.findElement(By.id("sent")).getText().equals("sent"));
        // the fake accepted it as the offline account and echoed it to the room, through SSE into the page
        wait.until(d -> d.findElements(By.cssSelector("#danmaku li.chat")).stream()
                .anyMatch(li -> li.getText().contains("hello from chromium")));
    }

    /** Last, and the context is discarded after it: it logs the application out. */
    @Test
    @Order(3)
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void theSendBoxIsHiddenWhenLoggedOut() throws Exception {
        HttpResponse<String> out = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/login/logout")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
        browser.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("login-hint")).isDisplayed());
        assertThat(browser.findElement(By.id("sendbox")).isDisplayed()).isFalse();
        // the chat itself still works without a login
        browser.findElement(By.id("connect")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#danmaku li.chat")).isEmpty());
    }
}
