package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

/** The read stall timeout's timer: it fires, a cancelled task never runs, and a disposed worker cancels its tasks. */
class WheelTimerTests {

    final WheelTimer timer = new WheelTimer();

    @AfterEach
    void stop() {
        timer.destroy();
    }

    @Test
    void aStreamThatStallsTimesOutAndOneThatKeepsComingDoesNot() {
        StepVerifier.create(Flux.never().timeout(Duration.ofMillis(300), timer))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(Flux.interval(Duration.ofMillis(50)).take(20).timeout(Duration.ofMillis(500), timer))
                .expectNextCount(20)
                .verifyComplete();
    }

    @Test
    void aCancelledTaskNeverRunsAndADisposedWorkerCancelsItsTasks() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        timer.schedule(() -> ran.set(true), 200, TimeUnit.MILLISECONDS).dispose();
        Scheduler.Worker worker = timer.createWorker();
        worker.schedule(() -> ran.set(true), 200, TimeUnit.MILLISECONDS);
        worker.dispose();
        CountDownLatch later = new CountDownLatch(1);
        Disposable marker = timer.schedule(later::countDown, 400, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(marker.isDisposed()).isTrue();
        assertThat(ran).isFalse();
    }
}
