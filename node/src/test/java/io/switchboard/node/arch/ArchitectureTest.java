package io.switchboard.node.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The layering of DESIGN.md's module table, pinned: a change that breaks it fails the build.
 * Every production class of every module on the node's classpath is checked (tests excluded).
 */
@AnalyzeClasses(packages = "io.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String INTERNAL = ".internal";

  private static final SliceAssignment PACKAGES_WITH_INTERNALS = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      if (!p.startsWith("io.switchboard.")) {
        return SliceIdentifier.ignore();
      }
      return SliceIdentifier.of(p.endsWith(INTERNAL) ? p.substring(0, p.length() - INTERNAL.length()) : p);
    }

    @Override
    public String getDescription() {
      return "packages of io.switchboard, each internal package with its API package";
    }
  };

  /** The library must stay usable with no network at all (DESIGN: "supervisor/ ... no network"). */
  @ArchTest
  static final ArchRule supervisorUsesNoNetwork = noClasses()
      .that().resideInAPackage("io.switchboard.supervisor..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "io.grpc..", "org.jgroups..", "java.net..", "io.netty..",
          "io.switchboard.proto..", "io.switchboard.cluster..", "io.switchboard.node..")
      .because("supervisor/ is a plain library: behaviours, loops and trees, no network");

  /**
   * Every package, in every module: no two packages depend on each other, even indirectly. An
   * {@code internal} package is its API package's private half (the engine behind the facade, as
   * in Caffeine or grpc-java), so the two count as one: {@code supervisor} and
   * {@code supervisor.internal} may use each other, nothing else may form a cycle.
   */
  @ArchTest
  static final ArchRule noPackageCycles = slices().assignedFrom(PACKAGES_WITH_INTERNALS)
      .should().beFreeOfCycles();

  /** The cluster layer knows nothing of the runnable node (CLI, HTTP, metrics, apps). */
  @ArchTest
  static final ArchRule clusterDoesNotUseNode = noClasses()
      .that().resideInAPackage("io.switchboard.cluster..")
      .should().dependOnClassesThat().resideInAPackage("io.switchboard.node..");

  /** Engines (the large private machinery behind a small API) live in internal packages. */
  @ArchTest
  static final ArchRule enginesAreInternal = classes()
      .that().haveSimpleNameEndingWith("Engine")
      .should().resideInAPackage("..internal..");
}
