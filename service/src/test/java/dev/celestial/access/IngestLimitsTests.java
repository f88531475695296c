package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.web.RateLimitedException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IngestLimitsTests {

    @Test
    void requestsBeyondTheRateAreRefusedWithTheWaitAndClientsAreCountedApart() {
        IngestLimits limits = new IngestLimits(new AccessProperties(null, false, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, 1000, 32, 4));
        UUID first = UUID.randomUUID();
        limits.admit(first);
        assertThatThrownBy(() -> limits.admit(first)).isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfterSeconds()).isBetween(1L, 2L))
                .hasMessageContaining("requests per second");
        limits.admit(UUID.randomUUID());
    }

    @Test
    void recordsArePaidForAfterwardsAndRefuseTheNextRequestUntilRefilled() {
        IngestLimits limits = new IngestLimits(new AccessProperties(null, false, Duration.ofSeconds(1), Duration.ofSeconds(30), 100, 10, 32, 4));
        UUID client = UUID.randomUUID();
        limits.admit(client);
        limits.charge(client, 1000);
        assertThatThrownBy(() -> limits.admit(client)).isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfterSeconds()).isBetween(99L, 101L))
                .hasMessageContaining("records per second");
    }
}
