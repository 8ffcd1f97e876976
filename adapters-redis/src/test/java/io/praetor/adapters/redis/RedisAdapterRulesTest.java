package io.praetor.adapters.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.praetor.adapters.redis", importOptions = ImportOption.DoNotIncludeTests.class)
class RedisAdapterRulesTest {
    @ArchTest
    static final ArchRule the_adapters_should_depend_only_on_ports_redisson_failsafe_slf4j_and_the_jdk =
            classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.praetor.adapters.redis..", "io.praetor.ports..", "org.redisson..", "dev.failsafe..", "org.slf4j..",
                    "java..")
                    .because("Failsafe is the circuit breaker in front of Redis (ADR 0030)");

    @ArchTest
    static final ArchRule the_adapters_should_read_time_only_through_the_injected_clock =
            noClasses().should().callMethod(java.time.Instant.class, "now")
                    .orShould().callMethod(java.lang.System.class, "currentTimeMillis")
                    .orShould().callMethod(java.lang.System.class, "nanoTime")
                    .because("expiry is judged by the injected clock so tests move time instead of sleeping");
}
