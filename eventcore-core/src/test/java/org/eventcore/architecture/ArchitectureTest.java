package org.eventcore.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering rules of the framework: the API is plain Java, the application layer depends on
 * ports only, and no package depends on another that depends back on it.
 */
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
  static final ArchRule applicationDependsOnPortsOnly =
      noClasses()
          .that()
          .resideInAPackage("org.eventcore.application..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eventcore.infrastructure..")
          .because(
              "the application layer works through ports (EventStore, SnapshotStore,"
                  + " CheckpointStore, IdempotencyStore, EventCodecs, StateCodec), never through"
                  + " JPA, JSON-B or CDI plumbing classes");

  @ArchTest
  static final ArchRule onlyTheTelemetryAdapterKnowsOpenTelemetry =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.eventcore.infrastructure.telemetry..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.opentelemetry..")
          .because(
              "commands are traced through the CommandTracing port; a server without"
                  + " OpenTelemetry must be able to load every other class (ADR 0015)");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("org.eventcore.(**)").should().beFreeOfCycles();
}
