package dev.celestial.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Keys (256 random bits), their stored form (SHA-256), and UUIDv7 client ids. */
final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PREFIX = "cel_";

    private ApiKeys() {
    }

    /** A new key: {@code cel_} and 32 random bytes, base64url. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits. */
    static UUID uuid7() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        ByteBuffer tail = ByteBuffer.wrap(random);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (tail.getShort() & 0x0FFFL);
        long low = (tail.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
