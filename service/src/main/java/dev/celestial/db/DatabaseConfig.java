package dev.celestial.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.netty.resources.LoopResources;

/**
 * Two pools, chosen explicitly in code: {@code writer} on the primary, {@code reader} on the replica,
 * and two small ones for probes and control ({@code replicaProbe}, {@code control}) that busy traffic cannot starve.
 * The writer pool is the {@code @Primary} connection factory, so Spring's reactive transactions run
 * on the primary; nothing is routed by a transaction's read-only flag.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean(destroyMethod = "dispose")
    @Primary
    ConnectionPool writerPool(DatabaseProperties properties, ObjectProvider<ReactorResourceFactory> netty, WheelTimer timer) {
        // no connection goes back to the pool inside a transaction, whatever cancelled its work
        // (a request cut off between BEGIN and its rollback); a no-op without a transaction
        return pool("writer", properties.primary(), HostList.PRIMARY, loops(netty), timer, Connection::rollbackTransaction, null);
    }

    @Bean
    ReaderConnections readerConnections(DatabaseProperties properties, ObjectProvider<ReactorResourceFactory> netty, WheelTimer timer) {
        return new ReaderConnections(properties.replica(), loops(netty), timer);
    }

    /** Reads take their connections through {@link ReaderConnections}, which bounds the acquisition. */
    @Bean(destroyMethod = "dispose")
    ConnectionPool readerPool(ReaderConnections connections) {
        return connections.pool();
    }

    /**
     * The replica monitor's and the replica health check's own connections (two at most, taken within
     * {@code health-timeout}): when every reader connection is in use, the replica is busy, not gone,
     * and its samples must still get through, or every read would be sent to the primary.
     */
    @Bean(destroyMethod = "dispose")
    ConnectionPool replicaProbePool(DatabaseProperties properties, ObjectProvider<ReactorResourceFactory> netty, WheelTimer timer) {
        DatabaseProperties.Node replica = properties.replica();
        return pool("replica-probe", replica.withPool(replica.pool().sized(1, 2, properties.healthTimeout())), HostList.PREFER_SECONDARY,
                loops(netty), timer, Connection::rollbackTransaction, null);
    }

    /**
     * The replica monitor's and health check's client. Over several hosts, each sample opens a connection of its
     * own: a pooled one would stay on the node it first reached, a standby since promoted, and never see the
     * former primary come back as a standby; a new one goes to a standby whenever there is one.
     */
    @Bean
    @Qualifier("replicaProbe")
    DatabaseClient replicaProbe(@Qualifier("replicaProbePool") ConnectionPool pool, DatabaseProperties properties,
                                ObjectProvider<ReactorResourceFactory> netty) {
        DatabaseProperties.Node replica = properties.replica();
        return replica.multiHost()
                ? DatabaseClient.create(factory("replica-sample", replica, HostList.PREFER_SECONDARY, loops(netty)))
                : DatabaseClient.create(pool);
    }

    /**
     * Readiness's primary check and the API-key registry's reloads, on their own two primary connections
     * (taken within {@code health-timeout}) as the writer role: uploads holding every writer connection
     * must neither make the instance unready nor hold back a revocation.
     */
    @Bean(destroyMethod = "dispose")
    ConnectionPool controlPool(DatabaseProperties properties, ObjectProvider<ReactorResourceFactory> netty, WheelTimer timer) {
        DatabaseProperties.Node primary = properties.primary();
        return pool("control", primary.withPool(primary.pool().sized(1, 2, properties.healthTimeout())), HostList.PRIMARY, loops(netty),
                timer, Connection::rollbackTransaction, null);
    }

    @Bean
    @Qualifier("control")
    DatabaseClient control(@Qualifier("controlPool") ConnectionPool pool) {
        return DatabaseClient.create(pool);
    }

    /**
     * The alert listener's connection (one per instance, see the alert package): straight to the primary as
     * the writer role, never from a pool, and never through a transaction-mode pooler, where LISTEN has no
     * session to live in. {@code celestial.alerts.listen-url} names the primary directly when the primary's
     * URL is a pooler's; unset, the primary's own URL and host list are used.
     */
    @Bean
    @Qualifier("listener")
    ConnectionFactory listenerConnections(DatabaseProperties properties, ObjectProvider<ReactorResourceFactory> netty,
                                          @Value("${celestial.alerts.listen-url:}") String listenUrl) {
        DatabaseProperties.Node primary = properties.primary();
        DatabaseProperties.Node direct = listenUrl == null || listenUrl.isBlank() ? primary
                : new DatabaseProperties.Node(listenUrl, primary.username(), primary.password(), primary.connectTimeout(),
                        primary.statementTimeout(), primary.pool(), null);
        return factory("alert-listener", direct, HostList.PRIMARY, loops(netty));
    }

    /**
     * The HTTP server's event loops, so a query's rows are written to its response on the thread that
     * read them when both connections share a loop, and two cores are not split between four loop threads.
     */
    private static LoopResources loops(ObjectProvider<ReactorResourceFactory> netty) {
        ReactorResourceFactory factory = netty.getIfAvailable();
        return factory == null ? null : factory.getLoopResources();
    }

    @Bean
    @Primary
    @Qualifier("writer")
    DatabaseClient writer(@Qualifier("writerPool") ConnectionPool pool) {
        return DatabaseClient.create(pool);
    }

    @Bean
    @Qualifier("reader")
    DatabaseClient reader(ReaderConnections connections) {
        return DatabaseClient.create(connections);
    }

    /** Reactive transactions on the primary, for writes that must commit together. */
    @Bean
    TransactionalOperator writerTransactions(@Qualifier("writerPool") ConnectionPool pool) {
        return TransactionalOperator.create(new R2dbcTransactionManager(pool));
    }

    /**
     * @param targetServerType which of the node's hosts connections go to, when it has several
     * @param acquireTimer what bounds the whole acquisition by {@code max-acquire-time} ({@link AcquireBoundedPool}); null when
     *                     the caller bounds it
     * @param preRelease what runs on a connection before it goes back to the pool
     * @param epochs when set, connections opened before the last topology change are discarded on acquire
     */
    static ConnectionPool pool(String name, DatabaseProperties.Node node, String targetServerType, LoopResources loops, WheelTimer acquireTimer,
                               Function<Connection, Publisher<Void>> preRelease, ConnectionEpochs epochs) {
        ConnectionFactory factory = factory(name, node, targetServerType, loops);
        DatabaseProperties.Pool pool = node.pool();
        ConnectionPoolConfiguration.Builder builder = ConnectionPoolConfiguration.builder(epochs == null ? factory : epochs.tagging(factory));
        if (epochs != null) {
            builder.postAllocate(epochs::current);
        }
        ConnectionPoolConfiguration configuration = builder
                .name(name)
                .initialSize(pool.initialSize())
                .maxSize(pool.maxSize())
                // after a database restart every idle connection is broken: each failed validation moves on to
                // the next one (up to the whole pool) instead of failing the request that found it
                .acquireRetry(pool.maxSize())
                // each attempt unbounded: a bound here would be one per retry (AcquireBoundedPool bounds the whole)
                .maxAcquireTime(Duration.ofMillis(-1))
                .maxCreateConnectionTime(pool.maxCreateConnectionTime())
                // a local validation is an in-memory check that cannot hang; a timer armed for it on every
                // acquire costs more than the check (a delayed-queue insert that wakes a scheduler thread)
                .maxValidationTime(pool.validationDepth() == ValidationDepth.LOCAL ? Duration.ofMillis(-1) : pool.maxValidationTime())
                .maxIdleTime(pool.maxIdleTime())
                .maxLifeTime(pool.maxLifeTime())
                .validationDepth(pool.validationDepth())
                .preRelease(preRelease)
                .build();
        return acquireTimer == null ? new ConnectionPool(configuration) : new AcquireBoundedPool(configuration, pool.maxAcquireTime(), acquireTimer);
    }

    /** The driver's connection factory for {@code node}, unpooled. */
    static ConnectionFactory factory(String name, DatabaseProperties.Node node, String targetServerType, LoopResources loops) {
        ConnectionFactoryOptions.Builder builder = ConnectionFactoryOptions.parse(node.url(targetServerType)).mutate();
        if (loops != null) {
            builder.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, loops);
        }
        ConnectionFactoryOptions options = builder
                .option(ConnectionFactoryOptions.USER, node.username())
                .option(ConnectionFactoryOptions.PASSWORD, node.password() == null ? "" : node.password())
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, node.connectTimeout())
                .option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, node.statementTimeout())
                // the driver has no read timeout: keepalive finds half-open connections
                .option(Option.valueOf("tcpKeepAlive"), true)
                .option(Option.valueOf("applicationName"), "celestial-" + name)
                // binary results: timestamps and floats decode from their bytes instead of being parsed from text
                .option(Option.valueOf("forceBinary"), true)
                .option(PostgresqlConnectionFactoryProvider.EXTENSIONS, List.of(InstantCodec.registrar()))
                .build();
        if (!"postgresql".equals(options.getValue(ConnectionFactoryOptions.DRIVER))) {
            throw new IllegalArgumentException("celestial.db " + name + " url must be r2dbc:postgresql://..., was " + node.url());
        }
        return ConnectionFactories.get(options);
    }
}
