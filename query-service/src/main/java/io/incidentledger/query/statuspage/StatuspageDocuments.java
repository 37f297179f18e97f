package io.incidentledger.query.statuspage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.commons.codec.digest.DigestUtils;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.incidentledger.query.asof.AsOf;
import io.incidentledger.query.caching.EncodedBody;
import io.incidentledger.query.changes.ProjectionsAdvanced;
import io.incidentledger.query.changes.ProjectionsRebuilt;
import io.incidentledger.query.component.ComponentDirectory;
import io.incidentledger.query.component.ComponentView;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.config.PublicUrl;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.incident.IncidentQueries.Filter;
import io.incidentledger.query.incident.IncidentQueries.State;
import io.incidentledger.query.incident.IncidentViews.IncidentDetail;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import io.incidentledger.query.incident.IncidentViews.UpdateView;
import io.incidentledger.query.maintenance.MaintenanceQueries;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceDetail;
import io.incidentledger.query.database.DatabaseWatch;
import io.incidentledger.query.database.DatabaseWatch.Staleness;
import io.incidentledger.query.status.StatusBoard;
import io.incidentledger.query.statuspage.StatuspageShapes.AffectedComponent;
import io.incidentledger.query.statuspage.StatuspageShapes.Component;
import io.incidentledger.query.statuspage.StatuspageShapes.ComponentsDocument;
import io.incidentledger.query.statuspage.StatuspageShapes.Incident;
import io.incidentledger.query.statuspage.StatuspageShapes.IncidentUpdate;
import io.incidentledger.query.statuspage.StatuspageShapes.IncidentsDocument;
import io.incidentledger.query.statuspage.StatuspageShapes.Page;
import io.incidentledger.query.statuspage.StatuspageShapes.ScheduledMaintenance;
import io.incidentledger.query.statuspage.StatuspageShapes.ScheduledMaintenancesDocument;
import io.incidentledger.query.statuspage.StatuspageShapes.Status;
import io.incidentledger.query.statuspage.StatuspageShapes.StatusDocument;
import io.incidentledger.query.statuspage.StatuspageShapes.Summary;

/**
 * The Statuspage v2 documents, built from the projections and kept in memory as ready-to-send bytes with
 * their strong ETag. During an outage every dashboard polls {@code summary.json} at once: serving bytes from
 * memory keeps that cost flat. All documents are rebuilt together once per announced batch of projection
 * changes (and on first use), never per request. While the database cannot be reached they are served as last
 * built, each with one extra top-level field, {@code "stale": {"last_good_data_at", "stale_since"}}, and otherwise
 * the Statuspage shape; before anything was built there is nothing to serve, and that is a 503, never a guess.
 *
 * <p>Absolute links ({@code page.url}, {@code shortlink}) start with {@link PublicUrl#base()}, which, unless
 * {@code incident-ledger.page.public-url} is set, is the address each request was served at. The documents are
 * therefore built once per change with an unguessable placeholder base ({@code https://base-<random>.invalid}),
 * and each base URL asked for gets its own copy of each document, the placeholder replaced and the ETag computed
 * over the result, made on its first request after a change and then served as ready bytes like the rest. At most
 * {@value #BASES_KEPT} bases are kept (a client sending made-up Host headers costs a substitution, not memory).
 * User text cannot contain the placeholder: it is drawn at random when the service starts and never served.
 */
@Service
public class StatuspageDocuments {

    /** The Statuspage API lists at most this many incidents. */
    static final int INCIDENTS_LISTED = 50;

    /** Base URLs whose copy of the documents is kept: the configured one, or the few names the page is served by. */
    static final int BASES_KEPT = 8;

    /** Statuspage's own wire format: snake_case names, nulls written. */
    private static final JsonMapper WIRE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    /** A document ready to send. */
    public record Document(byte[] body, String etag) {
    }

    /** The documents as last built, marked with how stale they are; made once per outage, not per request. */
    private record StaleDocuments(Map<String, Document> source, Staleness staleness, Map<String, Document> marked) {
    }

    /** The documents {@code source} with the placeholder replaced by one base URL, each made when first asked for. */
    private record Rebased(Map<String, Document> source, Map<String, EncodedBody> documents) {
    }

    private final StatusBoard board;
    private final IncidentQueries incidents;
    private final MaintenanceQueries maintenances;
    private final ComponentDirectory directory;
    private final PageProperties page;
    private final PublicUrl publicUrl;
    private final DatabaseWatch database;
    private final Timer builds;
    private final AtomicReference<Map<String, Document>> current = new AtomicReference<>();
    private final AtomicReference<StaleDocuments> stale = new AtomicReference<>();
    /** The placeholder every absolute link is built with, as it appears in the JSON bytes. */
    private final String placeholder = "https://base-" + randomHex() + ".invalid";
    private final byte[] placeholderBytes = placeholder.getBytes(StandardCharsets.UTF_8);
    /** Per base URL, the documents with that base; least recently asked for dropped first. */
    private final Map<String, Rebased> rebased = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rebased> eldest) {
            return size() > BASES_KEPT;
        }
    };

    StatuspageDocuments(StatusBoard board, IncidentQueries incidents, MaintenanceQueries maintenances,
                        ComponentDirectory directory, PageProperties page, PublicUrl publicUrl,
                        DatabaseWatch database, MeterRegistry meters) {
        this.board = board;
        this.builds = Timer.builder("ledger.public.documents.build")
                .description("One build of every Statuspage document after a change (the reads and the rendering)")
                .publishPercentileHistogram().register(meters);
        this.incidents = incidents;
        this.maintenances = maintenances;
        this.directory = directory;
        this.page = page;
        this.publicUrl = publicUrl;
        this.database = database;
    }

    /**
     * The document at {@code path} below {@code /api/v2/}, e.g. {@code summary.json}, its links starting with
     * {@link PublicUrl#base()} as the current request sees it, as built and gzipped (each once per change and base
     * address); null if there is none.
     */
    public EncodedBody get(String path) {
        String base = publicUrl.base();
        Map<String, Document> documents = withPlaceholder();
        if (AsOf.current().isPresent()) {
            Document past = rebase(documents.get(path), base);
            return past == null ? null : EncodedBody.of(past.body(), past.etag());
        }
        Rebased copy;
        synchronized (rebased) {
            copy = rebased.get(base);
        }
        if (copy == null || copy.source() != documents) {
            copy = new Rebased(documents, new ConcurrentHashMap<>());
            synchronized (rebased) {
                rebased.put(base, copy);
            }
        }
        Document document = documents.get(path);
        return document == null ? null : copy.documents().computeIfAbsent(path, p -> {
            Document current = rebase(document, base);
            return EncodedBody.of(current.body(), current.etag());
        });
    }

    /** The documents as built (or as last built, marked stale), links starting with the placeholder. */
    private Map<String, Document> withPlaceholder() {
        if (AsOf.current().isPresent()) {
            // A past version of the documents: built from the snapshot for this request, never kept as current.
            return build();
        }
        DatabaseWatch.Answer<Map<String, Document>> answer = database.read(() -> {
            Map<String, Document> documents = current.get();
            return documents != null ? documents : rebuild();
        }, current);
        if (!answer.stale()) {
            return answer.value();
        }
        StaleDocuments marked = stale.get();
        if (marked == null || marked.source() != answer.value() || !marked.staleness().equals(answer.staleness())) {
            marked = new StaleDocuments(answer.value(), answer.staleness(), markStale(answer.value(),
                    answer.staleness()));
            stale.set(marked);
        }
        return marked.marked();
    }

    /** The document with the placeholder replaced by {@code base}, JSON-escaped, and its ETag recomputed. */
    private Document rebase(Document document, String base) {
        if (document == null) {
            return null;
        }
        byte[] body = replace(document.body(), placeholderBytes, jsonStringContent(base));
        return new Document(body, etag(body));
    }

    private static String randomHex() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** {@code text} as it appears between the quotes of a JSON string. */
    private static byte[] jsonStringContent(String text) {
        byte[] quoted = WIRE.writeValueAsBytes(text);
        return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
    }

    static byte[] replace(byte[] body, byte[] target, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        int start = 0;
        for (int i = indexOf(body, target, 0); i >= 0; i = indexOf(body, target, start)) {
            out.write(body, start, i - start);
            out.writeBytes(replacement);
            start = i + target.length;
        }
        out.write(body, start, body.length - start);
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, byte[] target, int from) {
        outer:
        for (int i = from; i <= body.length - target.length; i++) {
            for (int j = 0; j < target.length; j++) {
                if (body[i + j] != target[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Map<String, Document> markStale(Map<String, Document> documents, Staleness staleness) {
        Map<String, Document> marked = new LinkedHashMap<>();
        documents.forEach((path, document) -> {
            ObjectNode body = (ObjectNode) WIRE.readTree(document.body());
            ObjectNode mark = body.putObject("stale");
            mark.put("last_good_data_at", staleness.lastGoodDataAt().toString());
            mark.put("stale_since", staleness.since().toString());
            marked.put(path, document(body));
        });
        return Map.copyOf(marked);
    }

    /**
     * First of the listeners on the poller's one thread: these documents are what readers and every Statuspage
     * client poll, so they do not wait behind the last-known status (another StatusBoard read) or the front page's
     * progress check (the profile of bench/e2e-latency.sh put CurrentStatus's read ahead of this rebuild).
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ProjectionsAdvanced advanced) {
        rebuild();
    }

    /** Documents built while the projections replayed may show a partial history. */
    @EventListener
    void on(ProjectionsRebuilt rebuilt) {
        rebuild();
    }

    synchronized Map<String, Document> rebuild() {
        long started = System.nanoTime();
        Map<String, Document> built = build();
        builds.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        current.set(built);
        return built;
    }

    private Map<String, Document> build() {
        StatusBoard.Status status = board.current();
        Instant updatedAt = lastChange(status);
        Page pageView = new Page(page.id(), page.name(), placeholder, page.timeZone().getId(), updatedAt);
        Status rollup = new Status(status.indicator(), status.description());
        List<Component> components = components(status);
        Map<String, Component> byId = new LinkedHashMap<>();
        components.forEach(c -> byId.put(c.id(), c));

        List<IncidentSummary> newestSummaries = incidents.list(new Filter(State.ALL, null, null, null), 0,
                INCIDENTS_LISTED).items();
        List<IncidentSummary> unresolvedSummaries = incidents.open();
        List<String> shown = new ArrayList<>(newestSummaries.stream().map(IncidentSummary::id).toList());
        unresolvedSummaries.forEach(summary -> shown.add(summary.id()));
        Map<String, IncidentDetail> details = incidents.findAll(shown); // one read for all, not one per incident
        List<Incident> newest = incidentsOf(newestSummaries, details, byId);
        List<Incident> unresolved = incidentsOf(unresolvedSummaries, details, byId);
        // A cancelled maintenance is one Statuspage deletes: it is in none of these (it stays in /api/maintenances).
        List<ScheduledMaintenance> listed = maintenances.details(MaintenanceQueries.State.LISTED, INCIDENTS_LISTED)
                .stream().map(m -> maintenance(m, byId)).toList();
        List<ScheduledMaintenance> upcoming = maintenances.details(MaintenanceQueries.State.UPCOMING, 1000)
                .stream().map(m -> maintenance(m, byId)).toList();
        List<ScheduledMaintenance> active = maintenances.details(MaintenanceQueries.State.ACTIVE, 1000)
                .stream().map(m -> maintenance(m, byId)).toList();
        List<ScheduledMaintenance> upcomingAndActive = new ArrayList<>(active);
        upcomingAndActive.addAll(upcoming);

        Map<String, Document> documents = new LinkedHashMap<>();
        documents.put("summary.json", document(new Summary(pageView, components, unresolved,
                List.copyOf(upcomingAndActive), rollup)));
        documents.put("status.json", document(new StatusDocument(pageView, rollup)));
        documents.put("components.json", document(new ComponentsDocument(pageView, components)));
        documents.put("incidents.json", document(new IncidentsDocument(pageView, newest)));
        documents.put("incidents/unresolved.json", document(new IncidentsDocument(pageView, unresolved)));
        documents.put("scheduled-maintenances.json", document(new ScheduledMaintenancesDocument(pageView, listed)));
        documents.put("scheduled-maintenances/upcoming.json",
                document(new ScheduledMaintenancesDocument(pageView, upcoming)));
        documents.put("scheduled-maintenances/active.json",
                document(new ScheduledMaintenancesDocument(pageView, active)));
        return Map.copyOf(documents);
    }

    /** The page changed last when its newest component, incident or maintenance did. */
    private Instant lastChange(StatusBoard.Status status) {
        Instant latest = directory.all().stream().map(ComponentView::updatedAt).max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        for (IncidentSummary incident : incidents.list(new Filter(State.ALL, null, null, null), 0, 1).items()) {
            latest = incident.updatedAt().isAfter(latest) ? incident.updatedAt() : latest;
        }
        Instant maintenance = maintenances.lastChange().orElse(Instant.EPOCH);
        return maintenance.isAfter(latest) ? maintenance : latest;
    }

    private List<Component> components(StatusBoard.Status status) {
        Map<String, ComponentView> views = new LinkedHashMap<>();
        directory.active().forEach(v -> views.put(v.id(), v));
        List<Component> result = new ArrayList<>();
        for (StatusBoard.GroupStatusView group : status.groups()) {
            List<ComponentView> members = group.components().stream().map(views::get).toList();
            Instant created = members.stream().map(ComponentView::createdAt).min(Comparator.naturalOrder()).orElseThrow();
            Instant updated = members.stream().map(ComponentView::updatedAt).max(Comparator.naturalOrder()).orElseThrow();
            int position = members.stream().mapToInt(ComponentView::position).min().orElse(0);
            result.add(new Component(groupId(group.name()), group.name(), group.status(), created, updated, position,
                    null, false, null, null, page.id(), true, false, group.components()));
        }
        for (StatusBoard.ComponentStatusView component : status.components()) {
            ComponentView view = views.get(component.id());
            result.add(new Component(component.id(), component.name(), component.status(), view.createdAt(),
                    view.updatedAt(), component.position(), component.description(), view.showcase(),
                    view.createdAt().atZone(ZoneId.of("UTC")).toLocalDate().toString(),
                    component.group() != null ? groupId(component.group()) : null, page.id(), false,
                    view.onlyShowIfDegraded(), null));
        }
        result.sort(Comparator.comparingInt(Component::position));
        return List.copyOf(result);
    }

    /**
     * What an announcement of an incident says (SPEC §8), as JSON: {@code {"page": {id, status_indicator,
     * status_description}, "incident": <the incident as incidents.json shows it>}}, its links absolute from
     * {@code base}. Empty for an incident the read model does not know.
     */
    public Optional<String> incidentAnnouncement(String incidentId, String base) {
        if (incidents.find(incidentId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(announcement(byId -> incident(incidentId, byId, base)));
    }

    /** The same for a maintenance: {@code "incident"} holds it as scheduled-maintenances.json shows it. */
    public Optional<String> maintenanceAnnouncement(String maintenanceId, String base) {
        return maintenances.find(maintenanceId)
                .map(detail -> announcement(byId -> maintenance(detail, byId, base)));
    }

    private String announcement(Function<Map<String, Component>, Object> subject) {
        StatusBoard.Status status = board.current();
        Map<String, Component> byId = new LinkedHashMap<>();
        components(status).forEach(c -> byId.put(c.id(), c));
        Map<String, Object> pageStatus = new LinkedHashMap<>();
        pageStatus.put("id", page.id());
        pageStatus.put("status_indicator", status.indicator());
        pageStatus.put("status_description", status.description());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", pageStatus);
        body.put("incident", subject.apply(byId));
        return WIRE.writeValueAsString(body);
    }

    private List<Incident> incidentsOf(List<IncidentSummary> summaries, Map<String, IncidentDetail> details,
                                       Map<String, Component> components) {
        return summaries.stream().map(summary -> details.get(summary.id())).filter(detail -> detail != null)
                .map(detail -> incident(detail, components, placeholder)).toList();
    }

    private Incident incident(String incidentId, Map<String, Component> components, String base) {
        return incident(incidents.find(incidentId).orElseThrow(), components, base);
    }

    private Incident incident(IncidentDetail detail, Map<String, Component> components, String base) {
        List<IncidentUpdate> updates = detail.updates().stream()
                .filter(update -> update.status() != null)
                .map(update -> update(detail.id(), update))
                .toList();
        List<Component> affected = detail.components().stream()
                .map(c -> components.get(c.componentId()))
                .filter(c -> c != null)
                .toList();
        return new Incident(detail.id(), detail.title(), detail.status(), detail.createdAt(), detail.updatedAt(),
                detail.monitoringAt(), detail.resolvedAt(), detail.impact(),
                base + "/incidents/" + detail.id(), detail.startedAt(), page.id(), updates, affected);
    }

    /**
     * A maintenance as Statuspage writes one: impact {@code maintenance}; {@code monitoring_at} when it went to
     * verifying, {@code resolved_at} when it completed; {@code started_at} when it began, or while it has not, when
     * it is to begin. Its updates are those Statuspage has (a reschedule is an edit there, not an update), a
     * missing message worded as Statuspage words an automatic transition.
     */
    private ScheduledMaintenance maintenance(MaintenanceDetail detail, Map<String, Component> components) {
        return maintenance(detail, components, placeholder);
    }

    private ScheduledMaintenance maintenance(MaintenanceDetail detail, Map<String, Component> components,
                                             String base) {
        List<IncidentUpdate> updates = detail.updates().stream()
                .filter(update -> !"rescheduled".equals(update.kind()) && !"cancelled".equals(update.kind()))
                .map(update -> new IncidentUpdate(update.id(), update.status(), update.text(), detail.id(),
                        update.recordedAt(), update.recordedAt(), update.at(),
                        update.componentChanges().isEmpty() ? null : update.componentChanges().stream()
                                .map(change -> new AffectedComponent(change.componentId(), change.name(),
                                        change.oldStatus(), change.newStatus()))
                                .toList(),
                        true, null, null))
                .toList();
        List<Component> affected = detail.components().stream()
                .map(c -> components.get(c.componentId()))
                .filter(c -> c != null)
                .toList();
        return new ScheduledMaintenance(detail.id(), detail.title(), detail.status(), detail.createdAt(),
                detail.updatedAt(), detail.verifyingAt(), detail.completedAt(), "maintenance",
                base + "/maintenances/" + detail.id(),
                detail.startedAt() != null ? detail.startedAt() : detail.scheduledFor(), page.id(), updates, affected,
                detail.scheduledFor(), detail.scheduledUntil());
    }

    private static IncidentUpdate update(String incidentId, UpdateView update) {
        List<AffectedComponent> affected = update.componentChanges().isEmpty() ? null
                : update.componentChanges().stream()
                        .map(change -> new AffectedComponent(change.componentId(), change.name(), change.oldStatus(),
                                change.newStatus()))
                        .toList();
        return new IncidentUpdate(update.id(), update.status(), update.message(), incidentId, update.recordedAt(),
                update.recordedAt(), update.at(), affected, true, null, null);
    }

    /** Groups have no id of their own in the ledger: a stable one derived from the name. */
    static String groupId(String groupName) {
        return "group-" + groupName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static Document document(Object shape) {
        byte[] body = WIRE.writeValueAsBytes(shape);
        return new Document(body, etag(body));
    }

    /** A strong validator: the same bytes always give the same tag, different bytes practically never. */
    static String etag(byte[] body) {
        return "\"" + HexFormat.of().formatHex(DigestUtils.sha256(body), 0, 16) + "\"";
    }
}
