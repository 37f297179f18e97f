package io.incidentledger.command.component;

import java.util.Optional;

/**
 * Set-based knowledge the incident aggregate needs but cannot hold itself: which components exist and
 * whether they are retired. Kept in the command side's own table, written in the same transaction as
 * the component events (subscribing processor), so a check is never behind a committed registration.
 */
public interface ComponentCatalog {

    enum Standing { ACTIVE, RETIRED }

    Optional<Standing> standingOf(String componentId);
}
