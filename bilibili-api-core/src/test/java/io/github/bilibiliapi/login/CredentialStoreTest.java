package io.github.bilibiliapi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory and file stores: round trips, atomic replace, permissions, corruption, secrets. */
class CredentialStoreTest {

    static final Credential FULL = Credential.builder().sessdata("storesess0%2C1999999999%2Cab%2A11")
            .biliJct("storejct0123456789abcdef01234567").dedeuserid("4242").dedeuseridCkMd5("0123456789abcdef")
            .sid("storesid").buvid3("AAAA-infoc").buvid4("BBBB").refreshToken("storetoken0123456789abcdef012345")
            .build();

    @TempDir
    Path dir;

    @Test
    void inMemoryRoundTrip() {
        InMemoryCredentialStore store = new InMemoryCredentialStore();
        assertThat(store.load()).isEmpty();
        assertThat(store.credential()).isEqualTo(Credential.empty());
        store.save(FULL);
        assertThat(store.credential()).isEqualTo(FULL);
        assertThat(store.toString()).doesNotContain("storesess0", "storejct0", "storetoken0", "storesid");
        store.clear();
        assertThat(store.load()).isEmpty();
        assertThatThrownBy(() -> store.save(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void fileRoundTripOwnerOnlyAndReopen() throws Exception {
        Path file = dir.resolve("sub/dir/login.json");
        FileCredentialStore store = FileCredentialStore.open(file);
        assertThat(store.load()).isEmpty();
        assertThat(Files.exists(file)).isFalse();
        store.save(FULL);
        assertThat(store.credential()).isEqualTo(FULL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(FileCredentialStore.open(file).credential()).isEqualTo(FULL);
        String json = Files.readString(file);
        assertThat(json).contains("\"SESSDATA\"", "\"ac_time_value\"", "\"DedeUserID__ckMd5\"", "\"sid\"");
        assertThat(store.toString()).contains(file.toString()).doesNotContain("storesess0", "storetoken0");
        // a raw SESSDATA (with ',') is stored raw and read back equal
        Credential raw = FULL.toBuilder().sessdata("raw,1999999999,ab*11").build();
        store.save(raw);
        assertThat(FileCredentialStore.open(file).credential()).isEqualTo(raw);
        // replace leaves no temporary files behind
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("login.json");
        }
        store.clear();
        assertThat(Files.exists(file)).isFalse();
        assertThat(FileCredentialStore.open(file).load()).isEmpty();
    }

    @Test
    void readersSeeTheOldOrTheNewFileNeverAMix() throws Exception {
        Path file = dir.resolve("login.json");
        FileCredentialStore writer = FileCredentialStore.open(file);
        Credential a = FULL.toBuilder().sessdata("A".repeat(2000)).build();
        Credential b = FULL.toBuilder().sessdata("B".repeat(2000)).build();
        writer.save(a);
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            started.countDown();
            while (!stop.get()) {
                try {
                    Credential c = FileCredentialStore.open(file).credential();
                    if (!c.equals(a) && !c.equals(b)) {
                        errors.add(new AssertionError("a mixed or empty credential was read"));
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        });
        reader.start();
        started.await();
        for (int i = 0; i < 200; i++) {
            writer.save(i % 2 == 0 ? b : a);
        }
        stop.set(true);
        reader.join();
        assertThat(errors).isEmpty();
    }

    @Test
    void corruptFileIsAClearErrorAndIsKept() throws Exception {
        Path file = dir.resolve("login.json");
        String corrupt = "{\"SESSDATA\": \"corruptsecret0value\", \"bili_jct\": ";
        Files.writeString(file, corrupt);
        assertThatThrownBy(() -> FileCredentialStore.open(file)).isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("corruptsecret0value").hasNoCause();
        assertThat(Files.readString(file)).isEqualTo(corrupt);

        Files.writeString(file, "[1,2]");
        assertThatThrownBy(() -> FileCredentialStore.open(file)).hasMessageContaining("JSON object");
        Files.writeString(file, "{\"SESSDATA\": 12}");
        assertThatThrownBy(() -> FileCredentialStore.open(file)).hasMessageContaining("SESSDATA is not a string");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> FileCredentialStore.open(file)).isInstanceOf(CredentialStoreException.class);
        assertThat(Files.readAllBytes(file)).containsExactly((byte) 0xff, (byte) 0xfe, 0);
        assertThatThrownBy(() -> FileCredentialStore.open(dir)).isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("directory");
    }

    @Test
    void aFailedWriteKeepsThePreviousCredentialAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("login.json");
        FileCredentialStore store = FileCredentialStore.open(file);
        store.save(FULL);
        // the target becomes a non-empty directory: the final move fails (works as root too)
        Files.delete(file);
        Files.createDirectories(file.resolve("blocker"));
        Credential next = FULL.toBuilder().sessdata("next").build();
        assertThatThrownBy(() -> store.save(next)).isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("previous credential is kept").hasMessageNotContaining("storesess0");
        assertThat(store.credential()).isEqualTo(FULL);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("login.json");
        }
    }
}
