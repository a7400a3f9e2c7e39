package io.github.bilibiliapi.api;

import java.util.Objects;

/**
 * Where a {@link BiliContext} reads its default credential, once per call: a fixed credential, a
 * {@code CredentialStore} that a login or a cookie refresh updates, or any user source. A refreshed or newly logged-in
 * credential is used by the next call without rebuilding the context, and by a live room on its next reconnect.
 *
 * <p>Implementations must be thread-safe and fast (no I/O per call): they are read on every request.
 */
@FunctionalInterface
public interface CredentialProvider {

    /**
     * @return the credential to use now; never null ({@link Credential#empty()} for a logged-out visitor)
     */
    Credential credential();

    /**
     * @param credential the credential to always return
     * @return a provider of that one credential
     */
    static CredentialProvider of(Credential credential) {
        Objects.requireNonNull(credential, "credential");
        return new Fixed(credential);
    }

    /** A fixed credential; {@link #toString()} shows which fields are set, never their values. */
    record Fixed(Credential credential) implements CredentialProvider {

        /** @param credential the credential (not null) */
        public Fixed {
            Objects.requireNonNull(credential, "credential");
        }

        @Override
        public String toString() {
            return credential.toString();
        }
    }
}
