package dev.celestial.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

/**
 * Ends a request body that stalls or drips: one the service has asked for more of but that has sent
 * nothing for {@code limit}, or less than {@code minRate} per second over any {@code limit} of waiting.
 * Time the service itself spends not asking (waiting for a table lock or a slow statement, with the
 * body backpressured) does not count, so only a slow or stuck sender is cut off.
 */
final class BodyStall {

    private BodyStall() {
    }

    static Flux<DataBuffer> guard(Flux<DataBuffer> body, Duration limit, DataSize minRate) {
        return Flux.defer(() -> {
            AtomicLong outstanding = new AtomicLong();
            // System.nanoTime() since when the service has been waiting for the sender; 0 while not waiting
            AtomicLong waitingSince = new AtomicLong();
            // waiting time of the windows before the current wait, and the bytes and waiting time at the window's start
            AtomicLong waitedBefore = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong windowBytes = new AtomicLong();
            AtomicLong windowWaited = new AtomicLong();
            long minBytes = (long) (minRate.toBytes() * (limit.toNanos() / 1e9));
            Duration tick = limit.dividedBy(4).isZero() ? limit : limit.dividedBy(4);
            Predicate<Long> stalled = t -> {
                long now = System.nanoTime();
                long since = waitingSince.get();
                if (since != 0 && now - since > limit.toNanos()) {
                    return true;
                }
                long waited = waitedBefore.get() + (since == 0 ? 0 : now - since);
                if (waited - windowWaited.get() < limit.toNanos()) {
                    return false;
                }
                if (bytes.get() - windowBytes.get() < minBytes) {
                    return true;
                }
                windowWaited.set(waited);
                windowBytes.set(bytes.get());
                return false;
            };
            Sinks.Empty<Void> ended = Sinks.empty();
            Flux<DataBuffer> data = body
                    .doOnRequest(n -> {
                        if (outstanding.getAndAccumulate(n, Operators::addCap) == 0) {
                            waitingSince.set(System.nanoTime());
                        }
                    })
                    .doOnNext(buffer -> {
                        bytes.addAndGet(buffer.readableByteCount());
                        long left = outstanding.get() == Long.MAX_VALUE ? Long.MAX_VALUE : outstanding.decrementAndGet();
                        long now = System.nanoTime();
                        long since = waitingSince.getAndSet(left > 0 ? now : 0);
                        if (since != 0) {
                            waitedBefore.addAndGet(now - since);
                        }
                    })
                    .doFinally(signal -> ended.tryEmitEmpty());
            // one watchdog for the whole body (not one per buffer, which a drip would keep resetting), ended with it
            Flux<DataBuffer> watchdog = Flux.interval(tick, tick)
                    .takeUntilOther(ended.asMono())
                    .filter(stalled)
                    .next()
                    .flatMapMany(t -> Flux.error(new BodyStalledException("the request body sent nothing for " + limit.toMillis()
                            + " ms, or less than " + minRate.toBytes() + " bytes per second; nothing was written")));
            // prefetch 1: the body is asked for only as fast as it is consumed, as without the watchdog
            return Flux.merge(1, data, watchdog);
        });
    }
}
