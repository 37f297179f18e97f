package io.incidentledger.command.inputguard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.regex.Pattern;

/**
 * What one client may send the write API: how large a body, how many writes per second. The byte limits are
 * a coarse guard against memory exhaustion, set so that they never refuse a request the per-field limits
 * accept (a 20,000-character message of three-byte characters is 60 KB; a 200,000-character post-mortem
 * is 600 KB); the field limits on the request records are the precise contract.
 *
 * @param bodySize           the largest request body, in bytes, on every endpoint but the post-mortem
 * @param postmortemBodySize the largest post-mortem body (a document, not a status line)
 * @param writeRate          the per-client token bucket for POST, PUT, PATCH and DELETE
 */
@ConfigurationProperties("incident-ledger.limits")
public record RequestLimits(@DefaultValue("128KB") DataSize bodySize,
                            @DefaultValue("1MB") DataSize postmortemBodySize,
                            @DefaultValue WriteRate writeRate) {

    private static final Pattern POSTMORTEM = Pattern.compile("/api/incidents/[^/]+/postmortem/?");

    /** The body limit, in bytes, for a request to {@code path}. */
    public long bodyBytesFor(String path) {
        return (POSTMORTEM.matcher(path).matches() ? postmortemBodySize : bodySize).toBytes();
    }

    /**
     * @param enabled    false turns the limit off (e.g. behind a gateway that limits already)
     * @param perSecond  tokens added to a client's bucket each second: the sustained write rate
     * @param burst      the bucket's size: how many writes a client may send at once after a quiet spell
     * @param maxClients how many clients' buckets are kept; idle ones are forgotten first
     */
    public record WriteRate(@DefaultValue("true") boolean enabled,
                            @DefaultValue("20") long perSecond,
                            @DefaultValue("40") long burst,
                            @DefaultValue("10000") int maxClients) {
    }
}
