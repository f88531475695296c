package dev.celestial.db;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The timers one replica read arms and disarms: taking a reader connection within {@code max-acquire-time}
 * (ReaderConnections) inside the read's stall timeout (ReadRouter), over a page that is one chunk. On the
 * {@link WheelTimer} and on Reactor's default timer, {@link Schedulers#parallel()}. Run with deploy/bench/micro.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WheelTimerBenchmark {

    private static final Duration ACQUIRE = Duration.ofSeconds(5);
    private static final Duration STALL = Duration.ofSeconds(15);

    private final WheelTimer wheel = new WheelTimer();
    private final Mono<Object> connection = Mono.just(new Object());
    private final Flux<byte[]> page = Flux.just(new byte[0]);
    private long chunks;

    @TearDown
    public void stop() {
        wheel.destroy();
    }

    @Benchmark
    public long wheelTimerRead() {
        return read(wheel);
    }

    @Benchmark
    public long parallelTimerRead() {
        return read(Schedulers.parallel());
    }

    private long read(Scheduler timer) {
        connection.timeout(ACQUIRE, timer).flatMapMany(taken -> page).timeout(STALL, timer).subscribe(chunk -> chunks++);
        return chunks;
    }
}
