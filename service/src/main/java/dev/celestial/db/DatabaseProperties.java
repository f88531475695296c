package dev.celestial.db;

import io.r2dbc.spi.ValidationDepth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The two database nodes the service talks to: the primary (writes, as the writer role) and the
 * streaming replica (reads, as the reader role). Every timeout is explicit; none is left unbounded.
 */
@Validated
@ConfigurationProperties("celestial.db")
public record DatabaseProperties(@Valid @NotNull Node primary, @Valid @NotNull Node replica,
                                 @NotNull Duration healthTimeout) {

    /**
     * One node: an {@code r2dbc:postgresql://} URL (TLS and driver options as query parameters), and optionally
     * {@code hosts} ({@code host:port,host:port}): then connections go to whichever of them has the node's role
     * now (the primary for writes, a standby while there is one for reads) instead of the URL's one host.
     */
    public record Node(@NotBlank String url, @NotBlank String username, String password,
                       @NotNull Duration connectTimeout, @NotNull Duration statementTimeout,
                       @Valid @NotNull Pool pool, String hosts) {

        Node withPool(Pool other) {
            return new Node(url, username, password, connectTimeout, statementTimeout, other, hosts);
        }

        /** Whether the node is found among several hosts by role. */
        boolean multiHost() {
            return hosts != null && !hosts.isBlank();
        }

        /** The URL connections use: over {@code hosts} for {@code targetServerType} when set. */
        String url(String targetServerType) {
            return HostList.url(url, hosts, targetServerType);
        }
    }

    /** r2dbc-pool settings; the pool's own defaults leave most of these unlimited. */
    public record Pool(int initialSize, @Positive int maxSize, @NotNull Duration maxAcquireTime,
                       @NotNull Duration maxCreateConnectionTime, @NotNull Duration maxValidationTime,
                       @NotNull Duration maxIdleTime, @NotNull Duration maxLifeTime,
                       @NotNull ValidationDepth validationDepth) {

        Pool sized(int initial, int max, Duration acquire) {
            return new Pool(initial, max, acquire, maxCreateConnectionTime, maxValidationTime, maxIdleTime, maxLifeTime, validationDepth);
        }
    }
}
