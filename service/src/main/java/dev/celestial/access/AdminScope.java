package dev.celestial.access;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * The admin re-check for admin handlers outside this package: the access decision already needs
 * {@code admin} for their routes, and each handler checks again, so a mistake in routing or in the
 * decision cannot hand an admin route to another scope.
 */
public final class AdminScope {

    private AdminScope() {
    }

    /** Throws {@link AccessDeniedException} (403) unless {@code caller} is an authenticated admin. */
    public static void require(Authentication caller, String what) {
        if (caller == null || !caller.isAuthenticated() || !(caller.getPrincipal() instanceof Caller client)
                || !client.scopes().contains(Scope.ADMIN)) {
            throw new AccessDeniedException(what + " needs the admin scope");
        }
    }
}
