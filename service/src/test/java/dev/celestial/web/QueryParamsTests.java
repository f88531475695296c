package dev.celestial.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParamsTests {

    @Test
    void aPathIdIsAPositiveWholeNumber() {
        assertThat(QueryParams.id("42", "trigger")).isEqualTo(42L);
        assertThat(QueryParams.id("9223372036854775807", "alert")).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.0", "1e3", "abc", "", " 1", "9223372036854775808", "0x10"})
    void anyOtherPathIdIsRefusedNamingWhatItIdentifies(String value) {
        assertThatThrownBy(() -> QueryParams.id(value, "trigger"))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("id"))
                .hasMessage("id: a trigger id (a positive whole number)");
    }
}
