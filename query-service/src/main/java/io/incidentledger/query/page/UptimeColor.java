package io.incidentledger.query.page;

/**
 * A day's colour on the uptime bar, from its weighted downtime (seconds down, each partial-outage second
 * counting 0.3 under the statuspage profile), on Statuspage's scale: none is green, up to 20 minutes leans
 * yellow, up to 40 orange, 40 minutes and more red. Blue is a day with scheduled maintenance and no downtime: up,
 * but not quietly so. Grey is a day the component did not exist yet.
 */
enum UptimeColor {
    GREEN, YELLOW, ORANGE, RED, BLUE, GREY;

    static final long YELLOW_UP_TO = 20 * 60;
    static final long RED_FROM = 40 * 60;

    /** An outage outweighs maintenance: a day with both is coloured by its downtime. */
    static UptimeColor of(long weightedDowntimeSeconds, boolean maintenance) {
        UptimeColor byDowntime = of(weightedDowntimeSeconds);
        return byDowntime == GREEN && maintenance ? BLUE : byDowntime;
    }

    static UptimeColor of(long weightedDowntimeSeconds) {
        if (weightedDowntimeSeconds <= 0) {
            return GREEN;
        }
        if (weightedDowntimeSeconds <= YELLOW_UP_TO) {
            return YELLOW;
        }
        return weightedDowntimeSeconds < RED_FROM ? ORANGE : RED;
    }

    String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
