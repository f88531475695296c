package dev.celestial.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs page cursors with HMAC-SHA256 ({@code celestial.query.cursor-key}), so a cursor that comes back
 * is one this service wrote: a forged, altered or truncated one is a 400 naming {@code cursor} before
 * any of it reaches SQL. A cursor is {@code <content>.<mac>}, both unpadded base64url.
 */
@Component
public final class CursorSigner {

    private static final Logger log = LoggerFactory.getLogger(CursorSigner.class);
    private static final String ALGORITHM = "HmacSHA256";
    /** HMAC-SHA256's own output size: a shorter key is a weaker one (RFC 2104, section 3). */
    static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    public CursorSigner(QueryLimits limits) {
        key = new SecretKeySpec(keyBytes(limits.cursorKey()), ALGORITHM);
    }

    /** {@code content} as a signed cursor. */
    public String sign(byte[] content) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(content);
        return encoded + "." + mac(encoded);
    }

    /** The content of a cursor this key signed; anything else is refused. */
    public byte[] verify(String cursor) {
        int dot = cursor.indexOf('.');
        if (dot > 0) {
            String encoded = cursor.substring(0, dot);
            // compared as text, so no second spelling of the same MAC (base64's unused low bits) passes either
            byte[] expected = mac(encoded).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, cursor.substring(dot + 1).getBytes(StandardCharsets.UTF_8))) {
                return Base64.getUrlDecoder().decode(encoded);
            }
        }
        throw new BadParameterException("cursor", "not a cursor this service issued, or altered; start again without it");
    }

    private String mac(String encoded) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(encoded.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        }
    }

    /**
     * The configured key: base64 when it decodes to enough bytes, else the text's UTF-8 bytes; unset, a
     * random key for this process only.
     */
    static byte[] keyBytes(String configured) {
        if (configured == null || configured.isBlank()) {
            log.warn("celestial.query.cursor-key (CELESTIAL_CURSOR_KEY) is unset: page cursors are signed with a random key, "
                    + "so they stop working at a restart and on other instances; set the same key everywhere");
            byte[] random = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(random);
            return random;
        }
        String text = configured.trim();
        try {
            byte[] decoded = Base64.getDecoder().decode(text);
            if (decoded.length >= MIN_KEY_BYTES) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // not base64: the text itself is the key
        }
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("celestial.query.cursor-key (CELESTIAL_CURSOR_KEY) must hold at least " + MIN_KEY_BYTES
                    + " bytes: base64 (e.g. openssl rand -base64 32) or text of at least " + MIN_KEY_BYTES + " characters");
        }
        return raw;
    }
}
