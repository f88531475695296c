/**
 * The warm-up: before an instance reports ready, it sends itself the reads its users send most (radius and box
 * reads of earthquakes, where the newest events are) for {@code celestial.warmup.duration}, so its first real
 * requests do not wait for the JIT. Its key has the read scope, lives in memory, and is refused once it ends.
 */
package dev.celestial.warmup;
