package dev.celestial.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.db.Where;
import dev.celestial.web.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class RuleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Rule parse(String json) {
        return Rule.parse(JSON.readTree(json), "rule");
    }

    @Test
    void readsTheExampleRulesAndStoresThemCanonically() {
        Rule rule = parse("""
                {"first": {"kind": "solar_event", "solarKind": "flare", "minClass": "x1.0"},
                 "second": {"kind": "earthquake", "minMagnitude": 6}, "withinHours": 48}""");
        assertThat(rule.first().minClass()).isEqualTo("X1.0");
        assertThat(rule.withinKm()).isNull();
        assertThat(rule.json()).isEqualTo("{\"first\":{\"kind\":\"solar_event\",\"solarKind\":\"flare\",\"minClass\":\"X1.0\"},"
                + "\"second\":{\"kind\":\"earthquake\",\"minMagnitude\":6.0},\"withinHours\":48.0}");
        assertThat(parse(rule.json())).isEqualTo(rule);
        Rule near = parse("""
                {"first": {"kind": "earthquake", "minMagnitude": 7}, "second": {"kind": "volcanic_activity", "minVei": 2},
                 "withinHours": 720, "withinKm": 500}""");
        assertThat(near.withinKm()).isEqualTo(500.0);
        assertThat(near.involves(EventKind.VOLCANIC_ACTIVITY)).isTrue();
        assertThat(near.involves(EventKind.SOLAR_EVENT)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]|rule",
            "{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1,\"extra\":1}|rule.extra",
            "{\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first",
            "{\"first\":{\"kind\":\"comet\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.kind",
            "{\"first\":{\"kind\":\"earthquake\",\"minVei\":2},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minVei",
            "{\"first\":{\"kind\":\"earthquake\",\"minMagnitude\":\"6\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minMagnitude",
            "{\"first\":{\"kind\":\"earthquake\",\"minMagnitude\":11},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minMagnitude",
            "{\"first\":{\"kind\":\"solar_event\",\"minClass\":\"Q1\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minClass",
            "{\"first\":{\"kind\":\"solar_event\",\"minClass\":\"X1'; DROP TABLE x; --\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minClass",
            "{\"first\":{\"kind\":\"solar_event\",\"solarKind\":\"cme\",\"minClass\":\"X1\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minClass",
            "{\"first\":{\"kind\":\"solar_event\",\"solarKind\":\"flare\",\"minSpeedKms\":900},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.minSpeedKms",
            "{\"first\":{\"kind\":\"solar_event\",\"solarKind\":\"storm\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}|rule.first.solarKind",
            "{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"volcanic_activity\",\"minVei\":2.5},\"withinHours\":1}|rule.second.minVei",
            "{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"earthquake\"}}|rule.withinHours",
            "{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":0}|rule.withinHours",
            "{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":9999}|rule.withinHours",
            "{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1,\"withinKm\":-1}|rule.withinKm",
            "{\"first\":{\"kind\":\"solar_event\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1,\"withinKm\":100}|rule.withinKm",
    })
    void refusesAnythingElseNamingTheField(String json, String field) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void compilesToFixedTextWithEveryValueABind() {
        Rule rule = parse("""
                {"first": {"kind": "earthquake", "minMagnitude": 7, "tsunami": true},
                 "second": {"kind": "volcanic_activity", "minVei": 2}, "withinHours": 720, "withinKm": 500}""");
        Where where = new Where().and("f.source_id = ANY(:keys::text[])").bind("keys", new String[] {"a"});
        String sql = CorrelationSql.insert(3, rule, where);
        assertThat(sql).contains("f.magnitude >= :firstMinMagnitude", "f.tsunami = :firstTsunami", "s.vei >= :secondMinVei",
                        "ST_DWithin(f.location, s.location, :withinM)", "s.eruption_start >= f.occurred_at",
                        "f.occurred_at >= s.eruption_start - :windowSeconds * interval '1 second'", "ON CONFLICT DO NOTHING")
                .doesNotContain("720", "500", "f.id <> s.id");
        assertThat(where.binds()).containsEntry("firstMinMagnitude", 7.0).containsEntry("secondMinVei", 2)
                .containsEntry("windowSeconds", 720 * 3600.0).containsEntry("withinM", 500_000.0).containsEntry("ruleId", 3L);
        Rule same = parse("{\"first\":{\"kind\":\"earthquake\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}");
        assertThat(CorrelationSql.insert(4, same, new Where())).contains("f.id <> s.id", "ST_Distance(f.location, s.location) / 1000");
        Rule flares = parse("{\"first\":{\"kind\":\"solar_event\",\"minClass\":\"X1\"},\"second\":{\"kind\":\"earthquake\"},\"withinHours\":1}");
        Where flareBinds = new Where();
        assertThat(CorrelationSql.insert(5, flares, flareBinds)).contains("NULL::float8 AS km", "f.kind = :firstSolarKind",
                "f.class_intensity >= celestial.flare_class_intensity(:firstMinClass)").doesNotContain("ST_DWithin");
        assertThat(flareBinds.binds()).containsEntry("firstSolarKind", "flare").containsEntry("firstMinClass", "X1");
    }

    @Test
    void aSideRulesOutOnlyWhatItsThresholdsRuleOut() {
        Side quakes = Side.parse(JsonMapper.builder().build().readTree("{\"kind\":\"earthquake\",\"minMagnitude\":6,\"tsunami\":true}"), "s");
        assertThat(quakes.mayMatch(java.util.Map.<String, Object>of("magnitude", 6.0, "tsunami", true)::get)).isTrue();
        assertThat(quakes.mayMatch(java.util.Map.<String, Object>of("magnitude", 5.99, "tsunami", true)::get)).isFalse();
        assertThat(quakes.mayMatch(java.util.Map.<String, Object>of("magnitude", 7.0, "tsunami", false)::get)).isFalse();
        assertThat(quakes.mayMatch(java.util.Map.<String, Object>of("tsunami", true)::get)).as("no magnitude, as magnitude >= 6 in SQL").isFalse();
        Side flares = Side.parse(JsonMapper.builder().build().readTree("{\"kind\":\"solar_event\",\"minClass\":\"X1.0\"}"), "s");
        assertThat(flares.mayMatch(java.util.Map.<String, Object>of("kind", "flare", "class_type", "C1.0")::get)).as("the class is the statement's").isTrue();
        assertThat(flares.mayMatch(java.util.Map.<String, Object>of("kind", "cme")::get)).isFalse();
        Side cmes = Side.parse(JsonMapper.builder().build().readTree("{\"kind\":\"solar_event\",\"solarKind\":\"cme\",\"minSpeedKms\":1000}"), "s");
        assertThat(cmes.mayMatch(java.util.Map.<String, Object>of("kind", "cme", "cme_speed_kms", 1200.0)::get)).isTrue();
        assertThat(cmes.mayMatch(java.util.Map.<String, Object>of("kind", "cme", "cme_speed_kms", 900.0)::get)).isFalse();
        Side eruptions = Side.parse(JsonMapper.builder().build().readTree("{\"kind\":\"volcanic_activity\",\"minVei\":2}"), "s");
        assertThat(eruptions.mayMatch(java.util.Map.<String, Object>of("vei", 2)::get)).isTrue();
        assertThat(eruptions.mayMatch(java.util.Map.<String, Object>of("vei", 1)::get)).isFalse();
    }
}
