package io.incidentledger.query.web;

import io.incidentledger.query.Sql;
import io.incidentledger.query.downtime.AccountingProfile;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Parses query parameters into domain values with errors a dashboard author can act on. */
public final class QueryParameters {

    /** The earliest instant a query may name: the first day of year 1. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private QueryParameters() {
    }

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadQueryException(name, "'" + name + "' must be an ISO-8601 instant such as 2012-06-30T00:00:00Z");
        }
        // Instant reaches a billion years either way; neither the databases nor any history do.
        if (instant.isBefore(EARLIEST) || instant.isAfter(Sql.END_OF_TIME)) {
            throw new BadQueryException(name, "'" + name + "' must lie between " + EARLIEST + " and " + Sql.END_OF_TIME);
        }
        return instant;
    }

    /** A query parameter that is absent or blank is not given. */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public static AccountingProfile profile(String value) {
        if (value == null || value.isBlank()) {
            return AccountingProfile.DEFAULT;
        }
        return AccountingProfile.fromWireName(value).orElseThrow(() -> new BadQueryException("profile",
                "'profile' must be one of: " + Arrays.stream(AccountingProfile.values()).map(String::valueOf)
                        .collect(Collectors.joining(", "))));
    }

    public static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new BadQueryException("zone", "'zone' must be a time zone id such as UTC or Europe/Paris");
        }
    }

    public static int bounded(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadQueryException(name, "'" + name + "' must be between " + min + " and " + max);
        }
        return value;
    }
}
