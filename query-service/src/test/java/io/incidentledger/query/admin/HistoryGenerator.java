package io.incidentledger.query.admin;

import io.incidentledger.events.MaintenanceStatus;
import io.incidentledger.events.maintenance.MaintenanceCancelled;
import io.incidentledger.events.maintenance.MaintenanceCompleted;
import io.incidentledger.events.maintenance.MaintenanceRescheduled;
import io.incidentledger.events.maintenance.MaintenanceScheduled;
import io.incidentledger.events.maintenance.MaintenanceStarted;
import io.incidentledger.events.maintenance.MaintenanceUpdatePosted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import io.incidentledger.events.ComponentDeclaration;
import io.incidentledger.events.ComponentStatus;
import io.incidentledger.events.Impact;
import io.incidentledger.events.IncidentStatus;
import io.incidentledger.events.component.ComponentRegistered;
import io.incidentledger.events.incident.IncidentImpactChanged;
import io.incidentledger.events.incident.IncidentOpened;
import io.incidentledger.events.incident.IncidentReopened;
import io.incidentledger.events.incident.IncidentResolved;
import io.incidentledger.events.incident.IncidentUpdatePosted;
import io.incidentledger.events.incident.IncidentPostmortemPublished;

/**
 * A long, valid history appended straight to the store, as command-service would have recorded it: components,
 * then incidents of exactly {@link #EVENTS_PER_INCIDENT} events each (opened, updates moving component statuses,
 * an impact change; most resolved, reopened, resolved again and given a post-mortem; every tenth left open).
 * Seeded, so the same arguments give the same history. Each incident is appended in one transaction.
 */
final class HistoryGenerator {

    static final int EVENTS_PER_INCIDENT = 20;
    private static final ComponentStatus[] OUTAGES = {ComponentStatus.DEGRADED_PERFORMANCE,
            ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.MAJOR_OUTAGE, ComponentStatus.UNDER_MAINTENANCE};
    private static final IncidentStatus[] PROGRESS = {IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED,
            IncidentStatus.MONITORING};

    private final EventStore store;
    private final Random random = new Random(2012_06_29);
    private final Instant start;

    HistoryGenerator(EventStore store, Instant start) {
        this.store = store;
        this.start = start;
    }

    /** Appends {@code components} components and {@code incidents} incidents; returns how many events. */
    long generate(int components, int incidents) {
        List<EventMessage<?>> registrations = new ArrayList<>();
        for (int c = 0; c < components; c++) {
            String id = component(c);
            registrations.add(event("Component", id, 0, new ComponentRegistered(id, "Component " + c,
                    "Group " + (c % 4), "Generated component " + c, c), start));
        }
        store.publish(registrations);
        long events = components;
        for (int i = 0; i < incidents; i++) {
            List<EventMessage<?>> history = incident(i, components);
            store.publish(history);
            events += history.size();
        }
        return events;
    }

    /**
     * Appends {@code count} maintenances over the same components, in every state by turns: still scheduled,
     * rescheduled, running, verifying, completed (by hand or by its deadline) and cancelled; returns how many events.
     */
    long maintenances(int count, int components) {
        long events = 0;
        for (int m = 0; m < count; m++) {
            String id = "mnt-gen-" + m;
            Instant from = start.plus(Duration.ofHours(m)).plus(Duration.ofMinutes(30));
            Instant until = from.plus(Duration.ofMinutes(30 + random.nextInt(90)));
            List<ComponentDeclaration> declared = List.of(ComponentDeclaration.of(component(random.nextInt(components)),
                    m % 5 == 0 ? ComponentStatus.MAJOR_OUTAGE : ComponentStatus.UNDER_MAINTENANCE));
            List<Object> payloads = new ArrayList<>();
            Instant announced = from.minus(Duration.ofDays(2));
            payloads.add(new MaintenanceScheduled(id, "Generated maintenance " + m, id + "-u0", "Planned work.",
                    announced, declared, from, until, true, true, null));
            int fate = m % 6;
            if (fate == 1) {
                payloads.add(new MaintenanceRescheduled(id, "Moved maintenance " + m, declared,
                        from.plus(Duration.ofDays(30)), until.plus(Duration.ofDays(30)), announced.plusSeconds(60)));
            } else if (fate == 2) {
                payloads.add(new MaintenanceCancelled(id, id + "-c", null, announced.plusSeconds(60)));
            } else if (fate >= 3) {
                payloads.add(new MaintenanceStarted(id, id + "-s", fate == 3 ? "Starting." : null, from, fate != 3));
                if (fate >= 4) {
                    payloads.add(new MaintenanceUpdatePosted(id, id + "-v", MaintenanceStatus.VERIFYING,
                            "Verifying.", until.minusSeconds(300)));
                }
                if (fate == 5) {
                    payloads.add(new MaintenanceCompleted(id, id + "-d", null, until, true));
                }
            }
            List<EventMessage<?>> history = new ArrayList<>();
            for (int sequence = 0; sequence < payloads.size(); sequence++) {
                history.add(event("Maintenance", id, sequence, payloads.get(sequence),
                        announced.plus(Duration.ofHours(sequence * 24L + 1))));
            }
            store.publish(history);
            events += history.size();
        }
        return events;
    }

    private List<EventMessage<?>> incident(int i, int components) {
        String id = "inc-gen-" + i;
        boolean staysOpen = i % 10 == 0;
        Instant at = start.plus(Duration.ofHours(i));
        List<Object> payloads = new ArrayList<>();
        payloads.add(new IncidentOpened(id, "Generated incident " + i, Impact.values()[1 + random.nextInt(3)],
                IncidentStatus.INVESTIGATING, id + "-u0", "We are investigating reports of errors.", at,
                declarations(components)));
        int updates = staysOpen ? EVENTS_PER_INCIDENT - 2 : EVENTS_PER_INCIDENT - 6;
        for (int u = 1; u <= updates; u++) {
            at = at.plus(Duration.ofMinutes(5 + random.nextInt(20)));
            payloads.add(new IncidentUpdatePosted(id, id + "-u" + u, PROGRESS[random.nextInt(PROGRESS.length)],
                    "Update " + u + " on incident " + i + ".", at, u % 3 == 0 ? List.of() : declarations(components)));
            if (u == updates / 2) {
                at = at.plusSeconds(30);
                Impact impact = Impact.values()[random.nextInt(Impact.values().length)];
                payloads.add(new IncidentImpactChanged(id, impact, at));
            }
        }
        if (!staysOpen) {
            at = at.plus(Duration.ofMinutes(10));
            payloads.add(new IncidentResolved(id, id + "-r1", "Resolved.", at));
            at = at.plus(Duration.ofMinutes(30));
            payloads.add(new IncidentReopened(id, id + "-o1", "It came back.", at, declarations(components)));
            at = at.plus(Duration.ofMinutes(15));
            payloads.add(new IncidentResolved(id, id + "-r2", "Resolved for good.", at));
            at = at.plus(Duration.ofHours(2));
            payloads.add(new IncidentPostmortemPublished(id, "# Post-mortem " + i + "\n\nWhat happened, what we changed.",
                    at));
        }
        List<EventMessage<?>> events = new ArrayList<>();
        for (int sequence = 0; sequence < payloads.size(); sequence++) {
            Object payload = payloads.get(sequence);
            Instant effective = effectiveTime(payload);
            events.add(event("Incident", id, sequence, payload, effective.plusSeconds(1 + random.nextInt(60))));
        }
        return events;
    }

    private List<ComponentDeclaration> declarations(int components) {
        int count = 1 + random.nextInt(3);
        List<ComponentDeclaration> declarations = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        while (declarations.size() < count) {
            String component = component(random.nextInt(components));
            if (chosen.contains(component)) {
                continue;
            }
            chosen.add(component);
            ComponentStatus status = OUTAGES[random.nextInt(OUTAGES.length)];
            declarations.add(status == ComponentStatus.PARTIAL_OUTAGE && random.nextBoolean()
                    ? new ComponentDeclaration(component, status, 0.25 + random.nextInt(3) * 0.25)
                    : ComponentDeclaration.of(component, status));
        }
        return declarations;
    }

    private static Instant effectiveTime(Object payload) {
        if (payload instanceof IncidentOpened e) {
            return e.at();
        } else if (payload instanceof IncidentUpdatePosted e) {
            return e.at();
        } else if (payload instanceof IncidentImpactChanged e) {
            return e.at();
        } else if (payload instanceof IncidentResolved e) {
            return e.at();
        } else if (payload instanceof IncidentReopened e) {
            return e.at();
        } else if (payload instanceof IncidentPostmortemPublished e) {
            return e.at();
        }
        throw new IllegalArgumentException("no effective time on " + payload);
    }

    static String component(int c) {
        return "cmp-gen-" + c;
    }

    private static EventMessage<?> event(String type, String aggregateId, long sequence, Object payload,
                                         Instant recordedAt) {
        return new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                Map.of("actor", "generator@example.com", "correlationId", UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt);
    }
}
