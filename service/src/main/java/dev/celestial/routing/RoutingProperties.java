package dev.celestial.routing;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How reads choose between the replica and the primary.
 *
 * @param monitorInterval how often the replica is sampled
 * @param maxLag replay lag beyond which reads leave the replica
 * @param whenReplicaUnavailable {@code fallback} to the primary, or {@code fail} with 503
 * @param tokenWait how long a read carrying a consistency token waits for the replica to replay it
 * @param tokenPoll how often the replica is asked meanwhile
 * @param stallTimeout a read that yields no row for this long is cancelled and its connection returned,
 *                     however its consumer stalled (a client gone before the first write, say)
 */
@Validated
@ConfigurationProperties("celestial.routing")
public record RoutingProperties(@NotNull Duration monitorInterval, @NotNull Duration maxLag,
                                @NotNull WhenUnavailable whenReplicaUnavailable, @NotNull Duration tokenWait,
                                @NotNull Duration tokenPoll, @NotNull Duration stallTimeout) {

    public enum WhenUnavailable { FALLBACK, FAIL }
}
