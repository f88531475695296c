package dev.celestial.routing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Readiness detail {@code routing}: where reads go now and why, with the replica's lag. Always UP. */
@Component("routing")
class RoutingHealth implements ReactiveHealthIndicator {

    private final ReplicaMonitor monitor;
    private final ReadRouter router;
    private final RoutingProperties properties;

    RoutingHealth(ReplicaMonitor monitor, ReadRouter router, RoutingProperties properties) {
        this.monitor = monitor;
        this.router = router;
        this.properties = properties;
    }

    @Override
    public Mono<Health> health() {
        ReplicaState state = monitor.state();
        String unusable = router.unusable(state);
        Health.Builder health = Health.up()
                .withDetail("readsGoTo", unusable == null ? "replica" : properties.whenReplicaUnavailable() == RoutingProperties.WhenUnavailable.FAIL ? "nowhere (503)" : "primary")
                .withDetail("replicaLagBytes", state.lagBytes())
                .withDetail("replicaLagSeconds", state.lagSeconds())
                .withDetail("sampledAt", state.sampledAt().toString());
        if (state.node() != null) {
            health.withDetail("replicaNode", state.node() + (state.inRecovery() ? " (standby)" : " (not in recovery)"));
        }
        if (unusable != null) {
            health.withDetail("reason", unusable);
        }
        if (state.problem() != null) {
            health.withDetail("problem", state.problem());
        }
        return Mono.just(health.build());
    }
}
