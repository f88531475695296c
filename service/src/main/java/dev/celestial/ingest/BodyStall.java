package dev.celestial.ingest;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * Ends a request body that stalls: one the service has asked for more of but that has sent nothing
 * for the limit. Time the service itself spends not asking (waiting for a table lock or a slow
 * statement, with the body backpressured) does not count, so only a slow or stuck sender is cut off.
 */
final class BodyStall {

    private BodyStall() {
    }

    static Flux<DataBuffer> guard(Flux<DataBuffer> body, Duration limit) {
        return Flux.defer(() -> {
            AtomicLong outstanding = new AtomicLong();
            // System.nanoTime() since when the service has been waiting for the sender; 0 while not waiting
            AtomicLong waitingSince = new AtomicLong();
            Duration tick = limit.dividedBy(4).isZero() ? limit : limit.dividedBy(4);
            Flux<Long> stalled = Flux.interval(tick, tick).filter(t -> {
                long since = waitingSince.get();
                return since != 0 && System.nanoTime() - since > limit.toNanos();
            });
            return body
                    .doOnRequest(n -> {
                        if (outstanding.getAndAccumulate(n, Operators::addCap) == 0) {
                            waitingSince.set(System.nanoTime());
                        }
                    })
                    .doOnNext(buffer -> {
                        long left = outstanding.get() == Long.MAX_VALUE ? Long.MAX_VALUE : outstanding.decrementAndGet();
                        waitingSince.set(left > 0 ? System.nanoTime() : 0);
                    })
                    .timeout(stalled, buffer -> stalled)
                    .onErrorMap(TimeoutException.class, e -> new BodyStalledException(
                            "the request body sent nothing for " + limit.toMillis() + " ms; nothing was written"));
        });
    }
}
