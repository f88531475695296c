package dev.celestial.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs the mover every {@code interval} after the previous run ended, on every instance where
 * {@code celestial.archive.enabled}; the mover's advisory lock lets one instance move at a time.
 */
@Component
@ConditionalOnProperty(name = "celestial.archive.enabled", havingValue = "true", matchIfMissing = true)
class ArchiveSchedule {

    private static final Logger log = LoggerFactory.getLogger(ArchiveSchedule.class);

    private final ArchiveMover mover;

    ArchiveSchedule(ArchiveMover mover) {
        this.mover = mover;
    }

    /** Spring subscribes to the returned Mono anew on every run, so all the work is deferred to subscription. */
    @Scheduled(initialDelayString = "${celestial.archive.initial-delay}", fixedDelayString = "${celestial.archive.interval}")
    Mono<Void> run() {
        return mover.run()
                .onErrorResume(error -> {
                    log.warn("archive run failed: {}", error.toString());
                    return Mono.empty();
                })
                .then();
    }
}
