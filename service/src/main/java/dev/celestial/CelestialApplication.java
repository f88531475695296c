package dev.celestial;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The celestial service. With {@code --migrate-only} (or {@code CELESTIAL_MIGRATE_ONLY=true}) it runs
 * the Flyway migrations, starts no web server, and exits: the shape of a Kubernetes Job.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CelestialApplication {

    public static void main(String[] args) {
        if (migrateOnlyRequested(args)) {
            System.exit(SpringApplication.exit(migrate(args)));
        }
        SpringApplication.run(CelestialApplication.class, args);
    }

    /** Starts a context without a web server; Flyway has migrated the schema when this returns. */
    public static ConfigurableApplicationContext migrate(String... args) {
        SpringApplication application = new SpringApplication(CelestialApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] migrating = Arrays.copyOf(args, args.length + 1);
        migrating[args.length] = "--spring.flyway.enabled=true";
        return application.run(migrating);
    }

    static boolean migrateOnlyRequested(String[] args) {
        return Arrays.asList(args).contains("--migrate-only")
                || "true".equalsIgnoreCase(System.getenv("CELESTIAL_MIGRATE_ONLY"));
    }
}
