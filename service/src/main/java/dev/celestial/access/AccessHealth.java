package dev.celestial.access;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Readiness detail {@code access}: DOWN until the API clients have been loaded once, when valid keys would be refused. */
@Component("access")
class AccessHealth implements ReactiveHealthIndicator {

    private final ClientRegistry clients;

    AccessHealth(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public Mono<Health> health() {
        return Mono.just(clients.loaded() ? Health.up().build() : Health.down().withDetail("reason", "API clients not loaded yet").build());
    }
}
