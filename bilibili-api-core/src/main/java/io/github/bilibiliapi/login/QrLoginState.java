package io.github.bilibiliapi.login;

/** Where a QR login stands, with bilibili's {@code data.code} for each state. */
public enum QrLoginState {
    /** 86101: nobody scanned the code yet. */
    NOT_SCANNED(86101),
    /** 86090: scanned in the app, waiting for the user to confirm. */
    SCANNED(86090),
    /** 86038: the code expired (180 s) or was already used; start a new one. */
    EXPIRED(86038),
    /** 0: confirmed; the credential is ready. */
    CONFIRMED(0);

    private final int code;

    QrLoginState(int code) {
        this.code = code;
    }

    /** @return bilibili's {@code data.code} for this state */
    public int code() {
        return code;
    }

    /** @return whether polling is over (expired or confirmed) */
    public boolean isFinal() {
        return this == EXPIRED || this == CONFIRMED;
    }

    /**
     * @param code bilibili's {@code data.code}
     * @return the state
     * @throws LoginException for a code the QR login does not know
     */
    static QrLoginState ofCode(int code) {
        for (QrLoginState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new LoginException("QR login poll answered an unknown data.code " + code);
    }
}
