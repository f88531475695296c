package dev.celestial.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.ingest.Column;
import dev.celestial.ingest.IngestKind;
import org.junit.jupiter.api.Test;

/**
 * A kind's table declaration against what was written by hand before it: the upsert (compared apart from
 * whitespace) and the columns staged per chunk (which triggers and correlations name).
 */
public abstract class DerivedTableTests {

    private final IngestKind<?> kind;
    private final String written;
    private final String[] staged;

    protected DerivedTableTests(IngestKind<?> kind, String written, String... staged) {
        this.kind = kind;
        this.written = written;
        this.staged = staged;
    }

    @Test
    public void upsertIsTheOneWrittenByHand() {
        assertThat(SqlText.words(kind.table().upsert())).isEqualTo(SqlText.words(written));
    }

    @Test
    public void stagesTheColumnsTriggersAndCorrelationsName() {
        assertThat(kind.columns()).extracting(Column::name).containsExactlyInAnyOrder(staged);
        assertThat(kind.columnsByName()).containsOnlyKeys(staged);
    }
}
