package dev.celestial;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The layering the package-info files describe (see {@code dev.celestial}'s), kept by the compiled classes. */
class PackageLayeringTests {

    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.celestial");

    static final String[] KINDS = {"earthquake", "ephemeris", "meteor", "orbit", "risk", "solar", "volcano"};
    static final String[] FEATURES = {"alert", "catalogue", "correlation", "fdsn", "monitoring", "warmup"};

    @Test
    void noTwoPackagesDependOnEachOtherEvenThroughOthers() {
        slices().matching("dev.celestial.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("db").definedBy("dev.celestial.db..")
                .layer("routing").definedBy("dev.celestial.routing..")
                .layer("web").definedBy("dev.celestial.web..")
                .layer("access").definedBy("dev.celestial.access..")
                .layer("ingest").definedBy("dev.celestial.ingest..")
                .layer("archive").definedBy("dev.celestial.archive..")
                .layer("kinds").definedBy(packages(KINDS))
                .layer("features").definedBy(packages(FEATURES))
                .layer("problem").definedBy("dev.celestial.problem..")
                .whereLayer("problem").mayNotBeAccessedByAnyLayer()
                .whereLayer("features").mayNotBeAccessedByAnyLayer()
                .whereLayer("kinds").mayOnlyBeAccessedByLayers("features")
                .whereLayer("archive").mayOnlyBeAccessedByLayers("kinds", "features")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("kinds", "features", "problem")
                .whereLayer("access").mayOnlyBeAccessedByLayers("ingest", "archive", "kinds", "features")
                .whereLayer("web").mayOnlyBeAccessedByLayers("access", "ingest", "archive", "kinds", "features", "problem")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("web", "access", "ingest", "archive", "kinds", "features", "problem")
                .whereLayer("db").mayOnlyBeAccessedByLayers("routing", "web", "access", "ingest", "archive", "kinds", "features", "problem")
                .ensureAllClassesAreContainedInArchitectureIgnoring("dev.celestial")
                .check(MAIN);
    }

    /** A kind stands alone: what two kinds share lives below them, so a new kind is one new package. */
    @Test
    void noKindUsesAnotherKind() {
        for (String kind : KINDS) {
            String[] others = Arrays.stream(KINDS).filter(other -> !other.equals(kind)).map(other -> "dev.celestial." + other + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.celestial." + kind + "..").should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(MAIN);
        }
    }

    private static String[] packages(String[] names) {
        return Arrays.stream(names).map(name -> "dev.celestial." + name + "..").toArray(String[]::new);
    }
}
