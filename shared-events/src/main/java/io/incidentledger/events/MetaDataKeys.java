package io.incidentledger.events;

/**
 * The metadata every event carries beside its payload, by the one name each has in the store. Part of the stored
 * schema like the payloads: a key, once written, is read back for ever.
 */
public final class MetaDataKeys {

    /** Who acted: an API token's name or a JWT's subject. Copied from the command to each of its events. */
    public static final String ACTOR = "actor";
    /** The command's message id, which Axon copies to every event the command applied (its default key). */
    public static final String CORRELATION_ID = "correlationId";

    private MetaDataKeys() {
    }
}
