package io.incidentledger.query.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PagePropertiesTest {

    private static PageProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("incident-ledger.page", PageProperties.class);
    }

    @Test
    void thePublicUrlIsTheOneSettingAndLosesItsTrailingSlash() {
        assertThat(bind(Map.of("incident-ledger.page.public-url", "https://status.example.com/"))
                .configuredPublicUrl()).contains("https://status.example.com");
        assertThat(bind(Map.of()).configuredPublicUrl()).as("unset: each request's own address").isEmpty();
    }

    @Test
    void theSettingItReplacedStillWorksUntilTheNewOneIsSet() {
        assertThat(bind(Map.of("incident-ledger.page.url", "https://old.example.com")).configuredPublicUrl())
                .contains("https://old.example.com");
        assertThat(bind(Map.of("incident-ledger.page.url", "https://old.example.com",
                "incident-ledger.page.public-url", "https://new.example.com")).configuredPublicUrl())
                .contains("https://new.example.com");
    }
}
