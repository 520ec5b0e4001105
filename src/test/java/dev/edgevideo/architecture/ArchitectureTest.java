package dev.edgevideo.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layout as a rule: features without cycles, and a camera component that stays reusable. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.edgevideo");

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("dev.edgevideo.(*)..").should().beFreeOfCycles().check(MAIN);
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
