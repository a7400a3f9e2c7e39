package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.FileSystemUtils;

/**
 * End to end in a real browser: headless Debian Chromium opens the sample's page (offline mode), connects to a live
 * room and must see danmaku from the fake bilibili appear, pushed through the WebSocket client, the SSE stream and the
 * page's JavaScript. {@code .ci/run} installs {@code chromium} and {@code chromium-driver}; on a machine without them the
 * test is skipped with a message saying so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.offline.danmaku-interval-ms=200")
@ActiveProfiles("offline")
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
    void danmakuAppearsInThePage() {
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("connected"));
        wait.until(d -> !d.findElements(By.cssSelector("#danmaku li[data-type='DANMU_MSG']")).isEmpty());
        String text = browser.findElement(By.cssSelector("#danmaku li[data-type='DANMU_MSG']")).getText();
        assertThat(text).startsWith("DANMU_MSG").contains(":");
    }

    @Test
    void sendingFromThePageComesBackAsDanmaku() {
        browser.get("http://127.0.0.1:" + port + "/");
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("connected"));
        browser.findElement(By.id("say")).sendKeys("hello from chromium");
        browser.findElement(By.id("send")).click();
        wait.until(d -> d.findElement(By.id("sent")).getText().equals("sent"));
        // the fake accepted it as the offline account and echoed it to the room, through SSE into the page
        wait.until(d -> d.findElements(By.cssSelector("#danmaku li[data-type='DANMU_MSG']")).stream()
                .anyMatch(li -> li.getText().contains("hello from chromium")));
    }
}
