package io.praetor.adapters.s3;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.praetor.adapters.s3", importOptions = ImportOption.DoNotIncludeTests.class)
class S3AdapterRulesTest {
    @ArchTest
    static final ArchRule the_adapters_should_depend_only_on_ports_the_aws_sdk_and_the_jdk =
            classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.praetor.adapters.s3..", "io.praetor.ports..", "software.amazon.awssdk..", "java..");

    @ArchTest
    static final ArchRule the_adapters_should_read_time_only_through_the_injected_clock =
            noClasses().should().callMethod(java.time.Instant.class, "now")
                    .orShould().callMethod(java.lang.System.class, "currentTimeMillis")
                    .because("storedAt comes from the injected clock");
}
