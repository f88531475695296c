package dev.celestial.archive;

import dev.celestial.access.Caller;
import dev.celestial.access.Requires;
import dev.celestial.access.Scope;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/admin/archive/run}: one run of the mover now, answered with what it did. */
@RestController
@Requires(Scope.ADMIN)
class ArchiveController {

    private final ArchiveMover mover;

    ArchiveController(ArchiveMover mover) {
        this.mover = mover;
    }

    @PostMapping("/api/v1/admin/archive/run")
    Mono<ArchiveRun> run(Authentication admin) {
        // the route already needs admin; checked again here, as every admin handler does, so a routing mistake
        // cannot hand the mover to another scope
        if (admin == null || !admin.isAuthenticated() || !(admin.getPrincipal() instanceof Caller caller)
                || !caller.scopes().contains(Scope.ADMIN)) {
            return Mono.error(new AccessDeniedException("the archive run needs the admin scope"));
        }
        return mover.run();
    }
}
