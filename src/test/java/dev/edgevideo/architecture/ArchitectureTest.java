package dev.edgevideo.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The package layout as a rule: features without cycles, and a camera component that stays reusable. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.edgevideo");

    /** Every feature is a slice, and so is the root package (the composition root), which ArchUnit's
     * {@code matching("dev.edgevideo.(*)..")} would leave out: a feature importing the root is a cycle. */
    @Test
    void packagesFormNoCycleRootIncluded() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals("dev.edgevideo")) {
                    return SliceIdentifier.of("root");
                }
                return name.startsWith("dev.edgevideo.")
                        ? SliceIdentifier.of(name.substring("dev.edgevideo.".length()).split("\\.")[0])
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the root package and each feature package of dev.edgevideo";
            }
        }).should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noFeatureImportsTheCompositionRoot() {
        noClasses().that().resideInAPackage("dev.edgevideo.*..")
                .should().dependOnClassesThat(resideInAPackage("dev.edgevideo"))
                .because("the root package wires the features; a feature that needs something of it belongs in"
                         + " dev.edgevideo.settings")
                .check(MAIN);
    }

    @Test
    void theSettingsPackageIsALeaf() {
        noClasses().that().resideInAPackage("dev.edgevideo.settings..")
                .should().dependOnClassesThat(resideInAPackage("dev.edgevideo..")
                        .and(not(resideInAPackage("dev.edgevideo.settings..")))
                        .and(not(resideInAPackage("dev.edgevideo.camera.."))))
                .because("every feature imports the settings binder and the configuration error")
                .check(MAIN);
    }

    @Test
    void theCameraComponentImportsNothingOfTheApplication() {
        noClasses().that().resideInAPackage("dev.edgevideo.camera..")
                .should().dependOnClassesThat(resideInAPackage("dev.edgevideo..")
                        .and(not(resideInAPackage("dev.edgevideo.camera.."))))
                .because("the camera: component is a reusable Camel component; the application depends on it,"
                         + " never the other way")
                .check(MAIN);
    }
}
