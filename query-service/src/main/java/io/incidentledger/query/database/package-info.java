/**
 * Query-service's own database, the one holding the read models, being unreachable: {@link
 * io.incidentledger.query.database.DatabaseWatch} tells whether it can be reached and how old the last good data
 * is, so that the status page outlives its database; {@link
 * io.incidentledger.query.database.DatabaseUnavailableException} is the 503 when there is nothing earlier to show.
 * (Not to be confused with a component's {@code partial_outage} or {@code major_outage}: those are what the ledger
 * records, this is the ledger's own storage failing.)
 */
package io.incidentledger.query.database;
