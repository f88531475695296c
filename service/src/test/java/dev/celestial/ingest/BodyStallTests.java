package dev.celestial.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class BodyStallTests {

    static final Duration LIMIT = Duration.ofMillis(300);

    static DataBuffer bytes(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSenderThatGoesQuietWhileAskedForMoreIsCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.concat(Flux.just(bytes("a")), Flux.never()), LIMIT))
                .expectNextCount(1)
                .expectError(BodyStalledException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aSenderThatNeverStartsIsCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.<DataBuffer>never(), LIMIT))
                .expectError(BodyStalledException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void timeTheConsumerSpendsNotAskingDoesNotCount() {
        StepVerifier.create(BodyStall.guard(Flux.just(bytes("a"), bytes("b")), LIMIT), 1)
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(900))
                .thenRequest(1)
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void steadyDataIsNeverCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.interval(Duration.ofMillis(100)).take(10).map(i -> bytes("x")), LIMIT))
                .expectNextCount(10)
                .verifyComplete();
    }
}
