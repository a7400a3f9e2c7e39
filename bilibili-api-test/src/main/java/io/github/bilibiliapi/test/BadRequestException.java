package io.github.bilibiliapi.test;

/**
 * Thrown by a route handler to answer 400 with the message as a plain-text body.
 */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the request; sent to the client
     */
    public BadRequestException(String message) {
        super(message);
    }
}
