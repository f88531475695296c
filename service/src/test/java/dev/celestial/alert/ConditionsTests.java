package dev.celestial.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celestial.support.Kinds;
import dev.celestial.web.InvalidFieldException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The condition language compiled to SQL: every example trigger compiles, values only ever as binds, bad input named. */
class ConditionsTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EventKinds KINDS = new EventKinds(Kinds.all());

    static Conditions.Compiled compile(EventKind kind, String conditions) {
        return Conditions.compile(kind, JSON.readTree(conditions), "p");
    }

    @Test
    void magnitudeAndRegionBecomeBoundComparisonsAndAGeographyDistance() {
        Conditions.Compiled compiled = compile(KINDS.of("earthquake"),
                "{\"magnitude\": {\"gte\": 6}, \"region\": {\"latitude\": 35.68, \"longitude\": 139.69, \"radiusKm\": 300}}");
        assertThat(compiled.sql()).isEqualTo("magnitude >= :p0 AND ST_DWithin(location, ST_MakePoint(:p1, :p2)::geography, :p3)");
        assertThat(compiled.binds()).isEqualTo(Map.of("p0", 6.0, "p1", 139.69, "p2", 35.68, "p3", 300_000.0));
    }

    @Test
    void everyExampleTriggerCompiles() {
        assertThat(compile(KINDS.of("earthquake"), "{\"tsunami\": true, \"magnitude\": {\"gte\": 6.5}}").sql())
                .isEqualTo("tsunami = :p0 AND magnitude >= :p1");
        assertThat(compile(KINDS.of("solar_event"), "{\"kind\": \"flare\", \"minClass\": \"X1.0\"}").sql())
                .isEqualTo("kind = :p0 AND class_intensity >= celestial.flare_class_intensity(:p1)");
        assertThat(compile(KINDS.of("solar_event"), "{\"kind\": \"cme\", \"speedKms\": {\"gte\": 1500}}").sql())
                .isEqualTo("kind = :p0 AND cme_speed_kms >= :p1");
        assertThat(compile(KINDS.of("impact_risk"), "{\"torinoMax\": {\"gte\": 1}}").sql()).isEqualTo("torino_max >= :p0");
        assertThat(compile(KINDS.of("volcanic_activity"), "{\"vei\": {\"gte\": 4}}").sql()).isEqualTo("vei >= :p0");
    }

    @Test
    void rangesTakeSeveralOperatorsAndTextTakesEq() {
        Conditions.Compiled compiled = compile(KINDS.of("earthquake"),
                "{\"depthKm\": {\"gt\": 0, \"lte\": 70}, \"alertLevel\": {\"eq\": \"red\"}}");
        assertThat(compiled.sql()).isEqualTo("depth_km > :p0 AND depth_km <= :p1 AND alert_level = :p2");
        assertThat(compiled.binds().get("p2")).isEqualTo("red");
    }

    @Test
    void thePostedValuesRuleOutOnlyWhatTheFieldConditionsRuleOut() {
        var compiled = compile(KINDS.of("earthquake"), "{\"magnitude\": {\"gte\": 6.5, \"lt\": 9}, \"tsunami\": true, \"alertLevel\": \"red\","
                + " \"region\": {\"latitude\": 35.68, \"longitude\": 139.69, \"radiusKm\": 300}}");
        java.util.function.Function<Map<String, Object>, Boolean> test = values -> compiled.mayMatch()
                .test(name -> values.containsKey(name) ? values.get(name) : dev.celestial.ingest.Column.ABSENT);
        assertThat(test.apply(Map.of("magnitude", 6.5, "tsunami", true, "alert_level", "red"))).as("the region is the SQL's").isTrue();
        assertThat(test.apply(Map.of("magnitude", 6.49, "tsunami", true, "alert_level", "red"))).isFalse();
        assertThat(test.apply(Map.of("magnitude", 9.0, "tsunami", true, "alert_level", "red"))).isFalse();
        assertThat(test.apply(Map.of("magnitude", 7.0, "tsunami", false, "alert_level", "red"))).isFalse();
        assertThat(test.apply(Map.of("magnitude", 7.0, "tsunami", true, "alert_level", "orange"))).isFalse();
        assertThat(test.apply(Map.of("magnitude", 7.0, "tsunami", true))).as("a column the record does not carry").isTrue();
        var flares = compile(KINDS.of("solar_event"), "{\"kind\": \"flare\", \"minClass\": \"X1.0\"}");
        assertThat(flares.mayMatch().test(name -> name.equals("kind") ? "flare" : dev.celestial.ingest.Column.ABSENT)).isTrue();
        assertThat(flares.mayMatch().test(name -> name.equals("kind") ? "cme" : dev.celestial.ingest.Column.ABSENT)).isFalse();
    }

    @Test
    void aValueThatLooksLikeSqlStaysABind() {
        Conditions.Compiled compiled = compile(KINDS.of("solar_event"), "{\"kind\": \"flare' OR true --\"}");
        assertThat(compiled.sql()).isEqualTo("kind = :p0");
        assertThat(compiled.binds().get("p0")).isEqualTo("flare' OR true --");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "earthquake | {} | conditions",
            "earthquake | [] | conditions",
            "earthquake | {\"mag\": {\"gte\": 7}} | conditions.mag",
            "earthquake | {\"magnitude\": 7} | conditions.magnitude",
            "earthquake | {\"magnitude\": {\"over\": 7}} | conditions.magnitude.over",
            "earthquake | {\"magnitude\": {\"gte\": \"7\"}} | conditions.magnitude.gte",
            "earthquake | {\"magnitude\": {}} | conditions.magnitude",
            "earthquake | {\"tsunami\": \"yes\"} | conditions.tsunami",
            "earthquake | {\"region\": {\"latitude\": 95, \"longitude\": 0, \"radiusKm\": 10}} | conditions.region.latitude",
            "earthquake | {\"region\": {\"latitude\": 0, \"longitude\": 0}} | conditions.region.radiusKm",
            "earthquake | {\"region\": {\"latitude\": 0, \"longitude\": 0, \"radiusKm\": 0}} | conditions.region.radiusKm",
            "earthquake | {\"region\": {\"latitude\": 0, \"longitude\": 0, \"radiusKm\": 10, \"depth\": 1}} | conditions.region.depth",
            "earthquake | {\"minClass\": \"X1.0\"} | conditions.minClass",
            "solar_event | {\"minClass\": \"Z1.0\"} | conditions.minClass",
            "solar_event | {\"minClass\": \"X\"} | conditions.minClass",
            "solar_event | {\"region\": {\"latitude\": 0, \"longitude\": 0, \"radiusKm\": 10}} | conditions.region",
            "solar_event | {\"kind\": \"\"} | conditions.kind",
            "impact_risk | {\"torinoMax\": {\"gte\": null}} | conditions.torinoMax.gte",
    })
    void invalidConditionsAreRefusedNamingTheField(String kind, String conditions, String field) {
        assertThatThrownBy(() -> compile(KINDS.of(kind), conditions))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void flareClassesAreAcceptedAsGoesWritesThem() {
        for (String flareClass : new String[] {"X1.0", "M9.9", "C1", "X10", "B2.35"}) {
            assertThat(compile(KINDS.of("solar_event"), "{\"minClass\": \"" + flareClass + "\"}").binds()).containsValue(flareClass);
        }
    }
}
