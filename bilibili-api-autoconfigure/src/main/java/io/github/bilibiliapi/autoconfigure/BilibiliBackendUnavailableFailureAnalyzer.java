package io.github.bilibiliapi.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link BilibiliBackendUnavailableException} into a readable startup failure report. */
class BilibiliBackendUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<BilibiliBackendUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BilibiliBackendUnavailableException cause) {
        return new FailureAnalysis("The bilibili-api backend '" + cause.getBackend() + "' cannot be used: "
                + cause.getMessage(), "Add the dependency named above, or set bilibili.request.backend=auto.", cause);
    }
}
