package io.incidentledger.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.web.security.TestCredentials;

/** The admin endpoints are there by default, for the admin role alone (AuthorizationMatrixTest covers every caller). */
class AdminEndpointsNeedTheAdminRoleTest extends QueryApiTest {

    @Test
    void theDigestIsTheAdminsAlone() {
        assertThat(get("/api/admin/digest", "application/json", null).status()).isEqualTo(401);
        assertThat(get("/api/admin/digest", "application/json", "Bearer " + TestCredentials.AUDITOR).status())
                .isEqualTo(403);
        Response digest = get("/api/admin/digest", "application/json", "Bearer " + TestCredentials.ADMIN);
        assertThat(digest.status()).isEqualTo(200);
        assertThat(digest.json().path("digest").asString()).hasSize(64);
    }
}
