package io.incidentledger.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

import io.incidentledger.store.LedgerStoreConfiguration;
import io.incidentledger.web.ProblemDetailErrorReports;

@SpringBootApplication
@Import({LedgerStoreConfiguration.class, ProblemDetailErrorReports.class})
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    public static void main(String[] args) {
        // Axon 4.12+ phones home unless told not to; this service makes no call nobody asked for.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
