package io.incidentledger.query;

import java.util.List;

/**
 * The names of query-service's event processors, one per {@code @ProcessingGroup} (a processing group is
 * processed by the streaming processor of the same name; {@code axon.eventhandling.processors.<name>} in
 * application.yml configures it). Every other place names them through these constants.
 *
 * <p>A read-model processor ({@link #READ_MODELS}) writes tables that are disposable and derived from the events
 * alone, and so is wired into four places: its committed changes are recorded and announced
 * ({@code changes.ProjectionChangeNotifier}, {@code changes.ProjectionChanges}), streamed to
 * {@code /api/stream} ({@code stream.LiveStream}), replayed into the snapshots behind {@code ?asOf=}
 * ({@code asof.Snapshots}) and reset and replayed by a rebuild ({@code admin.ProjectionRebuild}).
 *
 * <p>The audit chain ({@link #AUDIT}) is the one processor that is not a read model: it is the evidence that the
 * history was not rewritten, so it is never reset, rebuilt, replayed or announced.
 */
public final class Processors {

    /** The component read model ({@code component_view}). */
    public static final String COMPONENTS = "components";

    /** The incident read models (incidents, their timelines, facts and corrections). */
    public static final String INCIDENTS = "incidents";

    /** The scheduled maintenance read models (the windows, their components and timelines). */
    public static final String MAINTENANCES = "maintenances";

    /** The audit chain: one link per stored event. Never reset. */
    public static final String AUDIT = "audit";

    /**
     * The announcements: what is news, once (SPEC §8). Like the audit chain not a read model: its own token,
     * started at the head of the store on first start, never reset, rebuilt or replayed.
     */
    public static final String ANNOUNCEMENTS = "announcements";

    /** The processors that write the read models, in the order they are announced, replayed and rebuilt. */
    public static final List<String> READ_MODELS = List.of(COMPONENTS, INCIDENTS, MAINTENANCES);

    private Processors() {
    }
}
