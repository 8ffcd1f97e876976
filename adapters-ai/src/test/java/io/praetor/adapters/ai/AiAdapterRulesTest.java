package io.praetor.adapters.ai;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.praetor.adapters.ai", importOptions = ImportOption.DoNotIncludeTests.class)
class AiAdapterRulesTest {
    @ArchTest
    static final ArchRule the_adapter_should_depend_only_on_ports_jackson_and_the_jdk =
            classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.praetor.adapters.ai..", "io.praetor.ports..", "com.fasterxml.jackson..", "java..");

    @ArchTest
    static final ArchRule only_the_factory_and_the_settings_should_be_public =
            classes().that().arePublic().should().haveSimpleName("AiAdapters").orShould().haveSimpleName("OpenAiSettings")
                    .because("the client is reached through the port and the factory");
}
