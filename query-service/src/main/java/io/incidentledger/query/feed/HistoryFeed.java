package io.incidentledger.query.feed;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import io.incidentledger.query.config.PageProperties;
import io.incidentledger.query.config.PublicUrl;
import io.incidentledger.query.incident.IncidentQueries;
import io.incidentledger.query.incident.IncidentQueries.Filter;
import io.incidentledger.query.incident.IncidentQueries.State;
import io.incidentledger.query.incident.IncidentViews.ComponentChange;
import io.incidentledger.query.incident.IncidentViews.IncidentDetail;
import io.incidentledger.query.incident.IncidentViews.IncidentSummary;
import io.incidentledger.query.incident.IncidentViews.UpdateView;
import io.incidentledger.query.maintenance.MaintenanceQueries;
import io.incidentledger.query.maintenance.MaintenanceViews;
import io.incidentledger.query.maintenance.MaintenanceViews.MaintenanceDetail;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The incident history as Atom 1.0: one entry per incident, its updates newest first in the entry's text.
 * An entry per incident (not per update) because feed readers then show each incident once and mark it
 * unread again when it changes ({@code updated} moves), which is how people follow an incident.
 * Scheduled maintenances have an entry each too, which moves with every change of theirs
 * (scheduled, rescheduled, started, an update, completed, cancelled: a cancelled one stays, so that its readers
 * learn it is off). The feed holds the 50 entries that changed last. Everything is {@code type="text"}: commanders' words are never markup in a reader.
 */
@Service
class HistoryFeed {

    static final int INCIDENTS = 50;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);

    private final IncidentQueries incidents;
    private final MaintenanceQueries maintenances;
    private final PageProperties page;
    private final PublicUrl publicUrl;
    private final Clock clock;

    HistoryFeed(IncidentQueries incidents, MaintenanceQueries maintenances, PageProperties page, PublicUrl publicUrl,
                Clock clock) {
        this.incidents = incidents;
        this.maintenances = maintenances;
        this.page = page;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Built per request: its ids and links start with {@link PublicUrl#base()} as this request sees it. */
    String xml() {
        String base = publicUrl.base();
        List<IncidentDetail> newest = incidents.list(new Filter(State.ALL, null, null, null), 0, INCIDENTS).items()
                .stream().map(IncidentSummary::id).map(incidents::find).flatMap(Optional::stream).toList();
        Feed feed = new Feed("atom_1.0");
        feed.setId(base + "/history.atom");
        feed.setTitle(page.name() + " status: incident history");
        feed.setAlternateLinks(List.of(link("alternate", base + "/history", "text/html")));
        feed.setOtherLinks(List.of(link("self", base + "/history.atom", "application/atom+xml")));
        feed.setAuthors(List.of(author(base)));
        List<MaintenanceDetail> planned = maintenances.details(MaintenanceQueries.State.RECENT, INCIDENTS);
        // An empty history was last updated "now": Atom requires the element, and nothing older is true.
        feed.setUpdated(Date.from(java.util.stream.Stream.concat(newest.stream().map(IncidentDetail::updatedAt),
                        planned.stream().map(MaintenanceDetail::updatedAt))
                .max(Comparator.naturalOrder()).orElse(clock.instant())));
        // At most INCIDENTS entries in all, the ones that changed last: a reader follows news, and a maintenance
        // rescheduled today is news even behind fifty incidents.
        record Dated(Instant updated, Entry entry) {
        }
        List<Dated> entries = new java.util.ArrayList<>();
        newest.forEach(incident -> entries.add(new Dated(incident.updatedAt(), entry(incident, base))));
        planned.forEach(maintenance -> entries.add(new Dated(maintenance.updatedAt(), entry(maintenance, base))));
        feed.setEntries(entries.stream().sorted(Comparator.comparing(Dated::updated).reversed()).limit(INCIDENTS)
                .map(Dated::entry).toList());
        try {
            return new WireFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("the incident history could not be written as Atom", e);
        }
    }

    private Entry entry(IncidentDetail incident, String base) {
        Entry entry = new Entry();
        String url = base + "/incidents/" + incident.id();
        entry.setId(url);
        entry.setTitle(incident.title());
        entry.setAlternateLinks(List.of(link("alternate", url, "text/html")));
        entry.setPublished(Date.from(incident.startedAt()));
        entry.setUpdated(Date.from(incident.updatedAt()));
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(text(incident));
        entry.setContents(List.of(content));
        return entry;
    }

    private Entry entry(MaintenanceDetail maintenance, String base) {
        Entry entry = new Entry();
        String url = base + "/maintenances/" + maintenance.id();
        entry.setId(url);
        entry.setTitle("Scheduled maintenance: " + maintenance.title());
        entry.setAlternateLinks(List.of(link("alternate", url, "text/html")));
        entry.setPublished(Date.from(maintenance.createdAt()));
        entry.setUpdated(Date.from(maintenance.updatedAt()));
        var out = new StringBuilder();
        out.append("Status: ").append(maintenance.status()).append(" · Scheduled ")
                .append(when(maintenance.scheduledFor())).append(" – ").append(when(maintenance.scheduledUntil()))
                .append('\n');
        for (MaintenanceViews.UpdateView update : maintenance.updates()) {
            out.append('\n').append("rescheduled".equals(update.kind()) ? "Rescheduled" : label(update.status()))
                    .append(" — ").append(when(update.at())).append('\n');
            if (update.scheduledFor() != null) {
                out.append("Now scheduled ").append(when(update.scheduledFor())).append(" – ")
                        .append(when(update.scheduledUntil())).append('\n');
            }
            for (MaintenanceViews.ComponentChange change : update.componentChanges()) {
                out.append(change.name()).append(": ").append(label(change.oldStatus())).append(" → ")
                        .append(label(change.newStatus())).append('\n');
            }
            out.append(update.text()).append('\n');
        }
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(out.toString());
        entry.setContents(List.of(content));
        return entry;
    }

    /**
     * Plain text: a heading line per update, a line per component it moved to another status ("API: Operational →
     * Major outage"; re-declaring a status is no change and is not listed), then its message, newest first, as on
     * the page.
     */
    private String text(IncidentDetail incident) {
        var out = new StringBuilder();
        out.append("Status: ").append(incident.status()).append(" · Impact: ").append(incident.impact()).append('\n');
        for (UpdateView update : incident.updates()) {
            out.append('\n').append(capitalised(update.status())).append(" — ").append(when(update.at()))
                    .append('\n');
            for (ComponentChange change : update.componentChanges()) {
                out.append(change.name()).append(": ").append(label(change.oldStatus())).append(" → ")
                        .append(label(change.newStatus())).append('\n');
            }
            out.append(update.message() == null ? "" : update.message()).append('\n');
        }
        return out.toString();
    }

    private String when(Instant instant) {
        return instant.atZone(page.timeZone()).format(WHEN);
    }

    /** "partial_outage" → "Partial outage", as the page writes statuses. */
    private static String label(String wire) {
        return capitalised(wire == null ? "" : wire.replace('_', ' '));
    }

    private static String capitalised(String wire) {
        return wire == null || wire.isEmpty() ? "" : Character.toUpperCase(wire.charAt(0)) + wire.substring(1);
    }

    private Person author(String base) {
        Person person = new Person();
        person.setName(page.name());
        person.setUri(base + "/");
        return person;
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        link.setType(type);
        return link;
    }
}
