package dev.celestial.access;

import java.security.MessageDigest;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
        Caller caller = active.get(HEX.formatHex(hash));
        if (caller != null) {
            used.add(caller.id());
        }
        return caller;
    }

    /** Whether the clients have been loaded at least once: until then valid keys would be refused. */
    public boolean loaded() {
        return loaded;
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
                .doOnNext(clients -> replace(clients, before))
                .onErrorResume(error -> {
                    // keep the clients last loaded: the database being away must not lock everyone out
                    log.warn("could not reload API clients: {}", error.toString());
                    used.addAll(touched);
                    return Mono.empty();
                })
                .then();
    }

    private synchronized void replace(Map<String, Caller> clients, long before) {
        if (changes.get() == before) {
            active = Map.copyOf(clients);
        }
        loaded = true;
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
