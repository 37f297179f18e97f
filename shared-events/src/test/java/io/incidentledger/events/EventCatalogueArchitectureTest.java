package io.incidentledger.events;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.serialization.Revision;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

@AnalyzeClasses(packages = "io.incidentledger.events", importOptions = ImportOption.DoNotIncludeTests.class)
class EventCatalogueArchitectureTest {

    @ArchTest
    static final ArchRule eventsDependOnNothingButTheJdkAndTheRevisionAnnotation = classes()
            .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "io.incidentledger.events..")
                    .or(belongToAnyOf(Revision.class)))
            .because("shared-events is schema: no Spring, JPA or Jackson may leak into it");

    @ArchTest
    static final ArchRule everyEventCarriesARevision = classes()
            .that().resideInAnyPackage("io.incidentledger.events.component", "io.incidentledger.events.incident",
                    "io.incidentledger.events.maintenance")
            .should().beAnnotatedWith(Revision.class)
            .andShould().beRecords();
}
