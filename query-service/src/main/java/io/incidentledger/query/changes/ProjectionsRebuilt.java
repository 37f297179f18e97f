package io.incidentledger.query.changes;

import java.util.List;

/**
 * Every projection was reset and has replayed the whole store (a rebuild). A replay announces no
 * {@link ProjectionChanged} (the changes it repeats were announced when they first happened), so what is kept
 * in memory from the read models must be rebuilt on this instead. Published as a Spring application event on
 * the instance that ran the rebuild, once the read models are complete again.
 *
 * @param processors the processing groups rebuilt
 * @param position   the store's last position when the rebuild started; every projection has passed it
 */
public record ProjectionsRebuilt(List<String> processors, long position) {
}
