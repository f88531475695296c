package dev.celestial.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** After each test of the class, the shared pair's event tables are emptied (TestDatabase#cleanEventTables). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CleanEventTables.After.class)
public @interface CleanEventTables {

    final class After implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext context) {
            TestDatabase.get().cleanEventTables();
        }
    }
}
