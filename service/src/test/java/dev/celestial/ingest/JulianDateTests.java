package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JulianDateTests {

    @Test
    void theBoundsAreTheYearsATimeColumnTakes() {
        assertThat(JulianDate.toInstant(JulianDate.EARLIEST)).isEqualTo(Fields.EARLIEST);
        assertThat(JulianDate.toInstant(JulianDate.LATEST)).isEqualTo(Fields.LATEST);
    }

    @Test
    void datesBeyondWhatNanosecondsSince1970HoldKeepTheirInstant() {
        assertThat(JulianDate.toInstant(2_561_117.5)).isEqualTo(Instant.parse("2300-01-01T00:00:00Z"));
        assertThat(JulianDate.toInstant(2_305_447.5)).isEqualTo(Instant.parse("1600-01-01T00:00:00Z"));
        assertThat(JulianDate.toInstant(2_460_000.25)).isEqualTo(Instant.parse("2023-02-24T18:00:00Z"));
    }
}
