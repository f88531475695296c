package dev.celestial.alert;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Alerts: triggers and the live stream.
 *
 * @param triggerRefresh how old this instance's copy of the enabled triggers may be before an ingest chunk reloads
 *                       it (an admin change here applies at once; one on another instance within this)
 * @param heartbeat how often an idle stream sends a comment, so proxies keep it open
 * @param subscriberBuffer reads of alerts (each the alerts one notification brought) held for a subscriber that reads
 *                         slower than they come; past it the stream ends with the last id delivered, for a
 *                         reconnect with Last-Event-ID
 * @param maxUnsent events written for a subscriber that its connection has not yet taken (the server's outbound
 *                  buffer, which does not push back on its own); past it the stream ends the same way
 * @param maxSubscribers streams one instance serves at once; more are answered 429
 * @param maxSubscribersPerClient streams one API client holds at once on one instance; more are answered 429
 * @param replayLimit most alerts one replay (Last-Event-ID) reads from the table per query
 * @param listenerBackoff first wait before the listening connection is opened again after it was lost (doubling up to 10 s)
 * @param queryTimeout bound on each alert query of the stream (catch-up and replay)
 */
@Validated
@ConfigurationProperties("celestial.alerts")
public record AlertProperties(@NotNull Duration triggerRefresh, @NotNull Duration heartbeat, @Min(1) @Max(100_000) int subscriberBuffer,
                              @NotNull DataSize maxUnsent,
                              @Min(0) int maxSubscribers, @Min(0) int maxSubscribersPerClient, @Min(1) @Max(100_000) int replayLimit,
                              @NotNull Duration listenerBackoff, @NotNull Duration queryTimeout) {
}
