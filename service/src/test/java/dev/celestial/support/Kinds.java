package dev.celestial.support;

import dev.celestial.ingest.IngestKind;
import java.util.Comparator;
import java.util.List;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/** Every ingest kind of the service, found as Spring's component scan finds them, made without a context. */
public final class Kinds {

    private static final List<IngestKind<?>> ALL = scan();

    private Kinds() {
    }

    public static List<IngestKind<?>> all() {
        return ALL;
    }

    private static List<IngestKind<?>> scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(IngestKind.class));
        return scanner.findCandidateComponents("dev.celestial").stream().<IngestKind<?>>map(candidate -> {
            try {
                var constructor = Class.forName(candidate.getBeanClassName()).getDeclaredConstructor();
                constructor.setAccessible(true);
                return (IngestKind<?>) constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(candidate.getBeanClassName(), e);
            }
        }).sorted(Comparator.comparing(IngestKind::name)).toList();
    }
}
