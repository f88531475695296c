package dev.celestial.access;

import dev.celestial.web.RateLimitedException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-client ingestion limits as token buckets: requests per second, and records per second. A request
 * is let in while both buckets hold tokens; its records are paid for when it ends, so one large batch
 * is accepted whole and the client then waits until the debt is refilled. Each bucket holds one
 * second's worth. Per instance: behind a load balancer each instance grants the configured rate.
 */
@Component
public class IngestLimits {

    private final AccessProperties properties;
    private final Map<UUID, Bucket> requests = new ConcurrentHashMap<>();
    private final Map<UUID, Bucket> rows = new ConcurrentHashMap<>();

    IngestLimits(AccessProperties properties) {
        this.properties = properties;
    }

    /** Takes one request token, or refuses with the seconds until both buckets allow one. */
    public void admit(UUID client) {
        long now = System.nanoTime();
        Bucket requestBucket = requests.computeIfAbsent(client, id -> new Bucket(properties.ingestRequestsPerSecond(), now));
        Bucket rowBucket = rows.computeIfAbsent(client, id -> new Bucket(properties.ingestRowsPerSecond(), now));
        double rowWait = rowBucket.waitSeconds(now);
        if (rowWait > 0) {
            throw new RateLimitedException("over " + (long) properties.ingestRowsPerSecond() + " records per second", (long) Math.ceil(rowWait));
        }
        double requestWait = requestBucket.take(1, now);
        if (requestWait > 0) {
            throw new RateLimitedException("over " + properties.ingestRequestsPerSecond() + " requests per second", (long) Math.ceil(requestWait));
        }
    }

    /** Charges the records a request sent, admitted or not. */
    public void charge(UUID client, long records) {
        long now = System.nanoTime();
        rows.computeIfAbsent(client, id -> new Bucket(properties.ingestRowsPerSecond(), now)).charge(records, now);
    }

    private static final class Bucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long at;

        Bucket(double rate, long now) {
            this.rate = rate;
            // one second's worth, and at least one whole request
            this.capacity = Math.max(rate, 1);
            this.tokens = capacity;
            this.at = now;
        }

        /** Takes {@code n} tokens if there are; else the seconds until there will be. */
        synchronized double take(double n, long now) {
            refill(now);
            if (tokens >= n) {
                tokens -= n;
                return 0;
            }
            return (n - tokens) / rate;
        }

        /** The seconds until the bucket is out of debt. */
        synchronized double waitSeconds(long now) {
            refill(now);
            return tokens > 0 ? 0 : (1 - tokens) / rate;
        }

        synchronized void charge(double n, long now) {
            refill(now);
            tokens -= n;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - at) / 1e9 * rate);
            at = now;
        }
    }
}
