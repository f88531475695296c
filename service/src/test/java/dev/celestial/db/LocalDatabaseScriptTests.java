package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deploy/local/db.sh, on the test pair it created. */
class LocalDatabaseScriptTests {

    final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void localPairOnly() {
        Assumptions.assumeTrue(db.controllable(), "needs the local pair");
    }

    @Test
    void statusShowsBothNodesTheirRolesAndReplication() {
        String status = db.script("status");
        assertThat(status).containsPattern("primary +running on 127.0.0.1:" + db.port(TestDatabase.Node.PRIMARY) + " +in_recovery=f")
                .containsPattern("replica +running on 127.0.0.1:" + db.port(TestDatabase.Node.REPLICA) + " +in_recovery=t")
                .contains("streaming", "replay_lag_bytes");
    }

    @Test
    void upIsIdempotentAndPrintsTheUrls() {
        String again = db.script("up");
        assertThat(again).doesNotContain("initialised", "cloned")
                .contains("jdbc:postgresql://127.0.0.1:" + db.port(TestDatabase.Node.PRIMARY) + "/" + db.database(),
                        "r2dbc:postgresql://127.0.0.1:" + db.port(TestDatabase.Node.REPLICA) + "/" + db.database());
    }

    @Test
    void anUnknownVerbPrintsTheUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.script("sideways"))
                .hasMessageContaining("usage: deploy/local/db.sh up|down|status|destroy");
    }
}
