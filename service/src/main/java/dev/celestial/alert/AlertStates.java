package dev.celestial.alert;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * An alert's life: open → acknowledged → resolved, or open → resolved. Each change is one transaction
 * on the primary that locks the alert, checks the transition and answers the alert as it now is.
 * Repeating the change an alert already went through answers it unchanged; acknowledging a resolved
 * alert is a conflict (409).
 */
@Service
class AlertStates {

    private final DatabaseClient writer;
    private final TransactionalOperator transactions;

    AlertStates(@Qualifier("writer") DatabaseClient writer, @Qualifier("writerTransactions") TransactionalOperator transactions) {
        this.writer = writer;
        this.transactions = transactions;
    }

    Mono<String> acknowledge(long id) {
        return AlertQueries.statusForUpdate(writer, id)
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no alert " + id)))
                .flatMap(status -> switch (status) {
                    case "open" -> AlertQueries.acknowledge(writer, id).then(current(id));
                    case "acknowledged" -> current(id);
                    default -> Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "alert " + id + " is resolved; it cannot be acknowledged"));
                })
                .as(transactions::transactional);
    }

    Mono<String> resolve(long id) {
        return AlertQueries.statusForUpdate(writer, id)
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no alert " + id)))
                .flatMap(status -> status.equals("resolved") ? current(id) : AlertQueries.resolve(writer, id).then(current(id)))
                .as(transactions::transactional);
    }

    private Mono<String> current(long id) {
        return AlertQueries.byId(writer, id).map(AlertQueries.Alert::json);
    }
}
