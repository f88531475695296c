package dev.celestial.db;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.codec.DefaultCodecs;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.message.Format;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * One binary {@code timestamptz} cell read as an {@link Instant} through the driver's codecs, with and
 * without {@link InstantCodec} registered in front (as every pool registers it). Run with deploy/bench/micro.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InstantCodecBenchmark {

    private static final int TIMESTAMPTZ = PostgresqlObjectId.TIMESTAMPTZ.getObjectId();

    private final DefaultCodecs driver = new DefaultCodecs(ByteBufAllocator.DEFAULT);
    private final DefaultCodecs withInstantCodec = new DefaultCodecs(ByteBufAllocator.DEFAULT);
    private final ByteBuf cell = Unpooled.buffer(8);

    @Setup
    public void codecs() {
        Mono.from(InstantCodec.registrar().register(null, ByteBufAllocator.DEFAULT, withInstantCodec)).block();
        // 2021-03-08T12:34:56.789012Z, as microseconds since 2000-01-01
        cell.writeLong(668_522_096_789_012L);
        Instant expected = Instant.parse("2021-03-08T12:34:56.789012Z");
        if (!expected.equals(driverDecode()) || !expected.equals(instantCodecDecode())) {
            throw new IllegalStateException("the codecs disagree: " + driverDecode() + " " + instantCodecDecode());
        }
    }

    @Benchmark
    public Instant driverDecode() {
        return driver.decode(cell.readerIndex(0), TIMESTAMPTZ, Format.FORMAT_BINARY, Instant.class);
    }

    @Benchmark
    public Instant instantCodecDecode() {
        return withInstantCodec.decode(cell.readerIndex(0), TIMESTAMPTZ, Format.FORMAT_BINARY, Instant.class);
    }
}
