package org.eventcore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * A framework module: no package cycle, and no dependency on the reference application (its domain,
 * services and resources live in the eventcore-example-* modules).
 */
@AnalyzeClasses(
    packages = "org.eventcore",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class FrameworkWebArchitectureTest {

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("org.eventcore.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule holdsNoExampleCode =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.eventcore.domain..",
              "org.eventcore.application.banking..",
              "org.eventcore.application.orders..",
              "org.eventcore.interfaces.rest.banking..",
              "org.eventcore.interfaces.rest.orders..")
          .because("a user's deployment carries the framework modules and none of the examples");
}
