package io.github.bilibiliapi.paging;

import io.github.bilibiliapi.api.BiliApiException;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.api.RiskControl;
import java.util.Optional;

/**
 * A page of a {@link Paged} listing could not be fetched (bilibili's -412/-352/-799 in the middle of a long loop,
 * a network failure, ...). Carries the page reached so the caller can back off and resume with
 * {@code paged.from(e.resumeFrom())}; the cause is the real failure (a
 * {@link io.github.bilibiliapi.api.RiskControlException} for the risk-control codes and for bilibili's HTTP 412
 * interception, a {@link NetworkException} for other statuses); {@link #riskControl()} reads the category.
 */
public final class PagingException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    private final transient PageCursor resumeFrom;
    private final int pagesDone;
    private final long itemsDone;

    /**
     * @param resumeFrom the cursor of the page that failed
     * @param pagesDone  pages delivered before it
     * @param itemsDone  items delivered before it
     * @param cause      the failure
     */
    public PagingException(PageCursor resumeFrom, int pagesDone, long itemsDone, Throwable cause) {
        super("Fetching page " + resumeFrom.number() + " failed after " + pagesDone + " page(s) and " + itemsDone
                + " item(s): " + cause, cause);
        this.resumeFrom = resumeFrom;
        this.pagesDone = pagesDone;
        this.itemsDone = itemsDone;
    }

    /** @return the cursor of the page that failed: pass it to {@link Paged#from(PageCursor)} to resume */
    public PageCursor resumeFrom() {
        return resumeFrom;
    }

    /** @return pages delivered before the failure */
    public int pagesDone() {
        return pagesDone;
    }

    /** @return items delivered before the failure */
    public long itemsDone() {
        return itemsDone;
    }

    /**
     * @return the risk-control category when the cause is one of bilibili's risk-control answers: a
     *         {@link io.github.bilibiliapi.api.RiskControlException} (-352, -799, the HTTP 412 interception's -412,
     *         ...), or a {@link NetworkException} a caller built for status 412
     */
    public Optional<RiskControl> riskControl() {
        if (getCause() instanceof ResponseCodeException rce) {
            return rce.riskControl();
        }
        if (getCause() instanceof NetworkException ne) {
            return ne.riskControl();
        }
        return Optional.empty();
    }
}
