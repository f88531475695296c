package dev.celestial.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/** The whole service on a random port, migrated onto the shared primary + replica. One cached context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// short waits, so tests that hold a lock or pause the replica take seconds, not minutes; the archive moves only
// when a test runs it (fixtures are years old)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "celestial.ingest.lock-timeout=3s", "celestial.routing.monitor-interval=200ms", "celestial.routing.max-lag=2s", "celestial.archive.enabled=false",
        "celestial.access.bootstrap-admin-key=" + TestKeys.ADMIN})
@AutoConfigureWebTestClient
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@Import(TestKeys.Config.class)
public @interface IntegrationTest {
}
