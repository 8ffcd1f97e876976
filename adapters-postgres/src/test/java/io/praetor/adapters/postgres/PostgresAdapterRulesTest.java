package io.praetor.adapters.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.praetor.adapters.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class PostgresAdapterRulesTest {
    @ArchTest
    static final ArchRule the_adapters_should_depend_only_on_ports_their_libraries_and_the_jdk =
            classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.praetor.adapters.postgres..", "io.praetor.ports..", "org.jooq..", "com.zaxxer.hikari..",
                    "org.flywaydb..", "com.fasterxml.jackson..", "java..", "javax.sql..",
                    // the driver's CopyManager, for large writes (BulkRows, ADR 0026)
                    "org.postgresql..");

    @ArchTest
    static final ArchRule the_adapters_should_read_time_only_through_the_injected_clock =
            noClasses().should().callMethod(java.time.Instant.class, "now")
                    .orShould().callMethod(java.lang.System.class, "currentTimeMillis")
                    .orShould().callMethod(java.lang.System.class, "nanoTime")
                    .because("lease and idempotency expiry is judged by the injected clock, never the database's or the JVM's");

    @ArchTest
    static final ArchRule only_the_factory_and_its_settings_are_public =
            classes().that().arePublic().should().haveSimpleNameStartingWith("Postgres")
                    .andShould().haveSimpleNameNotEndingWith("Store");
}
