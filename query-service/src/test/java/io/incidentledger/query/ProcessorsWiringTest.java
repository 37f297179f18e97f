package io.incidentledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;

import io.incidentledger.query.admin.ProjectionRebuild;
import io.incidentledger.query.asof.Snapshots;
import io.incidentledger.query.changes.ProjectionChangeNotifier;
import io.incidentledger.query.changes.ProjectionChanges;

/**
 * Every projection, that is every {@code @ProcessingGroup} of query-service but the audit chain (evidence, never
 * reset), is wired into the four places a read model must be, as the running service has them:
 * <ol>
 *   <li>announced: its processor carries the {@link ProjectionChangeNotifier.Recorder} that writes
 *       {@code projection_change}, and {@link ProjectionChanges} polls that processor's changes;</li>
 *   <li>announced: the announcer (the live stream, notifications) waits for it, {@link Processors#READ_MODELS};</li>
 *   <li>snapshotted: {@link Snapshots} replays its handlers into the {@code ?asOf=} snapshots;</li>
 *   <li>rebuilt: {@link ProjectionRebuild} resets and replays it.</li>
 * </ol>
 * A new {@code @ProcessingGroup} projection that is not added to {@link Processors#READ_MODELS} (or is added there
 * but not streamed) fails here. The audit chain is in none of them. And application.yml configures exactly the
 * processors {@link Processors} names, as tracking processors on the event store.
 */
class ProcessorsWiringTest extends QueryApiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ProjectionChanges changes;


    @Autowired
    Snapshots snapshots;

    @Autowired
    ProjectionRebuild rebuild;

    @Autowired
    EventProcessorProperties configured;

    /** The processing groups of query-service's own classes (test handlers excluded), found by class scanning. */
    private static Set<String> scannedGroups() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.incidentledger.query").stream()
                .filter(c -> c.isAnnotatedWith(ProcessingGroup.class))
                .map(c -> c.getAnnotationOfType(ProcessingGroup.class).value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The processing groups of the event handler beans in the running context. */
    private Set<String> beanGroups() {
        return context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .map(bean -> AnnotationUtils.findAnnotation(AopUtils.getTargetClass(bean), ProcessingGroup.class))
                .map(ProcessingGroup::value)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> projections() {
        Set<String> projections = new TreeSet<>(scannedGroups());
        projections.remove(Processors.AUDIT);
        projections.remove(Processors.ANNOUNCEMENTS);
        return projections;
    }

    @Test
    void everyProcessingGroupIsAReadModelOrTheAuditChainAndRunsInTheService() {
        Set<String> scanned = scannedGroups();
        assertThat(scanned).as("the audit chain and at least one projection").contains(Processors.AUDIT).hasSizeGreaterThan(1);
        assertThat(beanGroups()).as("every annotated class is an event handler bean of the service").containsAll(scanned);
        assertThat(new TreeSet<>(Processors.READ_MODELS)).as("Processors.READ_MODELS").isEqualTo(projections());
        for (String group : scanned) {
            assertThat(processing.eventProcessor(group, StreamingEventProcessor.class))
                    .as("a streaming processor for '%s'", group).isPresent();
        }
    }

    @Test
    void everyProjectionIsAnnounced() {
        for (String projection : projections()) {
            EventProcessor processor = processing.eventProcessor(projection).orElseThrow();
            assertThat(processor.getHandlerInterceptors())
                    .as("interceptors of '%s'", projection)
                    .anySatisfy(interceptor -> assertThat(interceptor)
                            .isInstanceOfSatisfying(ProjectionChangeNotifier.Recorder.class,
                                    recorder -> assertThat(recorder.processor()).isEqualTo(projection)));
        }
        assertThat(new TreeSet<>(changes.processors())).as("processors ProjectionChanges polls").isEqualTo(projections());
        assertThat(processing.eventProcessor(Processors.AUDIT).orElseThrow().getHandlerInterceptors())
                .noneMatch(ProjectionChangeNotifier.Recorder.class::isInstance);
    }

    /** The announcer (and so the live stream and every notification) waits for exactly the read models to pass. */
    @Test
    void everyProjectionIsAwaitedBeforeAnythingIsAnnounced() {
        assertThat(new TreeSet<>(Processors.READ_MODELS)).as("Processors.READ_MODELS").isEqualTo(projections());
    }

    @Test
    void everyProjectionIsReplayedIntoTheAsOfSnapshots() {
        assertThat(new TreeSet<>(snapshots.processors())).as("processors Snapshots replays").isEqualTo(projections());
        for (String projection : snapshots.processors()) {
            // Snapshots replays a processor through its handler invoker, which only an AbstractEventProcessor offers.
            assertThat(processing.eventProcessor(projection, AbstractEventProcessor.class))
                    .as("'%s' as an AbstractEventProcessor", projection).isPresent();
        }
    }

    @Test
    void everyProjectionIsRebuiltAndTheAuditChainNever() {
        assertThat(new TreeSet<>(rebuild.processors())).as("processors a rebuild resets").isEqualTo(projections());
        assertThat(rebuild.processors()).doesNotContain(Processors.AUDIT, Processors.ANNOUNCEMENTS);
    }

    @Test
    void applicationYmlConfiguresEveryNamedProcessorAsATrackingProcessorOnTheStore() throws IllegalAccessException {
        Set<String> named = new TreeSet<>();
        for (Field field : Processors.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                named.add((String) field.get(null));
            }
        }
        assertThat(named).as("constants of Processors").isEqualTo(scannedGroups());
        assertThat(new TreeSet<>(configured.getProcessors().keySet()))
                .as("axon.eventhandling.processors.* in application.yml").isEqualTo(named);
        configured.getProcessors().forEach((name, settings) -> {
            assertThat(settings.getMode()).as("%s mode", name).isEqualTo(EventProcessorProperties.Mode.TRACKING);
            assertThat(settings.getSource()).as("%s source", name).isEqualTo("eventStore");
        });
        // One link after another: the audit chain must never be split.
        assertThat(configured.getProcessors().get(Processors.AUDIT).getInitialSegmentCount()).isEqualTo(1);
        assertThat(Processors.READ_MODELS).doesNotContain(Processors.AUDIT);
    }
}
