package dev.celestial.access;

import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One {@code admin_audit} row per admin action, written by the caller inside the action's own transaction,
 * so an action and its record commit together or not at all. The bootstrap key is recorded as such.
 * Details never hold a client's name or contact: the audit outlives an erasure.
 */
@Component
public class AdminAudit {

    public enum Action { CREATE, REVOKE, ERASE, LIST, EXPORT, UPDATE, DELETE, BACKFILL }

    private final DatabaseClient writer;

    AdminAudit(@Qualifier("writer") DatabaseClient writer) {
        this.writer = writer;
    }

    /** @param subject the client acted on; null for a list */
    Mono<Void> record(Action action, UUID subject, Authentication admin, String detailsJson) {
        return insert(action, subject, null, admin, detailsJson);
    }

    /**
     * An action on something other than an API client, in the caller's transaction.
     *
     * @param subject what was acted on, as {@code <table>:<id>}, e.g. {@code correlation_rule:3}
     */
    public Mono<Void> recordOn(Action action, String subject, Authentication admin, String detailsJson) {
        return insert(action, null, subject, admin, detailsJson);
    }

    /** One audit row: a client subject, a text subject, or neither (a list). */
    private Mono<Void> insert(Action action, UUID client, String subject, Authentication admin, String detailsJson) {
        if (!(admin.getPrincipal() instanceof Caller caller)) {
            return Mono.error(new IllegalStateException("an admin action without a caller"));
        }
        var insert = writer.sql("""
                        INSERT INTO celestial.admin_audit (action, api_client_id, subject, requested_by, by_bootstrap_key, details)
                        VALUES (:action, :client, :subject, :by, :bootstrap, :details::jsonb)""")
                .bind("action", action.name().toLowerCase(Locale.ROOT))
                .bind("bootstrap", caller.id() == null)
                .bind("details", detailsJson);
        insert = client == null ? insert.bindNull("client", UUID.class) : insert.bind("client", client);
        insert = subject == null ? insert.bindNull("subject", String.class) : insert.bind("subject", subject);
        insert = caller.id() == null ? insert.bindNull("by", UUID.class) : insert.bind("by", caller.id());
        return insert.then();
    }
}
