package dev.celestial.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.web.BadParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorSignerTests {

    static final String TEXT_KEY = "a plain text key, forty-two characters long";
    static final byte[] CONTENT = "time\n2024-01-01T00:00:00Z\nus7000abcd".getBytes(StandardCharsets.UTF_8);

    static CursorSigner signer(String key) {
        return new CursorSigner(new QueryLimits(100, 100, 100, key));
    }

    static void refused(CursorSigner signer, String cursor) {
        assertThatThrownBy(() -> signer.verify(cursor)).as(cursor).isInstanceOfSatisfying(BadParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo("cursor"));
    }

    @Test
    void givesBackTheContentOfItsOwnCursors() {
        CursorSigner signer = signer(TEXT_KEY);
        String cursor = signer.sign(CONTENT);
        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
        assertThat(signer.verify(cursor)).isEqualTo(CONTENT);
    }

    @Test
    void refusesEveryAlteredCharacterAndEveryTruncation() {
        CursorSigner signer = signer(TEXT_KEY);
        String cursor = signer.sign(CONTENT);
        for (int i = 0; i < cursor.length(); i++) {
            char flipped = cursor.charAt(i) == 'A' ? 'B' : 'A';
            refused(signer, cursor.substring(0, i) + flipped + cursor.substring(i + 1));
            refused(signer, cursor.substring(0, i));
        }
        refused(signer, cursor + "A");
        refused(signer, Base64.getUrlEncoder().withoutPadding().encodeToString(CONTENT));
    }

    @Test
    void refusesACursorSignedWithAnotherKey() {
        refused(signer(TEXT_KEY), signer(TEXT_KEY + "!").sign(CONTENT));
    }

    @Test
    void takesTheKeyAsBase64OrAsText() {
        String base64 = Base64.getEncoder().encodeToString(TEXT_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(signer(base64).sign(CONTENT)).isEqualTo(signer(TEXT_KEY).sign(CONTENT));
        assertThat(signer(" " + TEXT_KEY + "\n").sign(CONTENT)).as("a mounted secret's newline").isEqualTo(signer(TEXT_KEY).sign(CONTENT));
    }

    @Test
    void refusesAKeyShorterThan32Bytes() {
        assertThatThrownBy(() -> signer("too short")).isInstanceOf(IllegalStateException.class).hasMessageContaining("CELESTIAL_CURSOR_KEY");
        assertThatThrownBy(() -> signer("x".repeat(31))).isInstanceOf(IllegalStateException.class);
        // 16 bytes in base64 (24 characters) are too short read either way
        assertThatThrownBy(() -> signer(Base64.getEncoder().encodeToString(new byte[16]))).isInstanceOf(IllegalStateException.class);
        assertThat(signer("x".repeat(32)).sign(CONTENT)).isNotEmpty();
    }

    @Test
    void withoutAKeyEachSignerDrawsItsOwn() {
        CursorSigner one = signer(null);
        CursorSigner other = signer("");
        assertThat(one.verify(one.sign(CONTENT))).isEqualTo(CONTENT);
        refused(other, one.sign(CONTENT));
    }
}
