package dev.celestial.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Two pools, chosen explicitly in code: {@code writer} on the primary, {@code reader} on the replica.
 * The writer pool is the {@code @Primary} connection factory, so Spring's reactive transactions run
 * on the primary; nothing is routed by a transaction's read-only flag.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean(destroyMethod = "dispose")
    @Primary
    ConnectionPool writerPool(DatabaseProperties properties) {
        return pool("writer", properties.primary());
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool readerPool(DatabaseProperties properties) {
        return pool("reader", properties.replica());
    }

    @Bean
    @Primary
    @Qualifier("writer")
    DatabaseClient writer(@Qualifier("writerPool") ConnectionPool pool) {
        return DatabaseClient.create(pool);
    }

    @Bean
    @Qualifier("reader")
    DatabaseClient reader(@Qualifier("readerPool") ConnectionPool pool) {
        return DatabaseClient.create(pool);
    }

    /** Reactive transactions on the primary, for writes that must commit together. */
    @Bean
    TransactionalOperator writerTransactions(@Qualifier("writerPool") ConnectionPool pool) {
        return TransactionalOperator.create(new R2dbcTransactionManager(pool));
    }

    static ConnectionPool pool(String name, DatabaseProperties.Node node) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(node.url()).mutate()
                .option(ConnectionFactoryOptions.USER, node.username())
                .option(ConnectionFactoryOptions.PASSWORD, node.password() == null ? "" : node.password())
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, node.connectTimeout())
                .option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, node.statementTimeout())
                // the driver has no read timeout: keepalive finds half-open connections
                .option(Option.valueOf("tcpKeepAlive"), true)
                .option(Option.valueOf("applicationName"), "celestial-" + name)
                // binary results: timestamps and floats decode from their bytes instead of being parsed from text
                .option(Option.valueOf("forceBinary"), true)
                .build();
        if (!"postgresql".equals(options.getValue(ConnectionFactoryOptions.DRIVER))) {
            throw new IllegalArgumentException("celestial.db " + name + " url must be r2dbc:postgresql://..., was " + node.url());
        }
        DatabaseProperties.Pool pool = node.pool();
        return new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .name(name)
                .initialSize(pool.initialSize())
                .maxSize(pool.maxSize())
                .maxAcquireTime(pool.maxAcquireTime())
                .maxCreateConnectionTime(pool.maxCreateConnectionTime())
                .maxValidationTime(pool.maxValidationTime())
                .maxIdleTime(pool.maxIdleTime())
                .maxLifeTime(pool.maxLifeTime())
                .validationDepth(pool.validationDepth())
                .build());
    }
}
