package io.incidentledger.query;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.config.ProcessingGroup;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * The package map of query-service, as rules. {@code downtime} is the pure arithmetic; {@code component} and
 * {@code incident} are the read models; {@code availability}, {@code status} and the rest are what reads them;
 * the HTTP faces (controllers, the page, the feed, the reports, the Statuspage documents, the stream, the admin
 * endpoints) are leaves nothing else uses.
 */
@AnalyzeClasses(packages = "io.incidentledger.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryArchitectureTest {

    private static final String DOWNTIME = "io.incidentledger.query.downtime..";

    /** Calls that read the wall clock: the arithmetic is always told "now". */
    private static final DescribedPredicate<JavaMethodCall> READS_THE_CLOCK =
            DescribedPredicate.describe("read the clock (now(), currentTimeMillis(), nanoTime())", call -> {
                String owner = call.getTargetOwner().getName();
                String name = call.getTarget().getName();
                boolean temporalNow = name.equals("now") && (owner.equals(Instant.class.getName())
                        || owner.equals(LocalDate.class.getName()) || owner.equals(LocalDateTime.class.getName())
                        || owner.equals(LocalTime.class.getName()) || owner.equals(OffsetDateTime.class.getName())
                        || owner.equals(ZonedDateTime.class.getName()) || owner.equals("java.time.Year")
                        || owner.equals("java.time.YearMonth"));
                boolean systemTime = owner.equals(System.class.getName())
                        && (name.equals("currentTimeMillis") || name.equals("nanoTime"));
                return temporalNow || systemTime;
            });

    @ArchTest
    static final ArchRule downtimeIsFreeOfSpring = noClasses().that().resideInAPackage(DOWNTIME)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "javax..",
                    "org.axonframework..", "tools.jackson..", "com.fasterxml..")
            .because("the downtime arithmetic is pure: every number on the page is reproducible in a unit test");

    @ArchTest
    static final ArchRule downtimeHasNoClock = noClasses().that().resideInAPackage(DOWNTIME)
            .should().dependOnClassesThat().areAssignableTo(Clock.class)
            .orShould().callMethodWhere(READS_THE_CLOCK)
            .because("\"now\" is always passed in to the downtime arithmetic, never read from a clock");

    @ArchTest
    static final ArchRule downtimeDependsOnlyOnTheJdkAndTheEventVocabulary = classes().that().resideInAPackage(DOWNTIME)
            .should().onlyDependOnClassesThat(resideInAnyPackage("java..", DOWNTIME, "io.incidentledger.events"))
            .because("the arithmetic knows statuses and instants, not the read models or HTTP");

    @ArchTest
    static final ArchRule nothingDependsOnAdmin = noClasses().that()
            .resideOutsideOfPackage("io.incidentledger.query.admin..")
            .should().dependOnClassesThat().resideInAPackage("io.incidentledger.query.admin..")
            .because("the admin endpoints (rebuild, digest) can be switched off: nothing may rely on them");

    @ArchTest
    static final ArchRule nothingButTheHttpLayerDependsOnAController = noClasses()
            .that().areNotMetaAnnotatedWith(Controller.class).and().areNotMetaAnnotatedWith(ControllerAdvice.class)
            .should().dependOnClassesThat().areMetaAnnotatedWith(Controller.class)
            .because("controllers are the HTTP face of queries; the queries and the read models never call them"
                    + " (only an advice may name the controllers it advises)");

    @ArchTest
    static final ArchRule theReadModelsAndTheArithmeticDoNotDependOnTheirReaders = noClasses()
            .that().resideInAnyPackage(DOWNTIME, "io.incidentledger.query.component..",
                    "io.incidentledger.query.incident..", "io.incidentledger.query.maintenance..",
                    "io.incidentledger.query.availability..")
            .should().dependOnClassesThat().resideInAnyPackage("io.incidentledger.query.page..",
                    "io.incidentledger.query.feed..", "io.incidentledger.query.report..",
                    "io.incidentledger.query.statuspage..", "io.incidentledger.query.stream..",
                    "io.incidentledger.query.status..", "io.incidentledger.query.audit..",
                    "io.incidentledger.query.caching..")
            .because("the pages, feeds, reports and documents are built from the read models, not the other way");

    @ArchTest
    static final ArchRule theOwnDatabaseWatchDependsOnNoOtherQueryPackage = classes()
            .that().resideInAPackage("io.incidentledger.query.database..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "org.slf4j..", "org.springframework..",
                    "io.incidentledger.store..", "io.incidentledger.query.database.."))
            .because("whether our own database can be reached is infrastructure every reader may consult");

    @ArchTest
    static final ArchRule noPackageIsCalledOutage = noClasses().should().resideInAPackage("io.incidentledger.query.outage..")
            .because("an outage is a component's status here; our own database being down is the database package");

    @ArchTest
    static final ArchRule projectionsAreNotCalledDirectly = classes().that().areAnnotatedWith(ProcessingGroup.class)
            .should().notBePublic()
            .andShould().onlyHaveDependentClassesThat().areAnnotatedWith(ProcessingGroup.class)
            .because("projections are fed by their event processor only; readers go through the queries");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.incidentledger.query.(*)..")
            .should().beFreeOfCycles();
}
