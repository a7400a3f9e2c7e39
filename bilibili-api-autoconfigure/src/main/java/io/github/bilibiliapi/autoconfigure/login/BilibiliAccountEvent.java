package io.github.bilibiliapi.autoconfigure.login;

import io.github.bilibiliapi.login.AccountEvent;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the account logs in (QR login), its cookies are refreshed, or it logs out. Carries the user id,
 * never a secret.
 */
public class BilibiliAccountEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient AccountEvent event;

    /**
     * @param source the publisher
     * @param event  what happened
     */
    public BilibiliAccountEvent(Object source, AccountEvent event) {
        super(source);
        this.event = Objects.requireNonNull(event, "event");
    }

    /** @return what happened */
    public AccountEvent.Type getType() {
        return event.type();
    }

    /** @return the user id (DedeUserID), or null */
    public String getMid() {
        return event.mid();
    }

    /** @return the core event */
    public AccountEvent getAccountEvent() {
        return event;
    }

    @Override
    public String toString() {
        return "BilibiliAccountEvent[" + event.type() + ", mid=" + event.mid() + "]";
    }
}
