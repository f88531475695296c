package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.db.DatabaseErrors.Outcome;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class DatabaseErrorsTests {

    @Test
    void integrityViolationsConflictAndDataExceptionsAreInvalidValuesEvenWrapped() {
        assertThat(DatabaseErrors.classify(new DataIntegrityViolationException("x", new R2dbcDataIntegrityViolationException("dup", "23505"))))
                .isEqualTo(Outcome.CONFLICT);
        assertThat(DatabaseErrors.classify(new R2dbcNonTransientResourceException("out of range", "22003"))).isEqualTo(Outcome.INVALID_VALUE);
    }

    @Test
    void serializationDeadlockLockAndStandbyWritesAreRetried() {
        for (String state : new String[] {"40001", "40P01", "55P03", "25006"}) {
            assertThat(DatabaseErrors.classify(new R2dbcRollbackException("retry", state))).as(state).isEqualTo(Outcome.RETRY);
        }
        assertThat(DatabaseErrors.classify(new R2dbcException("gone", "57P01") { })).isEqualTo(Outcome.RETRY);
        assertThat(DatabaseErrors.classify(new RuntimeException(new IOException("reset")))).isEqualTo(Outcome.RETRY);
    }

    @Test
    void noConnectionInTimeIsBusyAndABusyReplicaIsNoLostConnection() {
        ReaderConnections.Busy busy = new ReaderConnections.Busy(Duration.ofSeconds(1), new TimeoutException("acquire"));
        assertThat(DatabaseErrors.classify(busy)).isEqualTo(Outcome.BUSY);
        assertThat(DatabaseErrors.isConnectionError(busy)).isFalse();
        assertThat(DatabaseErrors.classify(new TimeoutException("no row"))).isEqualTo(Outcome.BUSY);
    }

    @Test
    void aStatementTimeoutIsNeitherRetriedNorALostConnection() {
        R2dbcException timeout = new R2dbcTransientResourceException("canceling statement due to statement timeout", "57014");
        assertThat(DatabaseErrors.classify(timeout)).isEqualTo(Outcome.STATEMENT_TIMEOUT);
        assertThat(DatabaseErrors.isConnectionError(timeout)).isFalse();
    }

    @Test
    void anErrorInTheStatementFailsAndOnlyRecoveryConflictsMoveAReadToThePrimary() {
        R2dbcException grammar = new R2dbcBadGrammarException("syntax", "42601");
        assertThat(DatabaseErrors.classify(grammar)).isEqualTo(Outcome.FAILED);
        assertThat(DatabaseErrors.isConnectionError(grammar)).isFalse();
        assertThat(DatabaseErrors.isRecoveryConflict(grammar)).isFalse();
        assertThat(DatabaseErrors.isRecoveryConflict(new RuntimeException(new R2dbcRollbackException("conflict", "40001")))).isTrue();
        assertThat(DatabaseErrors.isLockNotAvailable(new R2dbcRollbackException("lock", "55P03"))).isTrue();
    }
}
