package dev.celestial.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * The replica as last sampled.
 *
 * @param sampledAt when
 * @param reachable whether the sample query answered
 * @param inRecovery whether it is still a standby ({@code pg_is_in_recovery()})
 * @param replayLsn the WAL position it has replayed
 * @param lagBytes WAL the primary has written that it has not replayed, -1 when the primary is unknown
 * @param lagSeconds how long ago the primary was where the replica is now (0 when caught up)
 * @param problem why it could not be sampled, or null
 * @param node the server that answered ({@code address:port}), or null
 */
public record ReplicaState(Instant sampledAt, boolean reachable, boolean inRecovery, Lsn replayLsn, long lagBytes,
                           double lagSeconds, String problem, String node) {

    static ReplicaState unknown() {
        return new ReplicaState(Instant.EPOCH, false, false, null, -1, 0, "not sampled yet", null);
    }

    static ReplicaState unreachable(Instant at, String problem) {
        return new ReplicaState(at, false, false, null, -1, 0, problem, null);
    }

    /** Why reads cannot use the replica now, or null when they can. */
    public String unusable(Duration maxLag, Duration staleAfter, Instant now) {
        if (sampledAt.plus(staleAfter).isBefore(now)) {
            return "stale";
        }
        if (!reachable) {
            return "unreachable";
        }
        if (!inRecovery) {
            return "not-in-recovery";
        }
        if (lagSeconds > maxLag.toMillis() / 1000.0) {
            return "lag";
        }
        return null;
    }
}
