package dev.celestial.db;

import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.PostgresTypeIdentifier;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Reads a binary {@code timestamptz} as an {@link Instant} straight from its bytes (microseconds since
 * 2000-01-01 UTC). The driver's own codec reads the clock and builds time-zone rules for every value
 * ({@code OffsetDateTime.now()}), about 3% of the CPU of a page of earthquakes. Registered ahead of the
 * driver's codec on each connection; writing an Instant is still the driver's codec's work, handed on
 * unchanged, so what is stored does not change. PostgreSQL's {@code infinity} reads as {@link Instant#MAX}.
 */
final class InstantCodec implements Codec<Instant>, CodecMetadata {

    private static final long SECONDS_1970_TO_2000 = 946_684_800L;
    private static final int TIMESTAMPTZ = PostgresqlObjectId.TIMESTAMPTZ.getObjectId();

    private final Codec<Instant> writer;

    private InstantCodec(Codec<Instant> writer) {
        this.writer = writer;
    }

    /** Puts this codec first on every new connection, in front of the driver's codec it hands writing to. */
    @SuppressWarnings("unchecked")
    static CodecRegistrar registrar() {
        return (connection, allocator, registry) -> Mono.fromRunnable(() -> {
            for (Codec<?> codec : registry) {
                if (codec.canEncode(Instant.EPOCH)) {
                    registry.addFirst(new InstantCodec((Codec<Instant>) codec));
                    return;
                }
            }
            throw new IllegalStateException("r2dbc-postgresql has no Instant codec to write timestamps with");
        });
    }

    @Override
    public boolean canDecode(int dataType, Format format, Class<?> type) {
        return dataType == TIMESTAMPTZ && format == Format.FORMAT_BINARY && type == Instant.class;
    }

    @Override
    public Instant decode(ByteBuf buffer, int dataType, Format format, Class<? extends Instant> type) {
        if (buffer == null) {
            return null;
        }
        long micros = buffer.readLong();
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros == Long.MAX_VALUE ? Instant.MAX : Instant.MIN;
        }
        return Instant.ofEpochSecond(SECONDS_1970_TO_2000 + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    @Override
    public boolean canEncode(Object value) {
        return writer.canEncode(value);
    }

    @Override
    public boolean canEncodeNull(Class<?> type) {
        return writer.canEncodeNull(type);
    }

    @Override
    public EncodedParameter encode(Object value) {
        return writer.encode(value);
    }

    @Override
    public EncodedParameter encode(Object value, int dataType) {
        return writer.encode(value, dataType);
    }

    @Override
    public EncodedParameter encodeNull() {
        return writer.encodeNull();
    }

    @Override
    public Class<?> type() {
        return Instant.class;
    }

    @Override
    public Iterable<? extends PostgresTypeIdentifier> getDataTypes() {
        return List.of(PostgresqlObjectId.TIMESTAMPTZ);
    }

    @Override
    public Iterable<Format> getFormats() {
        return EnumSet.of(Format.FORMAT_BINARY);
    }
}
