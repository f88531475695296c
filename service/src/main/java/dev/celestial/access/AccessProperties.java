package dev.celestial.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code celestial.access}: the bootstrap admin key (from the environment or a mounted secret, never
 * the repository), whether reads are open to anyone, how soon every instance sees a revocation, and the
 * per-client ingestion limits.
 *
 * @param bootstrapAdminKey a key with the {@code admin} scope only, to create the first clients; unset disables it
 * @param publicReads the query endpoints answer without a key (a public dashboard)
 * @param refreshInterval how often each instance reloads the clients: a revocation takes effect everywhere within it
 * @param ingestRequestsPerSecond ingestion requests a client may start per second (bursts of one second's worth)
 * @param ingestRowsPerSecond records a client may send per second; a large batch is let in and paid for afterwards
 * @param maxConcurrentRequests requests a client may have under way at once (per instance)
 * @param maxConcurrentIngests ingestion requests a client may have under way at once (per instance)
 */
@ConfigurationProperties("celestial.access")
public record AccessProperties(String bootstrapAdminKey, @DefaultValue("false") boolean publicReads,
                               @DefaultValue("1s") Duration refreshInterval,
                               @DefaultValue("20") double ingestRequestsPerSecond,
                               @DefaultValue("200000") double ingestRowsPerSecond,
                               @DefaultValue("32") int maxConcurrentRequests,
                               @DefaultValue("4") int maxConcurrentIngests) {
}
