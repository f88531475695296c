package dev.celestial.monitoring;

import dev.celestial.access.AdminScope;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.web.BadParameterException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/admin/db/statements}: the primary's top statements by total time ({@code admin} scope). */
@RestController
@Requires(Scope.ADMIN)
class StatementsController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    record Page(List<TopStatements.Statement> items) {
    }

    private final TopStatements statements;

    StatementsController(TopStatements statements) {
        this.statements = statements;
    }

    @GetMapping("/api/v1/admin/db/statements")
    Mono<Page> top(@RequestParam MultiValueMap<String, String> params, Authentication admin) {
        AdminScope.require(admin, "database statistics");
        return statements.top(limit(params)).map(Page::new);
    }

    static int limit(MultiValueMap<String, String> params) {
        for (String name : params.keySet()) {
            if (!name.equals("limit")) {
                throw new BadParameterException(name, "unknown parameter; known: limit");
            }
        }
        List<String> values = params.get("limit");
        if (values == null || values.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (values.size() > 1) {
            throw new BadParameterException("limit", "given more than once");
        }
        try {
            int limit = Integer.parseInt(values.get(0).trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below, like a value out of range
        }
        throw new BadParameterException("limit", "an integer from 1 to " + MAX_LIMIT);
    }
}
