package io.falcocorrelator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph: the core stays engine-agnostic (the shells depend on it, never the reverse),
 * and no two packages depend on each other, directly or around a loop.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.falcocorrelator");

  @Test
  void coreDoesNotDependOnShells() {
    noClasses()
        .that()
        .resideInAnyPackage("..event..", "..mapping..", "..correlate..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.undertow..",
            "org.apache.kafka..",
            "org.slf4j..",
            "io.micrometer..",
            "java.net.http..",
            "..ingest..",
            "..output..",
            "..cli..",
            "..server..",
            "..streams..")
        .check(CLASSES);
  }

  @Test
  void correlationEngineReadsNoWallClock() {
    noClasses()
        .that()
        .resideInAPackage("..correlate..")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .check(CLASSES);
  }

  @Test
  void packagesDependOnEachOtherWithoutCycles() {
    slices().matching("io.falcocorrelator.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theReceiverReachesTheRuntimeOnlyThroughItsPorts() {
    noClasses()
        .that()
        .resideInAPackage("..ingest..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.falcocorrelator.server..",
            "io.falcocorrelator.streams..",
            "io.falcocorrelator.cli..")
        .check(CLASSES);
  }

  @Test
  void benchmarkBaselinesStayOutOfTheProductJar() {
    noClasses().should().haveSimpleName("BareServer").check(CLASSES);
  }
}
