package dev.celestial.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** Secrets come from files in {@code CELESTIAL_SECRETS_DIR}, named like the environment variables they replace. */
class MountedSecretsTests {

    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    @Test
    void aFileNamedLikeAnEnvironmentVariableSuppliesItsSetting(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("CELESTIAL_WRITER_PASSWORD"), "from-a-file");
        Files.writeString(secrets.resolve("CELESTIAL_BOOTSTRAP_ADMIN_KEY"), "key-from-a-file");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Nothing.class).web(WebApplicationType.NONE)
                .run("--CELESTIAL_SECRETS_DIR=" + secrets)) {
            assertThat(context.getEnvironment().getProperty("celestial.db.primary.password")).isEqualTo("from-a-file");
            assertThat(context.getEnvironment().getProperty("celestial.access.bootstrap-admin-key")).isEqualTo("key-from-a-file");
        }
    }
}
