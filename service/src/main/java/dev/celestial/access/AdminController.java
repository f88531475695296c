package dev.celestial.access;

import dev.celestial.web.BadParameterException;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Key management ({@code admin} scope) over HTTP; {@link ClientAdmin} does the work. */
@RestController
@Requires(Scope.ADMIN)
class AdminController {

    private final ClientAdmin admin;

    AdminController(ClientAdmin admin) {
        this.admin = admin;
    }

    @PostMapping("/api/v1/admin/clients")
    Mono<ResponseEntity<ClientAdmin.NewClient>> create(@RequestBody JsonNode body, Authentication caller) {
        requireAdmin(caller);
        return admin.create(ClientRequest.parse(body), caller)
                .map(created -> ResponseEntity.created(URI.create("/api/v1/admin/clients/" + created.id())).body(created));
    }

    @GetMapping("/api/v1/admin/clients")
    Mono<ResponseEntity<String>> list(Authentication caller) {
        requireAdmin(caller);
        return admin.list(caller).map(json -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json));
    }

    /** Revokes the client's key; with {@code erase=true} deletes the client, keeping its batches' counts without it. */
    @DeleteMapping("/api/v1/admin/clients/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, @RequestParam(defaultValue = "false") boolean erase, Authentication caller) {
        requireAdmin(caller);
        UUID client = uuid(id);
        return (erase ? admin.erase(client, caller) : admin.revoke(client, caller))
                .flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build()) : notFound(client));
    }

    /** Everything held about a client: its record, its ingestion batches, and the admin actions on it so far. */
    @GetMapping("/api/v1/admin/clients/{id}/export")
    Mono<ResponseEntity<String>> export(@PathVariable String id, Authentication caller) {
        requireAdmin(caller);
        UUID client = uuid(id);
        return admin.export(client, caller)
                .map(doc -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(doc))
                .switchIfEmpty(notFound(client));
    }

    /**
     * The access decision already needs {@code admin} for these routes; each handler checks again, so a
     * mistake in routing or in the decision cannot hand key management to another scope.
     */
    static void requireAdmin(Authentication admin) {
        if (admin == null || !admin.isAuthenticated() || !(admin.getPrincipal() instanceof Caller caller)
                || !caller.scopes().contains(Scope.ADMIN)) {
            throw new AccessDeniedException("key management needs the admin scope");
        }
    }

    private static <T> Mono<T> notFound(UUID id) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no API client " + id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("id", "not a UUID");
        }
    }
}
