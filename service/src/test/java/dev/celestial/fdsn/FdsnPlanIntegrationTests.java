package dev.celestial.fdsn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** FDSN box queries find their candidates on the planar GiST index, as the box API does, across the antimeridian too. */
@IntegrationTest
class FdsnPlanIntegrationTests {

    static final Pattern BIND = Pattern.compile("(?<!:):(\\w+)");

    @ParameterizedTest
    @ValueSource(strings = {"minlatitude=30&maxlatitude=40&minlongitude=130&maxlongitude=140",
            "minlatitude=-20&maxlatitude=-10&minlongitude=175&maxlongitude=185", "minlatitude=60", "maxlongitude=-170"})
    void boxQueriesUseThePlanarIndex(String parameters) throws SQLException {
        FdsnQuery query = new FdsnQuery(FdsnQuery.SPECIFIED.params(
                MockServerWebExchange.from(MockServerHttpRequest.get("/fdsnws/event/1/query?" + parameters))));
        Matcher bind = BIND.matcher(query.countSql());
        StringBuilder sql = new StringBuilder();
        while (bind.find()) {
            bind.appendReplacement(sql, String.valueOf(query.binds().get(bind.group(1))));
        }
        bind.appendTail(sql);

        assertThat(plan(sql.toString())).contains("earthquakes_location_geom_gix");
    }

    private static String plan(String sql) throws SQLException {
        try (Connection connection = TestDatabase.get().connect(TestDatabase.Node.REPLICA, TestDatabase.Role.READER);
             Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }
}
