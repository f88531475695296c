package dev.celestial.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celestial.support.Fixtures;
import dev.celestial.support.IntegrationTest;
import dev.celestial.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import net.postgis.jdbc.PGgeography;
import net.postgis.jdbc.geometry.Geometry;
import net.postgis.jdbc.geometry.Point;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored {@code location} columns read back over JDBC as postgis-jdbc decodes them (the geography's EWKB, no
 * PostGIS function in between), against the coordinates that were posted: an independent check of what the COPY
 * path (EWKT) and the upsert path ({@code ST_MakePoint}) write.
 */
@IntegrationTest
class StoredLocationsIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    @BeforeEach
    @AfterEach
    void clean() {
        TestDatabase.get().cleanEventTables();
    }

    void post(String path, MediaType type, byte[] body, String expected) {
        web.post().uri(path).contentType(type).bodyValue(body).exchange().expectStatus().isOk().expectBody().json(expected);
    }

    /** Each row's {@code location} by its key, decoded by postgis-jdbc. */
    static Map<String, Geometry> locations(String sql) throws SQLException {
        Map<String, Geometry> byKey = new HashMap<>();
        try (Connection connection = TestDatabase.get().connect(TestDatabase.Node.PRIMARY, TestDatabase.Role.OWNER)) {
            connection.unwrap(org.postgresql.PGConnection.class).addDataType("geography", PGgeography.class);
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    byKey.put(rs.getString(1), ((PGgeography) rs.getObject(2)).getGeometry());
                }
            }
        }
        return byKey;
    }

    static void assertPoint(Geometry stored, double longitude, double latitude) {
        assertThat(stored).isInstanceOf(Point.class);
        Point point = (Point) stored;
        assertThat(point.getSrid()).isEqualTo(4326);
        assertThat(point.getDimension()).isEqualTo(2);
        assertThat(point.getX()).isEqualTo(longitude);
        assertThat(point.getY()).isEqualTo(latitude);
    }

    @Test
    void usgsEpicentresAreStoredAsTheExactPostedPoints() throws SQLException {
        byte[] body = Fixtures.bytes("usgs/significant_month_2020-06.geojson");
        // all keys new and distinct: the chunk goes in by COPY
        post("/api/v1/earthquakes?format=usgs-geojson", MediaType.APPLICATION_JSON, body,
                "{\"received\":6,\"inserted\":6,\"updated\":0,\"unchanged\":0}");
        Map<String, Geometry> stored = locations("SELECT source_id, location FROM celestial.earthquakes");
        JsonNode features = json.readTree(body).path("features");
        assertThat(stored).hasSize(features.size());
        for (JsonNode feature : features) {
            JsonNode coordinates = feature.path("geometry").path("coordinates");
            assertPoint(stored.get(feature.path("id").asString()), coordinates.get(0).doubleValue(), coordinates.get(1).doubleValue());
        }
    }

    @Test
    void upsertedEpicentresKeepTheNewestRevisionsPoint() throws SQLException {
        // a key twice in the chunk: the chunk goes through the upsert
        post("/api/v1/earthquakes", MediaType.APPLICATION_NDJSON, """
                {"sourceId":"gx1","time":"2024-05-01T00:00:00Z","updated":"2024-05-01T01:00:00Z","latitude":-33.8688,"longitude":151.2093,"magnitude":5}
                {"sourceId":"gx1","time":"2024-05-01T00:00:00Z","updated":"2024-05-01T02:00:00Z","latitude":-33.86881234567891,"longitude":151.20931234567891,"magnitude":5}
                {"sourceId":"gx2","time":"2024-05-01T00:00:00Z","latitude":89.999999,"longitude":-179.999999,"magnitude":4}
                """.getBytes(StandardCharsets.UTF_8), "{\"received\":3,\"inserted\":2,\"updated\":0}");
        Map<String, Geometry> stored = locations("SELECT source_id, location FROM celestial.earthquakes");
        assertPoint(stored.get("gx1"), 151.20931234567891, -33.86881234567891);
        assertPoint(stored.get("gx2"), -179.999999, 89.999999);
    }

    @Test
    void volcanoesAreStoredAsTheExactPostedPoints() throws SQLException {
        post("/api/v1/volcanic-activity", MediaType.APPLICATION_NDJSON, """
                {"volcanoNumber":"283030","volcanoName":"Fuji","latitude":35.361,"longitude":138.728,"eruptionStart":"1707-12-16T00:00:00Z"}
                {"volcanoNumber":"357040","volcanoName":"Villarrica","latitude":-39.42,"longitude":-71.93,"eruptionStart":"2024-01-01T00:00:00Z"}
                """.getBytes(StandardCharsets.UTF_8), "{\"received\":2,\"inserted\":2}");
        Map<String, Geometry> stored = locations("SELECT volcano_number, location FROM celestial.volcanic_activity");
        assertPoint(stored.get("283030"), 138.728, 35.361);
        assertPoint(stored.get("357040"), -71.93, -39.42);
    }
}
