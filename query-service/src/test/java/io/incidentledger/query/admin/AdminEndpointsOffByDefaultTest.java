package io.incidentledger.query.admin;

import org.junit.jupiter.api.Test;

import io.incidentledger.query.QueryApiTest;

/** The public service offers no rebuild unless the operator switched the admin endpoints on. */
class AdminEndpointsOffByDefaultTest extends QueryApiTest {

    @Test
    void theAdminEndpointsAreNotThere() {
        getProblem("/api/admin/digest", 404);
    }
}
