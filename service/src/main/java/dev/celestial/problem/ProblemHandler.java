package dev.celestial.problem;

import static dev.celestial.web.Problems.problem;

import dev.celestial.db.DatabaseErrors;
import dev.celestial.ingest.BodyStalledException;
import dev.celestial.ingest.InvalidBatchException;
import dev.celestial.ingest.PayloadTooLargeException;
import dev.celestial.routing.BadTokenException;
import dev.celestial.routing.ReplicaUnavailableException;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.InvalidFieldException;
import dev.celestial.web.RateLimitedException;
import io.r2dbc.spi.R2dbcException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import reactor.netty.channel.AbortedException;

/**
 * The one place errors become RFC 9457 {@code application/problem+json}: stable {@code type} URIs, a
 * human {@code detail}, and for refused batches the records and fields at fault. Framework errors
 * (415, 404, 405, ...) come through the base class in the same shape. Never a stack trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String RETRY_AFTER_SECONDS = "2";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
        refused(HttpStatus.TOO_MANY_REQUESTS, e);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Over this client's ingestion limit", e.getMessage()));
    }

    /** The client closed the connection mid-request: nobody reads this answer, and it is no error of ours. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> clientGone(AbortedException e) {
        log.debug("client went away: {}", e.toString());
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "client-gone", "The client closed the connection",
                "the connection closed before the request ended; nothing was written"));
    }

    /** A handler's own scope check refused the caller (the access decision in front of it should have already). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        refused(HttpStatus.FORBIDDEN, e);
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(problem(HttpStatus.FORBIDDEN, "forbidden", "The API key lacks the scope for this request", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidBatch(InvalidBatchException e) {
        boolean malformed = e.kind() == InvalidBatchException.Kind.MALFORMED;
        refused(malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT, e);
        ProblemDetail problem = problem(malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT,
                malformed ? "malformed-body" : "invalid-records",
                malformed ? "The request body could not be read" : "Records failed validation; nothing was written",
                e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badParameter(BadParameterException e) {
        return badParameter(e.parameter(), e);
    }

    /** A consistency token routing refused: answered as any bad parameter is. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> badToken(BadTokenException e) {
        return badParameter(e.parameter(), e);
    }

    private static ResponseEntity<ProblemDetail> badParameter(String parameter, RuntimeException e) {
        refused(HttpStatus.BAD_REQUEST, e);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "bad-parameter", "A query parameter is not acceptable", e.getMessage());
        problem.setProperty("parameter", parameter);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidField(InvalidFieldException e) {
        refused(HttpStatus.UNPROCESSABLE_CONTENT, e);
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-field", "A field of the body is not acceptable", e.getMessage());
        problem.setProperty("field", e.field());
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> replicaUnavailable(ReplicaUnavailableException e) {
        return unavailable("replica-unavailable", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        refused(HttpStatus.CONTENT_TOO_LARGE, e);
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request over a configured limit", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> stalledBody(BodyStalledException e) {
        refused(HttpStatus.REQUEST_TIMEOUT, e);
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
                .body(problem(HttpStatus.REQUEST_TIMEOUT, "body-stalled", "The request body stopped arriving", e.getMessage()));
    }

    /** Database errors by what they mean for the request ({@link DatabaseErrors}). */
    @ExceptionHandler({DataAccessException.class, R2dbcException.class})
    ResponseEntity<ProblemDetail> database(Exception e) {
        String state = DatabaseErrors.sqlState(e);
        return switch (DatabaseErrors.classify(e)) {
            case BUSY -> unavailable("database-busy", "No database connection available in time; retry later");
            case CONFLICT -> {
                // the database's own message names constraints and values: it stays in the log
                log.warn("conflict {}: {}", state, DatabaseErrors.driverError(e).getMessage());
                ProblemDetail problem = problem(HttpStatus.CONFLICT, "conflict", "The data conflicts with stored data",
                        "the data conflicts with stored data (SQLSTATE " + state + "); nothing was written");
                problem.setProperty("sqlState", state);
                yield ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
            }
            case INVALID_VALUE -> {
                // a value the database cannot hold that validation let through: the request's fault, not the service's
                log.warn("value refused by the database {}: {}", state, DatabaseErrors.driverError(e).getMessage());
                ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-value", "A value cannot be stored",
                        "a value is outside what the database can hold (SQLSTATE " + state + "); nothing was written");
                problem.setProperty("sqlState", state);
                yield ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
            }
            case RETRY -> unavailable("database-retry", "The database asked to retry this request (" + state + ")");
            case STATEMENT_TIMEOUT -> ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(problem(HttpStatus.GATEWAY_TIMEOUT,
                    "database-timeout", "The database statement timed out", "statement timeout; nothing was written"));
            case FAILED -> {
                log.error("database error {}", state, e);
                yield ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                        "database-error", "Database error", "the database refused the request (SQLSTATE " + state + ")"));
            }
        };
    }

    /** A read that yielded no row within {@code celestial.routing.stall-timeout}. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> stalled(TimeoutException e) {
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(problem(HttpStatus.GATEWAY_TIMEOUT,
                "database-timeout", "The database did not answer in time", "no row within the read's time limit"));
    }

    /** No connection for a transaction: the pool was exhausted for its acquire time or the primary is down. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> noTransaction(CannotCreateTransactionException e) {
        return unavailable("database-busy", "No database connection available in time; retry later");
    }

    /**
     * A transaction that could not be committed or rolled back, mostly because the database went away
     * under it. Whether a failed commit landed is unknown, but ingestion is idempotent: retrying is safe.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> transactionFailed(TransactionException e) {
        log.warn("transaction failed: {}", e.toString());
        return unavailable("database-retry", "The database connection was lost during the transaction; retry the request");
    }

    /** A refused request, in one line: its fault is the client's, so no stack trace. */
    private static void refused(HttpStatus status, Exception e) {
        if (log.isWarnEnabled()) {
            String message = String.valueOf(e.getMessage());
            log.warn("refused {}: {}", status.value(), message.length() > 300 ? message.substring(0, 300) + "..." : message);
        }
    }

    private static ResponseEntity<ProblemDetail> unavailable(String type, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, type, "Temporarily unavailable", detail));
    }
}
