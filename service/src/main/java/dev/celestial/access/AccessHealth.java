package dev.celestial.access;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness detail {@code access}: DOWN until the API clients have been loaded once, and while the clients
 * last loaded are older than {@code max-stale}: in both cases valid client keys are refused.
 */
@Component("access")
class AccessHealth implements ReactiveHealthIndicator {

    private final ClientRegistry clients;
    private final AccessProperties properties;

    AccessHealth(ClientRegistry clients, AccessProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public Mono<Health> health() {
        if (!clients.loaded()) {
            return Mono.just(Health.down().withDetail("reason", "API clients not loaded yet").build());
        }
        Duration age = clients.age();
        Health.Builder health = clients.stale()
                ? Health.down().withDetail("reason", "API clients not reloaded for %s, more than max-stale %s: every client key is refused"
                        .formatted(ClientRegistry.seconds(age), ClientRegistry.seconds(properties.maxStale())))
                : Health.up();
        String error = clients.lastError();
        return Mono.just((error == null ? health : health.withDetail("lastError", error)).withDetail("loadedAgoMs", age.toMillis()).build());
    }
}
