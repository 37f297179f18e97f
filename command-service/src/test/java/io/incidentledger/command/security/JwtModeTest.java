package io.incidentledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.incidentledger.web.security.TestCredentials;

/**
 * The OAuth2 resource-server mode: with {@code spring.security.oauth2.resourceserver.jwt.*} configured (here a
 * public key; in production usually an issuer URI), a JWT from the identity provider is accepted, its
 * {@code roles} claim grants our roles and its subject becomes the actor of the events. API tokens keep working
 * beside it. A context of its own, on its own database, because its configuration differs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtModeTest {

    private static final KeyPair KEYS = rsaKeys();
    private static final KeyPair STRANGER = rsaKeys();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void jwtMode(DynamicPropertyRegistry registry) throws IOException {
        Path target = Files.createDirectories(Path.of("target", "test-data"));
        Path dataDir = Files.createTempDirectory(target, "jwt-").toAbsolutePath();
        Path publicKey = dataDir.resolve("idp-public.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("incident-ledger.data-dir", dataDir::toString);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + publicKey);
        TestCredentials.provision(registry);
    }

    @Test
    void aCommandersJwtOpensAnIncidentAndItsSubjectIsTheActor() {
        String jwt = jwt(KEYS, "alice@example.com", List.of("commander"), Instant.now().plusSeconds(300));
        HttpResponse<String> opened = openIncident("Bearer " + jwt);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

        String incident = opened.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String metadata = jdbc.sql("SELECT metaData FROM DomainEventEntry WHERE aggregateIdentifier = ?")
                .param(incident).query((rs, n) -> new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))
                .single();
        assertThat(metadata).contains("\"actor\":\"alice@example.com\"");
    }

    @Test
    void aJwtWithoutTheRoleIsForbiddenAndABadOneIsUnauthenticated() {
        assertThat(openIncident("Bearer " + jwt(KEYS, "bob", List.of("auditor"), Instant.now().plusSeconds(300)))
                .statusCode()).as("valid, but only auditor").isEqualTo(403);
        assertThat(openIncident("Bearer " + jwt(KEYS, "bob", List.of("commander"), Instant.now().minusSeconds(300)))
                .statusCode()).as("expired").isEqualTo(401);
        assertThat(openIncident("Bearer " + jwt(STRANGER, "mallory", List.of("commander"),
                Instant.now().plusSeconds(300))).statusCode()).as("signed by someone else").isEqualTo(401);
        assertThat(openIncident("Bearer " + jwt(KEYS, "carol", List.of("superuser"), Instant.now().plusSeconds(300)))
                .statusCode()).as("a role we do not know grants nothing").isEqualTo(403);
    }

    @Test
    void apiTokensStillWorkBesideJwts() {
        assertThat(openIncident("Bearer " + TestCredentials.COMMANDER).statusCode()).isEqualTo(201);
        assertThat(openIncident("Bearer " + TestCredentials.AUDITOR).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> openIncident(String authorization) {
        String body = "{\"title\": \"JWT " + UUID.randomUUID() + "\", \"impact\": \"minor\", \"message\": \"Looking.\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/incidents"))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jwt(KeyPair keys, String subject, List<String> roles, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject(subject).claim("roles", roles).issueTime(Date.from(expires.minus(Duration.ofMinutes(10))))
                    .expirationTime(Date.from(expires)).build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
