package dev.celestial.correlation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Correlation rules.
 *
 * @param rulesRefresh how long this instance trusts its copy of the enabled rules: another instance's admin
 *                     change is seen within it (this instance's own at once)
 * @param backfillBatch first-side events per backfill transaction
 * @param backfillTimeout bound on one backfill transaction
 */
@Validated
@ConfigurationProperties("celestial.correlation")
public record CorrelationProperties(@NotNull Duration rulesRefresh, @Min(1) @Max(100_000) int backfillBatch,
                                    @NotNull Duration backfillTimeout) {
}
