package io.github.bilibiliapi.autoconfigure;

import io.github.bilibiliapi.api.ApiCallInfo;
import io.github.bilibiliapi.api.ApiObservation;
import io.github.bilibiliapi.api.ApiObserver;
import java.util.ArrayList;
import java.util.List;

/** Tells every {@link ApiObserver} bean about each exchange (the metrics one and the application's). */
final class CompositeApiObserver implements ApiObserver {

    private final List<ApiObserver> observers;

    private CompositeApiObserver(List<ApiObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    static ApiObserver of(List<ApiObserver> observers) {
        if (observers.isEmpty()) {
            return ApiObserver.NOOP;
        }
        return observers.size() == 1 ? observers.get(0) : new CompositeApiObserver(observers);
    }

    @Override
    public ApiObservation start(ApiCallInfo info) {
        List<ApiObservation> started = new ArrayList<>(observers.size());
        for (ApiObserver observer : observers) {
            started.add(observer.start(info));
        }
        return outcome -> {
            RuntimeException first = null;
            for (ApiObservation observation : started) {
                try {
                    if (observation != null) {
                        observation.stop(outcome);
                    }
                } catch (RuntimeException e) {
                    // every observation is stopped even if one fails; the first failure is reported to the caller
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }
}
