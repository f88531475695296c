package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;

/** Timestamps read through {@link InstantCodec} on both pools, against PostgreSQL's own arithmetic. */
@IntegrationTest
class InstantCodecIntegrationTests {

    @Autowired
    @Qualifier("writer")
    DatabaseClient writer;

    @Autowired
    @Qualifier("reader")
    DatabaseClient reader;

    @Test
    void everyInstantReadsAsPostgresqlCountsItsMicroseconds() {
        for (DatabaseClient db : List.of(writer, reader)) {
            List<long[]> mismatches = db.sql("""
                            SELECT t, (extract(epoch FROM t) * 1000000)::int8 AS micros
                              FROM (SELECT timestamptz '1900-01-01 00:00:00.000001Z' + i * interval '7 days 3 hours 17.123457 seconds' AS t
                                      FROM generate_series(0, 9000) AS i) s
                             WHERE :on""")
                    .bind("on", true)
                    .map(row -> new long[] {micros(row.get("t", Instant.class)), row.get("micros", Long.class)})
                    .all()
                    .filter(pair -> pair[0] != pair[1])
                    .collectList()
                    .block();
            assertThat(mismatches).isEmpty();
        }
    }

    @Test
    void edgesReadAsTheInstantsTheyAre() {
        assertThat(read("timestamptz '1969-12-31 23:59:59.999999Z'")).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(read("timestamptz '1999-12-31 23:59:59.999999Z'")).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(read("timestamptz '2000-01-01 00:00:00Z'")).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(read("timestamptz '2024-03-10 14:34:56.789+02'")).isEqualTo(Instant.parse("2024-03-10T12:34:56.789Z"));
        assertThat(read("timestamptz '4713-01-01 00:00:00Z BC'")).isEqualTo(Instant.parse("-4712-01-01T00:00:00Z"));
        assertThat(read("timestamptz 'infinity'")).isEqualTo(Instant.MAX);
        assertThat(read("timestamptz '-infinity'")).isEqualTo(Instant.MIN);
        assertThat(writer.sql("SELECT NULL::timestamptz AS t WHERE :on").bind("on", true)
                .map(row -> Optional.ofNullable(row.get("t", Instant.class))).one().block()).isEmpty();
    }

    @Test
    void instantsAreStillWrittenByTheDriversCodec() {
        // the driver writes an Instant as text, which PostgreSQL rounds to the microsecond
        Instant written = Instant.parse("2024-01-01T00:00:00.123456789Z");
        String stored = writer.sql("SELECT (:t::timestamptz AT TIME ZONE 'UTC')::text AS t").bind("t", written)
                .map(row -> row.get("t", String.class)).one().block();
        assertThat(stored).isEqualTo("2024-01-01 00:00:00.123457");
        Object asObject = writer.sql("SELECT timestamptz '2024-01-01Z' AS t WHERE :on").bind("on", true).map(row -> row.get("t")).one().block();
        assertThat(asObject).as("reads not asking for an Instant keep the driver's type").isNotInstanceOf(Instant.class);
    }

    private Instant read(String expression) {
        // a statement with a bind goes by the extended protocol, whose results are binary (forceBinary)
        return writer.sql("SELECT " + expression + " AS t WHERE :on").bind("on", true).map(row -> row.get("t", Instant.class)).one().block();
    }

    private static long micros(Instant instant) {
        return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1_000;
    }
}
