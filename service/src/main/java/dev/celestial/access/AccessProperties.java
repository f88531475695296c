package dev.celestial.access;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code celestial.access}: the bootstrap admin key (from the environment or a mounted secret, never
 * the repository), whether reads are open to anyone, how soon every instance sees a revocation, how long
 * keys stay valid without a reload, and the per-client ingestion limits.
 *
 * @param bootstrapAdminKey a key with the {@code admin} scope only, to create the first clients; unset disables it;
 *                          at least {@value #MIN_BOOTSTRAP_KEY_LENGTH} characters when set
 * @param publicReads the query endpoints answer without a key (a public dashboard)
 * @param refreshInterval how often each instance reloads the clients: a revocation takes effect everywhere within it
 * @param maxStale how long the clients last loaded are trusted when reloads fail; past it every client key is refused
 * @param ingestRequestsPerSecond ingestion requests a client may start per second (bursts of one second's worth)
 * @param ingestRowsPerSecond records a client may send per second; a large batch is let in and paid for afterwards
 * @param maxConcurrentRequests requests a client may have under way at once (per instance)
 * @param maxConcurrentIngests ingestion requests a client may have under way at once (per instance)
 */
@Validated
@ConfigurationProperties("celestial.access")
public record AccessProperties(String bootstrapAdminKey, @DefaultValue("false") boolean publicReads,
                               @DefaultValue("1s") @NotNull Duration refreshInterval,
                               @DefaultValue("30s") @NotNull Duration maxStale,
                               @DefaultValue("20") double ingestRequestsPerSecond,
                               @DefaultValue("200000") double ingestRowsPerSecond,
                               @DefaultValue("32") int maxConcurrentRequests,
                               @DefaultValue("4") int maxConcurrentIngests) {

    static final int MIN_BOOTSTRAP_KEY_LENGTH = 32;

    /**
     * The key is checked here rather than by a constraint on the field, so a failed start-up reports the
     * rule and never the rejected key itself.
     */
    @AssertTrue(message = "celestial.access.bootstrap-admin-key (CELESTIAL_BOOTSTRAP_ADMIN_KEY) must be at least "
            + MIN_BOOTSTRAP_KEY_LENGTH + " characters when set")
    boolean isBootstrapAdminKeyLongEnough() {
        return bootstrapAdminKey == null || bootstrapAdminKey.isBlank() || bootstrapAdminKey.trim().length() >= MIN_BOOTSTRAP_KEY_LENGTH;
    }
}
