package io.incidentledger.query.page;

import io.incidentledger.query.page.DisplayTime.Stamp;

import java.util.List;

/** What the templates render: every string already worded and every time already in the page's zone. */
final class PageViews {

    private PageViews() {
    }

    /** {@code recordedAt} is null unless it differs from the effective time {@code at}. */
    record UpdateItem(String id, String status, String statusLabel, String message, Stamp at, Stamp recordedAt,
                      List<String> changes) {
    }

    record IncidentItem(String id, String title, String impact, String status, String statusLabel,
                        Stamp startedAt, Stamp resolvedAt, String duration, List<UpdateItem> updates) {
    }

    /**
     * {@code color} is the contract's green|yellow|orange|red|grey, or blue for a day of maintenance and no outage; {@code tooltip} the words for it; {@code href}
     * the day's incidents (null for a day before the component existed: there is nothing to see).
     */
    record UptimeDay(String date, String color, String tooltip, String href) {
    }

    record UptimeBar(String label, String uptimeText, List<UptimeDay> days) {
    }

    record ComponentItem(String id, String name, String description, String status, String statusLabel,
                         UptimeBar uptime) {
    }

    /** {@code expanded}: rendered open (it is worse than operational); a reader may fold it either way. */
    record GroupItem(String name, String status, String statusLabel, boolean expanded, List<ComponentItem> components,
                     UptimeBar uptime) {
    }

    /** One entry of the component list: a group with its members, or a component in no group. */
    record Section(GroupItem group, ComponentItem component) {
    }

    record PastIncident(String id, String title, String impact, String statusLabel, Stamp startedAt) {
    }

    record PastDay(Stamp date, List<PastIncident> incidents) {
    }

    /**
     * A scheduled maintenance as the page shows it: its window as planned, and once it ran, when it really began
     * and ended; {@code components} the names of what it takes down; its updates newest first.
     */
    record MaintenanceItem(String id, String title, String status, String statusLabel, Stamp scheduledFor,
                           Stamp scheduledUntil, Stamp startedAt, Stamp completedAt, List<String> components,
                           List<UpdateItem> updates) {
    }

    /**
     * {@code activeMaintenances} are shown as a banner at the top, {@code upcomingMaintenances} in their own section,
     * soonest first.
     */
    record StatusPageView(String pageName, String indicator, String description, Stamp asOf, int uptimeDays,
                          List<Section> sections, List<IncidentItem> openIncidents, List<PastDay> pastDays,
                          List<MaintenanceItem> activeMaintenances, List<MaintenanceItem> upcomingMaintenances) {
    }

    record MaintenancePageView(String pageName, MaintenanceItem maintenance, boolean ongoing,
                               List<AffectedItem> components) {
    }

    record IncidentPageView(String pageName, IncidentItem incident, boolean ongoing, List<String> durations,
                            List<AffectedItem> components, List<CorrectionItem> corrections, String postmortemHtml,
                            Stamp postmortemAt) {
    }

    /** A correction as the public page shows it: what, over when, why and when it was made (not by whom). */
    record CorrectionItem(String id, String componentName, String status, String statusLabel, Stamp from, Stamp to,
                          String reason, Stamp recordedAt) {
    }

    record AffectedItem(String id, String name, String status, String statusLabel) {
    }

    /** An incident as the history and the day pages list it. {@code resolvedAt} is null while it is open. */
    record HistoryIncident(String id, String title, String impact, String status, String statusLabel,
                           Stamp startedAt, Stamp resolvedAt, String duration) {
    }

    /** {@code key} is "2026-11"; {@code title} "November 2026". */
    record HistoryMonth(String key, String title, List<HistoryIncident> incidents) {
    }

    /** One page of the history; {@code newerHref}/{@code olderHref} are null at either end. */
    record HistoryPageView(String pageName, int page, int pages, List<HistoryMonth> months, String newerHref,
                           String olderHref, long incidentCount) {
    }

    /**
     * The incidents of one day (in the page's zone) that touched {@code subject} (a component or a group; null for
     * all). {@code uptime} is that day's words from the subject's uptime bar, when it has one.
     */
    record DayView(String pageName, Stamp day, String subjectKind, String subject, String uptime,
                   List<HistoryIncident> incidents, String previousHref, String nextHref, String historyHref) {
    }
}
