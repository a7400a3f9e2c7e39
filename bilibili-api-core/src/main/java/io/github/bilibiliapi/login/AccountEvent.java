package io.github.bilibiliapi.login;

import java.time.Instant;
import java.util.Objects;

/**
 * Something happened to the account: a login, a cookie refresh, a logout. Carries the user id (public), never a
 * secret.
 *
 * @param type what happened
 * @param mid  the user id (DedeUserID), or null when unknown
 * @param at   when
 */
public record AccountEvent(Type type, String mid, Instant at) {

    /** What happened. */
    public enum Type {
        /** A QR login was confirmed and the credential stored. */
        LOGGED_IN,
        /** The cookies were refreshed and the new credential stored. */
        REFRESHED,
        /** The account logged out and the store was cleared. */
        LOGGED_OUT
    }

    /** Checks for nulls. */
    public AccountEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
