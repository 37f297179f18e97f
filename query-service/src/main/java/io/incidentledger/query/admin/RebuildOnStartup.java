package io.incidentledger.query.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code --rebuild} on the command line rebuilds every projection once the service has started, then it serves
 * on. Runners finish before the service reports itself ready (readiness probe), so a load balancer that follows
 * readiness sends no traffic to the half-built read models.
 */
@Component
class RebuildOnStartup implements ApplicationRunner {

    static final String OPTION = "rebuild";
    private static final Logger log = LoggerFactory.getLogger(RebuildOnStartup.class);

    private final ProjectionRebuild rebuild;

    RebuildOnStartup(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (args.containsOption(OPTION)) {
            ProjectionRebuild.Rebuilt rebuilt = rebuild.rebuild();
            log.info("--rebuild: {} events replayed by {} in {} ms ({} events/s)", rebuilt.events(),
                    rebuilt.processors(), rebuilt.millis(), rebuilt.eventsPerSecond());
        }
    }
}
