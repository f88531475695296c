package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import tools.jackson.databind.json.JsonMapper;

/** Key management checks the admin scope itself, whatever the access decision in front of it let through. */
class AdminControllerTests {

    static Authentication key(Scope... scopes) {
        return UsernamePasswordAuthenticationToken.authenticated(new Caller(UUID.randomUUID(), "t", Set.of(scopes)), null, java.util.List.of());
    }

    @Test
    void everyHandlerRefusesAKeyWithoutTheAdminScopeBeforeTouchingAnything() {
        // no database, registry or audit: a handler that got past its check would fail differently
        AdminController controller = new AdminController(null);
        String id = UUID.randomUUID().toString();
        for (Authentication caller : new Authentication[] {key(Scope.INGEST), key(Scope.READ, Scope.INGEST), null,
                UsernamePasswordAuthenticationToken.unauthenticated(null, "cel_x")}) {
            assertThatThrownBy(() -> controller.create(JsonMapper.builder().build().readTree("{\"name\":\"x\",\"scopes\":[\"admin\"]}"), caller))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> controller.list(caller)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> controller.delete(id, false, caller)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> controller.export(id, caller)).isInstanceOf(AccessDeniedException.class);
        }
        assertThatCode(() -> AdminController.requireAdmin(key(Scope.ADMIN))).doesNotThrowAnyException();
    }
}
