package io.github.bilibiliapi.comment;

import io.github.bilibiliapi.api.ResponseCodeException;

/**
 * bilibili refused a comment operation with one of the comment codes: 12002/12052 (comments closed), 12009 (the
 * type is not valid for that oid), 12015 (a captcha is needed), 12016 (sensitive content), 12025 (too long), 12035
 * (blacklisted by the uploader), 12051 (duplicate). Still a {@link ResponseCodeException}: {@link #code()} and the
 * raw answer are kept.
 */
public final class CommentException extends ResponseCodeException {

    private static final long serialVersionUID = 1L;

    /** The comment codes this exception stands for. */
    public enum Reason {
        /** 12002 or 12052: the comment area is closed. */
        COMMENTS_CLOSED,
        /** 12009: the type is not valid for the oid. */
        INVALID_TYPE,
        /** 12015: bilibili wants a captcha. */
        CAPTCHA_REQUIRED,
        /** 12016: the text contains sensitive content. */
        SENSITIVE_CONTENT,
        /** 12025: the text is too long. */
        TOO_LONG,
        /** 12035: the uploader blacklisted this account. */
        BLACKLISTED,
        /** 12051: the same comment was just posted. */
        DUPLICATE
    }

    private final Reason reason;

    CommentException(Reason reason, ResponseCodeException cause) {
        super(cause.code(), cause.biliMessage(), cause.raw());
        this.reason = reason;
        initCause(cause);
    }

    /** @return why bilibili refused */
    public Reason reason() {
        return reason;
    }

    /** @return whether the comment area is closed (12002, 12052) */
    public boolean commentsClosed() {
        return reason == Reason.COMMENTS_CLOSED;
    }

    static Throwable translate(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (!(t instanceof ResponseCodeException rce) || t instanceof CommentException) {
            return t;
        }
        Reason reason = switch (rce.code()) {
            case 12002, 12052 -> Reason.COMMENTS_CLOSED;
            case 12009 -> Reason.INVALID_TYPE;
            case 12015 -> Reason.CAPTCHA_REQUIRED;
            case 12016 -> Reason.SENSITIVE_CONTENT;
            case 12025 -> Reason.TOO_LONG;
            case 12035 -> Reason.BLACKLISTED;
            case 12051 -> Reason.DUPLICATE;
            default -> null;
        };
        return reason == null ? t : new CommentException(reason, rce);
    }
}
