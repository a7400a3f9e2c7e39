package io.github.bilibiliapi.login;

/** Receives {@link AccountEvent}s; called on the thread that completed the step, so return quickly. */
@FunctionalInterface
public interface AccountListener {

    /** @param event what happened */
    void onAccountEvent(AccountEvent event);
}
