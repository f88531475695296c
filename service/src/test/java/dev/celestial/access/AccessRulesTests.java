package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The access decision's edges, which the integration tests reach only through their endpoints. */
class AccessRulesTests {

    @Test
    void onlyTheProbesMetricsAndInfoAreOpenAndNotPathsThatMerelyStartLikeThem() {
        assertThat(AccessConfig.probe("/actuator/health")).isTrue();
        assertThat(AccessConfig.probe("/actuator/health/readiness")).isTrue();
        assertThat(AccessConfig.probe("/actuator/prometheus")).isTrue();
        assertThat(AccessConfig.probe("/actuator/info")).isTrue();
        assertThat(AccessConfig.probe("/actuator/healthz")).isFalse();
        assertThat(AccessConfig.probe("/actuator/prometheus/x")).isFalse();
        assertThat(AccessConfig.probe("/actuator/env")).isFalse();
        assertThat(AccessConfig.probe("/api/v1/actuator/health")).isFalse();
    }

    @Test
    void eachRequestNeedsTheScopeOfItsMethodAndPath() {
        assertThat(AccessConfig.needed(HttpMethod.GET, "/api/v1/admin")).isEqualTo(Scope.ADMIN);
        assertThat(AccessConfig.needed(HttpMethod.POST, "/api/v1/admin/clients")).isEqualTo(Scope.ADMIN);
        assertThat(AccessConfig.needed(HttpMethod.DELETE, "/api/v1/admin/clients/1")).isEqualTo(Scope.ADMIN);
        assertThat(AccessConfig.needed(HttpMethod.POST, "/api/v1/earthquakes")).isEqualTo(Scope.INGEST);
        assertThat(AccessConfig.needed(HttpMethod.POST, "/api/v1/administrators")).isEqualTo(Scope.INGEST);
        assertThat(AccessConfig.needed(HttpMethod.GET, "/api/v1/earthquakes/nearby")).isEqualTo(Scope.READ);
        assertThat(AccessConfig.needed(HttpMethod.GET, "/fdsnws/event/1/query")).isEqualTo(Scope.READ);
        assertThat(AccessConfig.needed(HttpMethod.GET, "/fdsnwsx")).isNull();
        assertThat(AccessConfig.needed(HttpMethod.POST, "/fdsnws/event/1/query")).isNull();
        assertThat(AccessConfig.needed(HttpMethod.GET, "/api/v10/earthquakes")).isNull();
        assertThat(AccessConfig.needed(HttpMethod.PUT, "/api/v1/earthquakes")).isNull();
    }
}
