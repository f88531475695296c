package dev.celestial.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * A pool whose {@code max-acquire-time} bounds the whole acquisition. r2dbc-pool bounds each attempt and
 * retries a timed-out attempt as it retries a broken connection ({@code acquire-retry}, here the pool's
 * size), so its own bound was multiplied: an exhausted writer pool of 10 answered after 55 s, not 5 s.
 * This pool's attempts are unbounded and the retried whole is bounded once, on the {@link WheelTimer}
 * (as {@link ReaderConnections} bounds reads' acquisitions); a timeout cancels the waiting borrower, which
 * the pool then forgets.
 */
final class AcquireBoundedPool extends ConnectionPool {

    private final Duration maxAcquireTime;
    private final WheelTimer timer;

    AcquireBoundedPool(ConnectionPoolConfiguration configuration, Duration maxAcquireTime, WheelTimer timer) {
        super(configuration);
        this.maxAcquireTime = maxAcquireTime;
        this.timer = timer;
    }

    @Override
    public Mono<Connection> create() {
        return super.create().timeout(maxAcquireTime, Mono.error(() -> new R2dbcTimeoutException(
                "no connection within " + maxAcquireTime.toMillis() + " ms", new TimeoutException())), timer);
    }
}
