package dev.celestial.correlation;

import dev.celestial.access.AdminScope;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.web.BadParameterException;
import dev.celestial.web.QueryLimits;
import dev.celestial.web.QueryParams;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Correlation rules ({@code admin} scope): list, create, replace, patch, delete, and backfill over history. */
@RestController
@Requires(Scope.ADMIN)
class RuleAdminController {

    private static final String RULES = "/api/v1/admin/correlation-rules";

    private final RuleAdmin admin;
    private final QueryLimits limits;

    RuleAdminController(RuleAdmin admin, QueryLimits limits) {
        this.admin = admin;
        this.limits = limits;
    }

    @GetMapping(RULES)
    Mono<ResponseEntity<String>> list(Authentication caller) {
        AdminScope.require(caller, "correlation rules");
        return admin.list().map(RuleAdminController::json);
    }

    @PostMapping(RULES)
    Mono<ResponseEntity<String>> create(@RequestBody(required = false) JsonNode body, Authentication caller) {
        AdminScope.require(caller, "correlation rules");
        RuleRequest request = RuleRequest.parse(body, true);
        return admin.create(request, caller).map(created -> ResponseEntity.created(URI.create(RULES + "/" + created.id()))
                .contentType(MediaType.APPLICATION_JSON).body(created.json()));
    }

    @PutMapping(RULES + "/{id}")
    Mono<ResponseEntity<String>> replace(@PathVariable String id, @RequestBody(required = false) JsonNode body, Authentication caller) {
        AdminScope.require(caller, "correlation rules");
        long rule = QueryParams.id(id, "rule");
        return admin.update(rule, RuleRequest.parse(body, true), caller).map(RuleAdminController::json).switchIfEmpty(notFound(rule));
    }

    @PatchMapping(RULES + "/{id}")
    Mono<ResponseEntity<String>> patch(@PathVariable String id, @RequestBody(required = false) JsonNode body, Authentication caller) {
        AdminScope.require(caller, "correlation rules");
        long rule = QueryParams.id(id, "rule");
        return admin.update(rule, RuleRequest.parse(body, false), caller).map(RuleAdminController::json).switchIfEmpty(notFound(rule));
    }

    @DeleteMapping(RULES + "/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, Authentication caller) {
        AdminScope.require(caller, "correlation rules");
        long rule = QueryParams.id(id, "rule");
        return admin.delete(rule, caller).flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build()) : notFound(rule));
    }

    /** Evaluates the rule over stored events whose first-side time is in {@code [from, to)}; answers the counts. */
    @PostMapping(RULES + "/{id}/backfill")
    Mono<ResponseEntity<RuleAdmin.Backfill>> backfill(@PathVariable String id, ServerWebExchange exchange, Authentication caller) {
        AdminScope.require(caller, "correlation rules");
        long rule = QueryParams.id(id, "rule");
        QueryParams p = limits.params(exchange);
        QueryParams.Range<Instant> range = p.timeRange("from", "to");
        p.rejectUnknown();
        return admin.backfill(rule, range.min(), range.max(), caller).map(ResponseEntity::ok).switchIfEmpty(notFound(rule));
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static <T> Mono<T> notFound(long id) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no correlation rule " + id));
    }
}
