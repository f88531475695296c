package dev.celestial.db;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;

/** The driver's own connection under the pool's and Spring's wrappers, for what only it does (COPY, LISTEN). */
public final class DriverConnection {

    private DriverConnection() {
    }

    /** @param purpose what it is needed for, named in the error when the connection is not r2dbc-postgresql's */
    public static PostgresqlConnection of(Connection connection, String purpose) {
        Object target = connection;
        while (!(target instanceof PostgresqlConnection) && target instanceof Wrapped<?> wrapped) {
            target = wrapped.unwrap();
        }
        if (target instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException(purpose + " needs an r2dbc-postgresql connection, not " + connection.getClass().getName());
    }
}
