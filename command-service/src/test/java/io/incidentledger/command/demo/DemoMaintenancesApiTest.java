package io.incidentledger.command.demo;

import io.incidentledger.command.HttpApiTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's maintenances are accepted by the real API as the loader sends them, and a second load adds nothing. */
class DemoMaintenancesApiTest extends HttpApiTest {

    @Test
    void theDrillAndTheUpgradeLoadOnceAndLeaveTheLedgerAsItWasOnASecondLoad() {
        for (String id : List.of("postgres", "api")) {
            int status = post("/api/components", Map.of("id", id, "name", id)).status();
            assertThat(status).isIn(201, 409);
        }
        List<RecentHistory.Script> scripts = DemoMaintenances.at(Clock.systemUTC());
        for (RecentHistory.Script script : scripts) {
            for (HerokuJune2012.Step step : script.steps()) {
                Response response = post(step.path(), step.body());
                assertThat(response.status()).as("%s: %s", step.path(), response.body()).isIn(200, 201);
            }
        }
        assertThat(eventCount(DemoMaintenances.DRILL_ID)).isEqualTo(4);
        assertThat(storedPayload(DemoMaintenances.DRILL_ID, 3).get("automatic").asBoolean()).isFalse();
        assertThat(eventCount(DemoMaintenances.UPGRADE_ID)).isEqualTo(1);
        long events = eventCount();
        for (RecentHistory.Script script : DemoMaintenances.at(Clock.systemUTC())) {
            assertThat(post(script.opening().path(), script.opening().body()).status()).isEqualTo(409);
        }
        assertThat(eventCount()).isEqualTo(events);
    }
}
