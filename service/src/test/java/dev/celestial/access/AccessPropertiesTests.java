package dev.celestial.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** {@code celestial.access} is validated at start-up: a short bootstrap key stops the service. */
class AccessPropertiesTests {

    static final String SHORT = "short-bootstrap-key-31-chars-xx";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AccessProperties.class)
    static class Properties {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    @Test
    void aBootstrapKeyShorterThan32CharactersFailsStartUpWithoutShowingTheKey() {
        assertThat(SHORT).hasSize(31);
        runner.withPropertyValues("celestial.access.bootstrap-admin-key=" + SHORT).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("must be at least 32 characters when set")
                    .hasMessageNotContaining(SHORT);
        });
        // padding does not count
        runner.withPropertyValues("celestial.access.bootstrap-admin-key=   " + SHORT + "   ").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void aBootstrapKeyOf32CharactersOrNoneStartsAndMaxStaleDefaultsTo30Seconds() {
        runner.withPropertyValues("celestial.access.bootstrap-admin-key=" + SHORT + "x").run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("celestial.access.bootstrap-admin-key=").run(context -> assertThat(context).hasNotFailed());
        runner.run(context -> assertThat(context.getBean(AccessProperties.class).maxStale()).hasSeconds(30));
    }
}
