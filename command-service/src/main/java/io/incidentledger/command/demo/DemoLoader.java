package io.incidentledger.command.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import io.incidentledger.web.security.ApiTokens;
import io.incidentledger.web.security.Role;

/**
 * With {@code incident-ledger.demo=true}, enters {@link HerokuJune2012} and then {@link RecentHistory} (the last
 * 90 days, relative to now) through this service's own HTTP API once the server is up. Idempotent: on a restart
 * against the same database every component and every incident's opening meets a 409 (already there), the rest
 * of that incident is skipped, and the demo leaves the ledger as it was. Each incident is checked on its own, so
 * a database holding only the seed (loaded before the recent history existed) gains the recent history.
 */
@Component
@ConditionalOnBooleanProperty("incident-ledger.demo")
class DemoLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
    /** The write limit (per client) may answer 429 while the demo posts its ~60 requests in a burst. */
    private static final int MAX_ATTEMPTS = 20;

    private final Environment environment;
    private final ApiTokens tokens;
    private final Clock clock;

    DemoLoader(Environment environment, ApiTokens tokens, Clock clock) {
        this.environment = environment;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        // The web server has started by the time runners run; its real port is only known now.
        String port = environment.getRequiredProperty("local.server.port");
        // The demo goes through the front door like any client, with a token of its own that lives in memory only.
        String token = tokens.mint("demo-loader", Set.of(Role.ADMIN, Role.COMMANDER));
        RestClient api = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build();

        HerokuJune2012.components().forEach(step -> post(api, step));
        List<HerokuJune2012.Step> heroku = HerokuJune2012.incident();
        if (load(api, heroku.get(0), heroku.subList(1, heroku.size()))) {
            log.info("Demo loaded: incident {} (Heroku, 29 June 2012), {} requests", HerokuJune2012.INCIDENT_ID,
                    HerokuJune2012.components().size() + heroku.size());
        } else {
            log.info("Demo incident {} is already in the ledger; not loaded again", HerokuJune2012.INCIDENT_ID);
        }

        List<RecentHistory.Script> recent = RecentHistory.at(clock);
        int loaded = 0;
        int requests = 0;
        for (RecentHistory.Script script : recent) {
            if (load(api, script.opening(), script.rest())) {
                loaded++;
                requests += script.steps().size();
            }
        }
        if (loaded > 0) {
            log.info("Demo loaded: {} of {} recent incidents ({}1..{}, the last 90 days, one still open), {} requests",
                    loaded, recent.size(), RecentHistory.ID_PREFIX, recent.size(), requests);
        } else {
            log.info("Demo recent history ({}1..{}) is already in the ledger; not loaded again",
                    RecentHistory.ID_PREFIX, recent.size());
        }
        int maintenances = 0;
        for (RecentHistory.Script script : DemoMaintenances.at(clock)) {
            if (load(api, script.opening(), script.rest())) {
                maintenances++;
            }
        }
        log.info("Demo maintenances: {} loaded ({} and {}), the others already in the ledger", maintenances,
                DemoMaintenances.DRILL_ID, DemoMaintenances.UPGRADE_ID);
        log.info("Demo ready: open the status page, query-service's / (http://localhost:8081/ by default)");
    }

    /** Opens the incident and sends the rest; false, sending nothing more, if it was already there. */
    private static boolean load(RestClient api, HerokuJune2012.Step opening, List<HerokuJune2012.Step> rest) {
        if (!post(api, opening)) {
            return false;
        }
        rest.forEach(step -> post(api, step));
        return true;
    }

    /** True if the request acted; false if what it creates was already there (409). Anything else fails. */
    private static boolean post(RestClient api, HerokuJune2012.Step step) {
        for (int attempt = 1; ; attempt++) {
            try {
                api.post().uri(step.path()).contentType(MediaType.APPLICATION_JSON).body(step.body())
                        .retrieve().toBodilessEntity();
                return true;
            } catch (HttpClientErrorException e) {
                if (e.getStatusCode() == HttpStatus.CONFLICT) {
                    return false;
                }
                if (e.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS && attempt < MAX_ATTEMPTS) {
                    pause(retryAfter(e));
                    continue;
                }
                throw new IllegalStateException("Demo step POST " + step.path() + " was refused: "
                        + e.getResponseBodyAsString(), e);
            }
        }
    }

    private static Duration retryAfter(HttpClientErrorException e) {
        String header = e.getResponseHeaders() == null ? null : e.getResponseHeaders().getFirst("Retry-After");
        try {
            return Duration.ofSeconds(Math.max(1, Math.min(10, Long.parseLong(header == null ? "1" : header.trim()))));
        } catch (NumberFormatException notSeconds) {
            return Duration.ofSeconds(1);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while loading the demo", interrupted);
        }
    }
}
