package io.praetor.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of ARCHITECTURE.md. The classes analysed are Praetor's production classes
 * on this module's classpath, which sees every module.
 */
@AnalyzeClasses(packages = "io.praetor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureRulesTest {

    private static final String PORTS = "io.praetor.ports..";
    private static final String DOMAIN = "io.praetor.domain..";
    private static final String FACADE = "io.praetor";
    private static final String ADAPTERS = "io.praetor.adapters..";
    private static final String SERVER = "io.praetor.server..";
    private static final String POLICY_ENGINE = "io.praetor.domain.decide.engine..";
    private static final String EVIDENCE = "io.praetor.domain.evidence..";

    @ArchTest
    static final ArchRule ports_should_depend_only_on_the_jdk =
            classes().that().resideInAPackage(PORTS)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(PORTS, "java..")
                    .because("ports are the vocabulary every adapter shares; they must not drag in libraries");

    @ArchTest
    static final ArchRule domain_should_depend_only_on_its_allow_list =
            classes().that().resideInAnyPackage(DOMAIN, FACADE)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            DOMAIN, FACADE, PORTS, "java..",
                            "dev.cel..", "com.google.common..", "com.google.protobuf..", "com.google.errorprone.annotations..",
                            "org.snakeyaml.engine..",
                            "com.fasterxml.jackson.core..",
                            "dev.failsafe..",
                            "com.nimbusds..",
                            "org.slf4j..")
                    .because("ARCHITECTURE.md: the domain is pure Java plus an allow-list");

    @ArchTest
    static final ArchRule domain_should_not_depend_on_adapters_or_the_server =
            noClasses().that().resideInAnyPackage(DOMAIN, FACADE)
                    .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS, SERVER);

    @ArchTest
    static final ArchRule cel_guava_and_protobuf_should_stay_inside_the_policy_engine =
            noClasses().that().resideInAnyPackage(DOMAIN, FACADE).and().resideOutsideOfPackage(POLICY_ENGINE)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "dev.cel..", "com.google.common..", "com.google.protobuf..")
                    .because("CEL's Guava and protobuf API types must not leak out of the engine package");

    @ArchTest
    static final ArchRule nimbus_should_only_be_used_by_evidence =
            noClasses().that().resideInAnyPackage(DOMAIN, FACADE).and().resideOutsideOfPackage(EVIDENCE)
                    .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
                    .because("the domain uses Nimbus only to sign and verify tree heads");

    @ArchTest
    static final ArchRule domain_should_not_use_jackson_databind =
            noClasses().that().resideInAnyPackage(DOMAIN, FACADE)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation..");

    @ArchTest
    static final ArchRule adapters_should_not_depend_on_each_other =
            slices().matching("io.praetor.adapters.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adapters_should_not_depend_on_the_domain_or_the_server =
            noClasses().that().resideInAPackage(ADAPTERS)
                    .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, FACADE, SERVER)
                    .because("adapters implement ports; behaviour stays in the domain");

    @ArchTest
    static final ArchRule dagger_should_only_be_used_by_the_server =
            noClasses().that().resideOutsideOfPackage(SERVER)
                    .should().dependOnClassesThat().resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..")
                    .because("wiring lives in app-server only; domain classes have plain constructors");

    @ArchTest
    static final ArchRule the_domain_should_read_time_only_through_the_injected_clock =
            noClasses().that().resideInAnyPackage(DOMAIN, FACADE)
                    .should().callMethod(java.time.Instant.class, "now")
                    .orShould().callMethod(java.lang.System.class, "currentTimeMillis")
                    .orShould().callMethod(java.time.LocalDate.class, "now")
                    .because("every expiry reads the injected clock so tests move time instead of sleeping");
}
