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

    /** {@code color} is the contract's green|yellow|orange|red|grey; {@code tooltip} the words for it. */
    record UptimeDay(String date, String color, String tooltip) {
    }

    record UptimeBar(String label, String uptimeText, List<UptimeDay> days) {
    }

    record ComponentItem(String id, String name, String description, String status, String statusLabel,
                         UptimeBar uptime) {
    }

    record GroupItem(String name, String status, String statusLabel, List<ComponentItem> components,
                     UptimeBar uptime) {
    }

    /** One entry of the component list: a group with its members, or a component in no group. */
    record Section(GroupItem group, ComponentItem component) {
    }

    record PastIncident(String id, String title, String impact, String statusLabel, Stamp startedAt) {
    }

    record PastDay(Stamp date, List<PastIncident> incidents) {
    }

    record StatusPageView(String pageName, String indicator, String description, Stamp asOf, int uptimeDays,
                          List<Section> sections, List<IncidentItem> openIncidents, List<PastDay> pastDays) {
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
}
