package io.github.bilibiliapi.sample.offline;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Offline only: the fake bilibili plays the phone. {@code POST /offline/phone/scan} and {@code /offline/phone/confirm}
 * scan and confirm the QR code generated last, as the bilibili app would, logging in as the fake's test account.
 */
@RestController
@RequestMapping("/offline/phone")
@Profile(OfflineBilibili.PROFILE)
class OfflinePhoneController {

    private final PassportState passport;

    OfflinePhoneController(FakeBilibiliServer fake) {
        this.passport = fake.module(PassportModule.class).passport();
    }

    @PostMapping("/scan")
    Map<String, String> scan() {
        passport.scan(latest());
        return Map.of("phone", "scanned");
    }

    @PostMapping("/confirm")
    Map<String, String> confirm() {
        passport.confirm(latest(), FakeBilibiliState.DEFAULT_MID);
        return Map.of("phone", "confirmed");
    }

    private String latest() {
        return passport.latestQrKey()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "no QR code was generated"));
    }
}
