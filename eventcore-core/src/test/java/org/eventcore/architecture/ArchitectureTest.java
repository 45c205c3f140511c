package org.eventcore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules that keep the core API free of any technology. */
@AnalyzeClasses(packages = "org.eventcore", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule apiImportsNoJakarta =
      noClasses()
          .that()
          .resideInAPackage("org.eventcore.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta..", "javax..", "org.hibernate..", "org.eclipse.microprofile..")
          .because("the core API is plain Java, usable without a container (DESIGN §4)");

  @ArchTest
  static final ArchRule apiDependsOnNoInfrastructure =
      noClasses()
          .that()
          .resideInAPackage("org.eventcore.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eventcore.infrastructure..")
          .because("infrastructure implements the API, never the other way round");

  @ArchTest
  static final ArchRule projectionRunningDependsOnPortsOnly =
      noClasses()
          .that()
          .resideInAPackage("org.eventcore.application.projection..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eventcore.infrastructure..")
          .because(
              "the runner decodes typed projections' events through the EventCodecs port and"
                  + " stores checkpoints through CheckpointStore, never through JSON-B or JPA"
                  + " classes");
}
