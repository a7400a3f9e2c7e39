package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Credential;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer of a QR login poll.
 *
 * @param state      where the login stands
 * @param credential the complete login when {@link QrLoginState#CONFIRMED}, else null
 */
public record QrPoll(QrLoginState state, Credential credential) {

    /** Checks that a credential comes exactly with CONFIRMED. */
    public QrPoll {
        Objects.requireNonNull(state, "state");
        if ((state == QrLoginState.CONFIRMED) != (credential != null)) {
            throw new IllegalArgumentException("a credential comes with CONFIRMED and only then");
        }
    }

    /** @return the credential, when confirmed */
    public Optional<Credential> credentialIfConfirmed() {
        return Optional.ofNullable(credential);
    }

    /** The credential shows which fields are set, never their values. */
    @Override
    public String toString() {
        return "QrPoll[" + state + (credential == null ? "" : ", " + credential) + "]";
    }
}
