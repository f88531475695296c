package dev.celestial.alert;

import dev.celestial.access.AdminScope;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import dev.celestial.web.QueryParams;
import java.net.URI;
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
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Alert triggers ({@code admin} scope): list, read, create, replace (PUT), change (PATCH), delete; every change audited. */
@RestController
@Requires(Scope.ADMIN)
class TriggerAdminController {

    private final TriggerAdmin triggers;

    TriggerAdminController(TriggerAdmin triggers) {
        this.triggers = triggers;
    }

    @GetMapping("/api/v1/admin/triggers")
    Mono<ResponseEntity<String>> list(Authentication admin) {
        AdminScope.require(admin, "trigger management");
        return triggers.list().map(AdminJson::ok);
    }

    @GetMapping("/api/v1/admin/triggers/{id}")
    Mono<ResponseEntity<String>> get(@PathVariable String id, Authentication admin) {
        AdminScope.require(admin, "trigger management");
        return triggers.get(QueryParams.id(id, "trigger")).map(AdminJson::ok);
    }

    @PostMapping("/api/v1/admin/triggers")
    Mono<ResponseEntity<String>> create(@RequestBody JsonNode body, Authentication admin) {
        AdminScope.require(admin, "trigger management");
        return triggers.create(body, admin).map(doc -> ResponseEntity.created(URI.create("/api/v1/admin/triggers/" + idOf(doc)))
                .contentType(MediaType.APPLICATION_JSON).body(doc));
    }

    @PutMapping("/api/v1/admin/triggers/{id}")
    Mono<ResponseEntity<String>> replace(@PathVariable String id, @RequestBody JsonNode body, Authentication admin) {
        AdminScope.require(admin, "trigger management");
        return triggers.update(QueryParams.id(id, "trigger"), body, false, admin).map(AdminJson::ok);
    }

    @PatchMapping("/api/v1/admin/triggers/{id}")
    Mono<ResponseEntity<String>> change(@PathVariable String id, @RequestBody JsonNode body, Authentication admin) {
        AdminScope.require(admin, "trigger management");
        return triggers.update(QueryParams.id(id, "trigger"), body, true, admin).map(AdminJson::ok);
    }

    @DeleteMapping("/api/v1/admin/triggers/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, Authentication admin) {
        AdminScope.require(admin, "trigger management");
        return triggers.delete(QueryParams.id(id, "trigger"), admin).thenReturn(ResponseEntity.noContent().build());
    }

    private static String idOf(String doc) {
        // the document starts {"id" : <n>, ... as json_build_object writes it
        int colon = doc.indexOf(':');
        int comma = doc.indexOf(',');
        return doc.substring(colon + 1, comma).trim();
    }

    private static final class AdminJson {
        static ResponseEntity<String> ok(String doc) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(doc);
        }
    }
}
