package io.incidentledger.systemtest;

import io.incidentledger.systemtest.support.LedgerCluster;

/**
 * Command races on PostgreSQL, where two instances' losers meet at the event store's unique key as a
 * duplicate-key error (SQLSTATE 23505) inside Axon's append.
 */
class CommandRacesOnPostgresIT extends CommandRacesContract {

    @Override
    protected LedgerCluster.Builder cluster() {
        return LedgerCluster.postgres();
    }
}
