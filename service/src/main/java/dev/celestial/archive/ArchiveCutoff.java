package dev.celestial.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.springframework.stereotype.Component;

/**
 * Where the archive begins for reads: events older than now minus {@code celestial.archive.age} may have
 * moved there. Raising the age later does not move archived events back; reads asking for them then need
 * {@code includeArchive=true}.
 */
@Component
public class ArchiveCutoff {

    private final ArchiveProperties properties;

    ArchiveCutoff(ArchiveProperties properties) {
        this.properties = properties;
    }

    public Instant now() {
        return ZonedDateTime.now(ZoneOffset.UTC).minus(properties.age()).toInstant();
    }

    /**
     * Whether a read includes the archive: as asked ({@code includeArchive}), or else when it gives a time range
     * reaching before the cutoff (a lower bound before it, or an upper bound alone).
     */
    public boolean includes(Boolean requested, Instant from, Instant to) {
        return includes(requested, from, to, now());
    }

    public static boolean includes(Boolean requested, Instant from, Instant to, Instant cutoff) {
        if (requested != null) {
            return requested;
        }
        return cutoff != null && (from != null ? from.isBefore(cutoff) : to != null);
    }
}
