package io.incidentledger.command.demo;

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
 * With {@code incident-ledger.demo=true}, enters {@link HerokuJune2012} through this service's own HTTP API
 * once the server is up. Idempotent: on a restart against the same database every request meets a 409
 * (component or incident already there) and the demo leaves the ledger as it was.
 */
@Component
@ConditionalOnBooleanProperty("incident-ledger.demo")
class DemoLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private final Environment environment;
    private final ApiTokens tokens;

    DemoLoader(Environment environment, ApiTokens tokens) {
        this.environment = environment;
        this.tokens = tokens;
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
        boolean alreadyLoaded = !post(api, HerokuJune2012.incident().get(0));
        if (alreadyLoaded) {
            log.info("Demo incident {} is already in the ledger; nothing to load", HerokuJune2012.INCIDENT_ID);
            return;
        }
        HerokuJune2012.incident().stream().skip(1).forEach(step -> post(api, step));
        log.info("Demo loaded: incident {} (Heroku, 29 June 2012), {} requests", HerokuJune2012.INCIDENT_ID,
                HerokuJune2012.components().size() + HerokuJune2012.incident().size());
    }

    /** True if the request acted; false if what it creates was already there (409). Anything else fails. */
    private static boolean post(RestClient api, HerokuJune2012.Step step) {
        try {
            api.post().uri(step.path()).contentType(MediaType.APPLICATION_JSON).body(step.body())
                    .retrieve().toBodilessEntity();
            return true;
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.CONFLICT) {
                return false;
            }
            throw new IllegalStateException("Demo step POST " + step.path() + " was refused: "
                    + e.getResponseBodyAsString(), e);
        }
    }
}
