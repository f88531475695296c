package dev.celestial.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.support.SparePair;
import dev.celestial.support.TestDatabase;
import dev.celestial.support.TestDatabase.Node;
import dev.celestial.support.TestDatabase.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code db.sh failover}, {@code rejoin} and {@code status}, on a pair of this test's own. */
class FailoverScriptTests {

    static SparePair pair;

    @BeforeAll
    static void pair() {
        Assumptions.assumeTrue(TestDatabase.get().controllable(), "needs the local pair");
        pair = SparePair.create("failover-script-db", 2);
    }

    @AfterAll
    static void destroy() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void failoverPromotesTheStandbyAndRejoinMakesTheOldPrimaryItsStandby() throws Exception {
        int primary = pair.port(Node.PRIMARY);
        int replica = pair.port(Node.REPLICA);
        assertThat(pair.script("status")).contains("primary: primary (127.0.0.1:" + primary + ")")
                .containsPattern("replica +running on 127.0.0.1:" + replica + " +in_recovery=t +role=standby");
        execute(Node.PRIMARY, "CREATE TABLE IF NOT EXISTS failover_marks (n int PRIMARY KEY)",
                "INSERT INTO failover_marks SELECT generate_series(1, 1000)");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(Node.REPLICA) == 1000);

        pair.stop(Node.PRIMARY, "immediate");
        assertThat(pair.script("failover")).contains("promoted replica: the primary is now 127.0.0.1:" + replica);
        assertThat(pair.script("failover")).contains("nothing to promote");
        assertThat(pair.script("status")).contains("primary: replica (127.0.0.1:" + replica + ")")
                .containsPattern("replica +running on 127.0.0.1:" + replica + " +in_recovery=f +role=primary")
                .containsPattern("primary +stopped");
        execute(Node.REPLICA, "INSERT INTO failover_marks SELECT generate_series(1001, 1005)");

        assertThat(pair.script("rejoin")).contains("rewound primary", "primary (127.0.0.1:" + primary + ") is a standby of replica");
        assertThat(pair.script("rejoin")).contains("already a standby");
        assertThat(pair.script("status")).containsPattern("primary +running on 127.0.0.1:" + primary + " +in_recovery=t +role=standby")
                .contains("streaming");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(Node.PRIMARY) == 1005);

        // and back, as a planned switchover: the running primary hands over its last WAL before the promotion
        execute(Node.REPLICA, "INSERT INTO failover_marks SELECT generate_series(1006, 1010)");
        assertThat(pair.script("failover")).contains("replica stopped", "promoted primary");
        assertThat(count(Node.PRIMARY)).isEqualTo(1010);
        pair.script("rejoin");
        assertThat(pair.script("status")).contains("primary: primary (127.0.0.1:" + primary + ")")
                .containsPattern("replica +running on 127.0.0.1:" + replica + " +in_recovery=t +role=standby");
    }

    @Test
    void rejoinNeedsARunningPrimary() {
        pair.script("down");
        try {
            assertThatThrownBy(() -> pair.script("rejoin")).hasMessageContaining("cannot rejoin: the primary");
        } finally {
            pair.script("up");
        }
    }

    static void execute(Node node, String... statements) throws SQLException {
        try (Connection connection = pair.connect(node, Role.SUPERUSER); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static long count(Node node) throws SQLException {
        try (Connection connection = pair.connect(node, Role.SUPERUSER); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM failover_marks")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
