package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.CredentialProvider;
import java.util.Optional;

/**
 * Where a login lives between calls and restarts: {@link InMemoryCredentialStore}, {@link FileCredentialStore}, or an
 * application's own (a database, a secret manager). A store is a {@link CredentialProvider}: a
 * {@code BiliContext} built with {@code credentials(store)} reads it on every call, so a login or a refresh is used by
 * the next call without a restart.
 *
 * <p>Implementations are thread-safe, answer {@link #credential()} from memory (it runs on every request), never log
 * or print a credential, and replace the stored value atomically (a reader sees the old or the new credential, never
 * a mix).
 */
public interface CredentialStore extends CredentialProvider {

    /** @return the stored credential, or empty when logged out */
    Optional<Credential> load();

    /**
     * Replaces the stored credential.
     *
     * @param credential the new credential (not null)
     * @throws CredentialStoreException when it cannot be written; the previous credential is then still stored
     */
    void save(Credential credential);

    /**
     * Forgets the credential (after a logout).
     *
     * @throws CredentialStoreException when it cannot be removed
     */
    void clear();

    /** @return the stored credential, or {@link Credential#empty()} */
    @Override
    default Credential credential() {
        return load().orElse(Credential.empty());
    }
}
