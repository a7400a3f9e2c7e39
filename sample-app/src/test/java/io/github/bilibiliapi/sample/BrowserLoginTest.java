package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bilibiliapi.login.CredentialStore;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.FileSystemUtils;

/**
 * The QR login page in headless Chromium (offline mode): a QR image appears, the fake "phone" scans and confirms, the
 * page shows each state and then the logged-in user's name and face; the app's credential store holds the login.
 * Skipped with a message where Debian's chromium and chromium-driver are not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("offline")
class BrowserLoginTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    CredentialStore store;

    private Path profile;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(BrowserDanmakuTest.CHROMIUM))
                && Files.isExecutable(Path.of(BrowserDanmakuTest.CHROMEDRIVER)),
                "Debian chromium and chromium-driver are not installed (.ci/run installs them)");
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserDanmakuTest.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(BrowserDanmakuTest.CHROMEDRIVER)).usingAnyFreePort().build();
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
    void scanConfirmAndSeeTheUser() {
        // the offline profile starts logged in with the fake's test account: log out first
        store.clear();
        assertThat(store.credential().hasSessdata()).isFalse();
        browser.get("http://127.0.0.1:" + port + "/login.html");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.findElement(By.id("new-code")).click();
        wait.until(d -> d.findElement(By.id("state")).getText().equals("waiting"));
        assertThat(browser.findElement(By.id("qr")).getAttribute("src")).startsWith("data:image/png;base64,");
        browser.findElement(By.id("phone-scan")).click();
        wait.until(d -> d.findElement(By.id("state")).getText().equals("scanned"));
        browser.findElement(By.id("phone-confirm")).click();
        wait.until(d -> d.findElement(By.id("state")).getText().equals("confirmed"));
        wait.until(d -> d.findElement(By.id("user")).isDisplayed());
        assertThat(browser.findElement(By.id("name")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("face")).getAttribute("src")).startsWith("https://");
        assertThat(browser.findElement(By.id("mid")).getText()).isEqualTo("mid " + FakeBilibiliState.DEFAULT_MID);
        assertThat(store.credential().dedeuserid()).isEqualTo(Long.toString(FakeBilibiliState.DEFAULT_MID));
        assertThat(store.credential().hasRefreshToken()).isTrue();
    }
}
