package dev.celestial.access;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The active clients by key hash, held in memory and reloaded from the primary every
 * {@code refresh-interval}, so a key revoked on any instance stops working on every instance within that
 * interval (at once on the instance that revoked it). A key is looked up by its hash only: an unknown key
 * and a known one cost the same hash and one map lookup. Last use is written back at each reload.
 * Reloads run on the control pool, so uploads holding every writer connection cannot delay a revocation.
 * When reloads fail, the clients last loaded are trusted for {@code max-stale}, then every client key is
 * refused until a reload succeeds: a key revoked elsewhere must not stay valid through a long outage. The
 * bootstrap key keeps working, since it comes from the environment, not from the database.
 */
@Component
public class ClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);
    private static final HexFormat HEX = HexFormat.of();

    private final DatabaseClient control;
    private final AccessProperties properties;
    private final byte[] bootstrapHash;
    private final Set<UUID> used = ConcurrentHashMap.newKeySet();
    /** Bumped by every local change, so a reload that began before it does not undo it. */
    private final AtomicLong changes = new AtomicLong();
    private volatile Map<String, Caller> active = Map.of();
    private volatile boolean loaded;
    /** {@link System#nanoTime()} when the last successful reload began: its data is at least that fresh. */
    private volatile long loadedAt;
    /** Whether client keys are refused for staleness; only to log the change once each way. */
    private volatile boolean refusing;
    private volatile String lastError;
    /** The hash of this instance's warm-up key while it warms up (see the warmup package), else null. */
    private volatile byte[] warmupHash;

    ClientRegistry(@Qualifier("control") DatabaseClient control, AccessProperties properties) {
        this.control = control;
        this.properties = properties;
        String bootstrap = properties.bootstrapAdminKey();
        this.bootstrapHash = bootstrap == null || bootstrap.isBlank() ? null : ApiKeys.hash(bootstrap.trim());
    }

    /** The caller holding {@code key}, or null when no active client does. */
    public Caller find(String key) {
        byte[] hash = ApiKeys.hash(key);
        if (bootstrapHash != null && MessageDigest.isEqual(hash, bootstrapHash)) {
            return Caller.BOOTSTRAP;
        }
        byte[] warmup = warmupHash;
        if (warmup != null && MessageDigest.isEqual(hash, warmup)) {
            return Caller.WARMUP;
        }
        if (stale()) {
            if (!refusing) {
                noteStaleness(); // told when the first key is refused, not at the next reload
            }
            return null;
        }
        Caller caller = active.get(HEX.formatHex(hash));
        if (caller != null) {
            used.add(caller.id());
        }
        return caller;
    }

    /** A new key for this instance's warm-up reads (read scope), accepted until {@link #endWarmup}; it stays in memory. */
    public String startWarmup() {
        String key = ApiKeys.newKey();
        warmupHash = ApiKeys.hash(key);
        return key;
    }

    public void endWarmup() {
        warmupHash = null;
    }

    /** Whether the clients have been loaded at least once: until then valid keys would be refused. */
    public boolean loaded() {
        return loaded;
    }

    /** Whether the last successful reload began more than {@code max-stale} ago, so client keys are refused. */
    boolean stale() {
        return loaded && System.nanoTime() - loadedAt > properties.maxStale().toNanos();
    }

    /** How long ago the last successful reload began; null before the first. */
    Duration age() {
        return loaded ? Duration.ofNanos(System.nanoTime() - loadedAt) : null;
    }

    /** Why the last reload failed, or null when it succeeded. */
    String lastError() {
        return lastError;
    }

    synchronized void added(byte[] keyHash, Caller caller) {
        Map<String, Caller> next = new HashMap<>(active);
        next.put(HEX.formatHex(keyHash), caller);
        changes.incrementAndGet();
        active = Map.copyOf(next);
    }

    synchronized void removed(UUID id) {
        Map<String, Caller> next = new HashMap<>(active);
        next.values().removeIf(caller -> caller.id().equals(id));
        changes.incrementAndGet();
        active = Map.copyOf(next);
    }

    /** Spring subscribes to the returned Mono anew on every run, so all the work is deferred to subscription. */
    @Scheduled(fixedDelayString = "${celestial.access.refresh-interval}")
    Mono<Void> reload() {
        return Mono.defer(this::reloadNow);
    }

    private Mono<Void> reloadNow() {
        long started = System.nanoTime();
        long before = changes.get();
        List<UUID> touched = List.copyOf(used);
        used.removeAll(touched);
        Mono<Long> touch = touched.isEmpty() ? Mono.just(0L)
                : control.sql("UPDATE celestial.api_clients SET last_used_at = now() WHERE id = ANY(:ids)")
                        .bind("ids", touched.toArray(UUID[]::new)).fetch().rowsUpdated();
        Mono<Map<String, Caller>> load = control.sql("SELECT id, name, scopes, key_hash FROM celestial.api_clients WHERE revoked_at IS NULL")
                .map(row -> Map.entry(HEX.formatHex(row.get("key_hash", byte[].class)),
                        new Caller(row.get("id", UUID.class), row.get("name", String.class), scopes(row.get("scopes", String[].class)))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return touch.then(load)
                .timeout(properties.refreshInterval().multipliedBy(5))
                .doOnNext(clients -> replace(clients, before, started))
                .onErrorResume(error -> {
                    // keep the clients last loaded for max-stale: a short outage must not lock everyone out
                    Throwable cause = error;
                    while (cause.getCause() != null && cause.getCause() != cause) {
                        cause = cause.getCause();
                    }
                    // once per outage (and when its cause changes), not on every refresh
                    if (!error.toString().equals(lastError)) {
                        log.warn("could not reload API clients: {}{}", error, cause == error ? "" : " (" + cause + ")");
                    }
                    lastError = error.toString();
                    used.addAll(touched);
                    noteStaleness();
                    return Mono.empty();
                })
                .then();
    }

    private synchronized void replace(Map<String, Caller> clients, long before, long started) {
        if (changes.get() == before) {
            active = Map.copyOf(clients);
        }
        loadedAt = started;
        loaded = true;
        if (lastError != null) {
            log.info("API clients reloaded again");
        }
        lastError = null;
        noteStaleness();
    }

    private synchronized void noteStaleness() {
        boolean now = stale();
        if (now != refusing) {
            refusing = now;
            if (now) {
                log.warn("API clients not reloaded for {} (max-stale {}): refusing every client key until a reload succeeds",
                        seconds(age()), seconds(properties.maxStale()));
            } else {
                log.warn("API clients reloaded: client keys accepted again");
            }
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    static Set<Scope> scopes(String[] labels) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String label : labels) {
            Scope scope = Scope.of(label);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return Collections.unmodifiableSet(scopes);
    }
}
