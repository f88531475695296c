package dev.celestial.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class BodyStallTests {

    static final Duration LIMIT = Duration.ofMillis(300);
    static final DataSize NO_RATE = DataSize.ofBytes(0);

    static DataBuffer bytes(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSenderThatGoesQuietWhileAskedForMoreIsCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.concat(Flux.just(bytes("a")), Flux.never()), LIMIT, NO_RATE))
                .expectNextCount(1)
                .expectError(BodyStalledException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aSenderThatNeverStartsIsCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.<DataBuffer>never(), LIMIT, NO_RATE))
                .expectError(BodyStalledException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void timeTheConsumerSpendsNotAskingDoesNotCount() {
        StepVerifier.create(BodyStall.guard(Flux.just(bytes("a"), bytes("b")), LIMIT, NO_RATE), 1)
                .expectNextCount(1)
                .expectNoEvent(Duration.ofMillis(900))
                .thenRequest(1)
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void steadyDataIsNeverCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.interval(Duration.ofMillis(100)).take(10).map(i -> bytes("x")), LIMIT, NO_RATE))
                .expectNextCount(10)
                .verifyComplete();
    }

    @Test
    void aSenderThatDripsBelowTheMinimumRateIsCutOffThoughEveryByteComesInTime() {
        // a byte every 50 ms never stalls for 300 ms, but is 20 bytes per second against 1 KB
        StepVerifier.create(BodyStall.guard(Flux.interval(Duration.ofMillis(50)).map(i -> bytes("x")), LIMIT, DataSize.ofKilobytes(1)))
                .thenConsumeWhile(buffer -> true)
                .expectError(BodyStalledException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aSenderAboveTheMinimumRateIsNeverCutOff() {
        StepVerifier.create(BodyStall.guard(Flux.interval(Duration.ofMillis(20)).take(60).map(i -> bytes("x".repeat(100))), LIMIT,
                        DataSize.ofKilobytes(1)))
                .expectNextCount(60)
                .verifyComplete();
    }
}
