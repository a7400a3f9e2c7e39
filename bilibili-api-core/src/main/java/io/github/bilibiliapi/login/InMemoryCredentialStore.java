package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Credential;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link CredentialStore} in memory: the login lasts as long as the process. */
public final class InMemoryCredentialStore implements CredentialStore {

    private final AtomicReference<Credential> current = new AtomicReference<>();

    /** An empty store (logged out). */
    public InMemoryCredentialStore() {
    }

    /** @param initial the credential to start with (not null) */
    public InMemoryCredentialStore(Credential initial) {
        current.set(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public Optional<Credential> load() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public void save(Credential credential) {
        current.set(Objects.requireNonNull(credential, "credential"));
    }

    @Override
    public void clear() {
        current.set(null);
    }

    /** Shows which fields are set, never their values. */
    @Override
    public String toString() {
        Credential c = current.get();
        return "InMemoryCredentialStore[" + (c == null ? "empty" : c) + "]";
    }
}
