package dev.celestial.warmup;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The warm-up before readiness.
 *
 * @param duration how long the instance reads from itself before it reports ready (0: no warm-up)
 * @param concurrency warm-up reads in flight at once
 * @param requestTimeout bound on each warm-up read
 */
@Validated
@ConfigurationProperties("celestial.warmup")
public record WarmupProperties(@NotNull Duration duration, @Min(1) @Max(64) int concurrency, @NotNull Duration requestTimeout) {
}
