/**
 * Downtime arithmetic: how incident histories become seconds, statuses and uptime percentages.
 *
 * <p>Everything here is a pure function of its arguments. There is no clock ({@code now} is always
 * passed in), no I/O and no framework, so every number the status page shows can be reproduced in a
 * unit test from a handful of facts.
 *
 * <p>The pipeline, in the order the projection layer uses it:
 * <ol>
 *   <li>{@link io.incidentledger.query.downtime.IncidentTimeline#replay IncidentTimeline.replay} turns
 *       one incident's {@link io.incidentledger.query.downtime.IncidentFact facts} into
 *       {@link io.incidentledger.query.downtime.Interval intervals}: "this incident said component C was
 *       S from A to B". That is also the incident's own downtime report.</li>
 *   <li>{@link io.incidentledger.query.downtime.EffectiveTimeline#of EffectiveTimeline.of} merges the
 *       intervals of every incident and maintenance touching one component into what the component
 *       actually was at each instant: the worst thing anyone declared. Overlaps are resolved there,
 *       once, so nothing downstream can count a second twice.</li>
 *   <li>Seconds per level, uptime under an {@link io.incidentledger.query.downtime.AccountingProfile},
 *       {@link io.incidentledger.query.downtime.DailyUptime daily buckets} and "since when" are all
 *       read off that effective timeline; {@link io.incidentledger.query.downtime.StatusRollup} sums a
 *       page of statuses up in Statuspage's words.</li>
 *   <li>{@link io.incidentledger.query.downtime.ImpactPhases} reads one incident's intervals back as phases
 *       per component and writes them out as the incident page and the impact endpoint show them.</li>
 * </ol>
 *
 * <p>All time spans are half-open, {@code [from, to)}: an instant where one declaration hands over to
 * the next belongs to the next, so consecutive spans neither overlap nor leave a gap.
 */
package io.incidentledger.query.downtime;
