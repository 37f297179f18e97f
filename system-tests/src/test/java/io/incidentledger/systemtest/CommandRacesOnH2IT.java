package io.incidentledger.systemtest;

import io.incidentledger.systemtest.support.LedgerCluster;

/**
 * Command races on the embedded default, with a second command-service instance on the same H2 file (reached
 * through the first instance's auto-server), so that the cross-instance race is exercised on H2 as well.
 */
class CommandRacesOnH2IT extends CommandRacesContract {

    @Override
    protected LedgerCluster.Builder cluster() {
        return LedgerCluster.h2();
    }
}
