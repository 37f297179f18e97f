package io.incidentledger.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.incidentledger.command.component.ComponentCatalog;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * command-service is packaged by what it does: three features ({@code incident}, {@code component},
 * {@code maintenance}), each with its
 * aggregate, commands, controller and registration; {@code dispatch}, the one way a command reaches Axon;
 * {@code problem}, the one way a failure becomes a problem detail; {@code inputguard}, the filters that refuse
 * hostile volume before any parsing; {@code text}, the rules for untrusted text; {@code idempotency};
 * {@code security}; and {@code demo}, which nothing needs. These rules keep it so.
 */
@AnalyzeClasses(packages = "io.incidentledger.command", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandServiceLayoutTest {

    private static final String[] FEATURES = {"..command.incident..", "..command.component..",
            "..command.maintenance.."};
    private static final String[] PLUMBING = {"..command.problem..", "..command.inputguard..",
            "..command.idempotency..", "..command.security..", "..command.demo.."};

    @ArchTest
    static final ArchRule featuresDependOnDispatchTextAndTheEventsOnly = noClasses()
            .that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAnyPackage(PLUMBING)
            .because("a feature sends commands through dispatch and raises refusals from it; how they are guarded, "
                    + "keyed and answered is none of its business");

    @ArchTest
    static final ArchRule incidentsKnowComponentsOnlyThroughTheCatalog = classes()
            .that().resideInAPackage("..command.incident..")
            .should().onlyDependOnClassesThat(not(resideInAPackage("..command.component.."))
                    .or(belongToAnyOf(ComponentCatalog.class, ComponentCatalog.Standing.class)))
            .because("an incident checks its declarations against the catalog (set validation), nothing else");

    @ArchTest
    static final ArchRule maintenancesKnowComponentsOnlyThroughTheCatalog = classes()
            .that().resideInAPackage("..command.maintenance..")
            .should().onlyDependOnClassesThat(not(resideInAPackage("..command.component.."))
                    .or(belongToAnyOf(ComponentCatalog.class, ComponentCatalog.Standing.class)))
            .because("a maintenance checks its declarations against the catalog (set validation), nothing else");

    @ArchTest
    static final ArchRule maintenancesKnowNothingOfIncidents = noClasses()
            .that().resideInAPackage("..command.maintenance..")
            .should().dependOnClassesThat().resideInAPackage("..command.incident..")
            .because("two aggregates of their own; what they share (effective times) lives in dispatch");

    @ArchTest
    static final ArchRule incidentsKnowNothingOfMaintenances = noClasses()
            .that().resideInAPackage("..command.incident..")
            .should().dependOnClassesThat().resideInAPackage("..command.maintenance..");

    @ArchTest
    static final ArchRule componentsKnowNothingOfIncidents = noClasses()
            .that().resideInAPackage("..command.component..")
            .should().dependOnClassesThat().resideInAnyPackage("..command.incident..", "..command.maintenance..");

    @ArchTest
    static final ArchRule aggregatesAndCommandsAreFreeOfSpring = noClasses()
            .that().resideInAnyPackage(FEATURES)
            .and().haveSimpleNameNotEndingWith("Controller")
            .and().haveSimpleNameNotEndingWith("Configuration")
            .and().haveSimpleNameNotEndingWith("Projection")
            .and().areNotNestedClasses()
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the domain is registered with Axon's configurer, not with Spring stereotypes");

    @ArchTest
    static final ArchRule nothingDependsOnTheDemo = noClasses()
            .that().resideOutsideOfPackage("..command.demo..")
            .should().dependOnClassesThat().resideInAPackage("..command.demo..")
            .because("the demo loads sample data on request and may be deleted without breaking anything");

    @ArchTest
    static final ArchRule dispatchIsTheBottom = noClasses()
            .that().resideInAPackage("..command.dispatch..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAnyPackage(PLUMBING)
            .because("every feature and filter builds on dispatch, so it can build on none of them");

    @ArchTest
    static final ArchRule plumbingKnowsNoFeature = noClasses()
            .that().resideInAnyPackage("..command.problem..", "..command.inputguard..", "..command.text..",
                    "..command.idempotency..", "..command.security..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .because("the guards, keys and problems serve every feature alike");
}
