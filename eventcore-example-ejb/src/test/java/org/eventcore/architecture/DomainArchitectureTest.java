package org.eventcore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The example domains are plain Java (no container, no persistence technology), and no package of
 * the module depends on another that depends back on it.
 */
@AnalyzeClasses(
    packages = "org.eventcore",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class DomainArchitectureTest {

  @ArchTest
  static final ArchRule domainImportsNoTechnology =
      noClasses()
          .that()
          .resideInAPackage("org.eventcore.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta..",
              "javax..",
              "org.hibernate..",
              "org.eclipse.microprofile..",
              "org.eventcore.infrastructure..")
          .because("domains depend only on the EventCore API (DESIGN §4)");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("org.eventcore.(**)").should().beFreeOfCycles();
}
