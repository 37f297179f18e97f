package io.incidentledger.query.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.incidentledger.query.QueryApiTest;
import io.incidentledger.web.security.TestCredentials;
import tools.jackson.databind.JsonNode;

/** Subscriptions with a real SMTP server (GreenMail): double opt-in, no resend flood, the link pages, the admin. */
class SubscriptionMailTest extends QueryApiTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static final Pattern CONFIRM = Pattern.compile("(http://\\S+/subscriptions/confirm\\?token=([A-Za-z0-9_%-]+))");
    private static final Pattern UNSUBSCRIBE = Pattern.compile("http://\\S+/subscriptions/unsubscribe\\?token=([A-Za-z0-9_%-]+)");

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) throws IOException {
        // A context of its own (the mail properties) needs a database of its own: two live contexts on one database
        // run the same processors under one token owner (this JVM) and write every event twice.
        Path own = Files.createTempDirectory(Files.createDirectories(Path.of("target", "test-data")), "subscriptions-");
        // (The data dir itself is the base class's to set; the URL built from it is not.)
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + own.toAbsolutePath()
                + "/ledger;AUTO_SERVER=TRUE;WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        registry.add("incident-ledger.webhooks.allow-private-networks", () -> "true");
        registry.add("incident-ledger.subscriptions.rate.burst", () -> "1000");
    }

    @LocalServerPort
    int port;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void aSubscriberGetsExactlyOneConfirmationWhoseLinkConfirmsOnlyByItsButton() throws Exception {
        String address = uniqueId("reader") + "@example.org";
        String component = registerComponent("subs-api");
        awaitProjections();
        HttpResponse<String> accepted = post("/api/subscribers", "application/json",
                "{\"email\":\"" + address + "\",\"components\":[\"" + component + "\"]}", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.body()).doesNotContain("secret").doesNotContain("token");

        MimeMessage mail = awaitOneMailTo(address);
        String text = part(mail, "text/plain");
        String html = part(mail, "text/html");
        Matcher link = CONFIRM.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        String token = URLDecode(link.group(2));
        assertThat(html).contains("/subscriptions/confirm?token=");
        assertThat(confirmedAt(address)).isNull();

        // A mail scanner following the link confirms nothing.
        Response page = get(path(link.group(1)), "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"subscription-confirm-button\"");
        assertThat(page.header("Cache-Control")).hasValue("no-store");
        assertThat(page.header("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.header("Content-Security-Policy")).isPresent();
        assertThat(confirmedAt(address)).as("a GET confirms nothing").isNull();

        HttpResponse<String> confirmed = post("/subscriptions/confirm", "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("data-done=\"confirmed\"");
        assertThat(confirmedAt(address)).isNotNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber_component c JOIN subscriber s ON s.subscriber_id = c.subscriber_id "
                + "WHERE s.address = ?").param(address).query(Integer.class).single()).isEqualTo(1);

        // Used once: the page says so with a 404.
        assertThat(post("/subscriptions/confirm", "application/x-www-form-urlencoded", "token=" + token, null)
                .statusCode()).isEqualTo(404);
        // A confirmed address subscribing again gets the same 202 and no mail.
        assertThat(post("/api/subscribers", "application/json", "{\"email\":\"" + address.toUpperCase() + "\"}", null)
                .body()).isEqualTo(accepted.body());
        assertNoFurtherMail(1);
    }

    @Test
    void aRepeatedSubscriptionGetsTheSameAnswerAndNoSecondMailWithinTheInterval() throws Exception {
        String address = uniqueId("again") + "@example.org";
        HttpResponse<String> first = post("/api/subscribers", "application/json", "{\"email\":\"" + address + "\"}", null);
        awaitOneMailTo(address);
        HttpResponse<String> second = post("/api/subscribers", "application/json", "{\"email\":\"" + address + "\"}", null);
        assertThat(second.statusCode()).isEqualTo(first.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        assertNoFurtherMail(1);

        // Once the interval (1 h by default) has passed since the last confirmation, a repeat sends it again.
        jdbc.sql("UPDATE subscriber SET confirmation_sent_at = ? WHERE address = ?")
                .params(java.sql.Timestamp.from(now.minus(Duration.ofMinutes(61))), address).update();
        post("/api/subscribers", "application/json", "{\"email\":\"" + address + "\"}", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 2);
    }

    @Test
    void unsubscribingDeletesTheRowAndItsComponentsAndTheOneClickPostWorks() throws Exception {
        String address = uniqueId("leaver") + "@example.org";
        String component = registerComponent("subs-web");
        awaitProjections();
        post("/api/subscribers", "application/json",
                "{\"email\":\"" + address + "\",\"components\":[\"" + component + "\"]}", null);
        Matcher link = UNSUBSCRIBE.matcher(part(awaitOneMailTo(address), "text/plain"));
        assertThat(link.find()).isTrue();
        String token = URLDecode(link.group(1));
        String id = jdbc.sql("SELECT subscriber_id FROM subscriber WHERE address = ?").param(address).query(String.class).single();

        assertThat(get("/subscriptions/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), "text/html")
                .body()).contains("data-testid=\"subscription-unsubscribe-button\"");
        assertThat(rows(id)).as("a GET deletes nothing").isEqualTo(2);

        HttpResponse<String> gone = post("/subscriptions/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click", null);
        assertThat(gone.statusCode()).isEqualTo(200);
        assertThat(rows(id)).isZero();
        assertThat(get("/subscriptions/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), "text/html")
                .status()).isEqualTo(404);
    }

    @Test
    void unknownComponentsAndRefusedWebhooksAre422AndAWebhookGetsItsSecretOnce() throws Exception {
        HttpResponse<String> unknown = post("/api/subscribers", "application/json",
                "{\"email\":\"x@example.org\",\"components\":[\"no-such-component\"]}", null);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("unknown-components");
        assertThat(post("/api/subscribers", "application/json", "{\"webhook\":\"http://169.254.169.254/x\"}", null)
                .statusCode()).isEqualTo(422);

        String url = "http://127.0.0.1:9/" + uniqueId("hook");
        HttpResponse<String> hook = post("/api/subscribers", "application/json", "{\"webhook\":\"" + url + "\"}", null);
        assertThat(hook.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(hook.body());
        assertThat(body.path("secret").asString()).startsWith("whsec_");
        String id = body.path("id").asString();
        assertThat(post("/api/subscribers", "application/json", "{\"webhook\":\"" + url + "\"}", null).statusCode())
                .isEqualTo(409);

        // The admin's list shows it with its health, never the secret or the token.
        Response list = get("/api/subscribers", "application/json", "Bearer " + TestCredentials.ADMIN);
        assertThat(list.status()).isEqualTo(200);
        JsonNode entry = find(list.json(), "id", id);
        assertThat(entry.path("channel").asString()).isEqualTo("webhook");
        assertThat(entry.path("address").asString()).isEqualTo(url);
        assertThat(entry.has("consecutiveFailures") || entry.has("consecutive_failures")).isTrue();
        assertThat(list.body()).doesNotContain("whsec_").doesNotContain("\"token\"");
        assertThat(get("/api/subscribers", "application/json", null).status()).isEqualTo(401);
        assertThat(get("/api/subscribers", "application/json", "Bearer " + TestCredentials.AUDITOR).status()).isEqualTo(403);

        assertThat(delete("/api/subscribers/" + id, "Bearer " + TestCredentials.AUDITOR).statusCode()).isEqualTo(403);
        assertThat(delete("/api/subscribers/" + id, null).statusCode()).isEqualTo(401);
        assertThat(delete("/api/subscribers/" + id, "Bearer " + TestCredentials.ADMIN).statusCode()).isEqualTo(204);
        assertThat(rows(id)).isZero();
        HttpResponse<String> again = delete("/api/subscribers/" + id, "Bearer " + TestCredentials.ADMIN);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM_TYPE));
    }

    @Test
    void theStatusPageOffersAFormThatWorksWithoutJavaScript() throws Exception {
        String component = registerComponent("subs-form");
        awaitProjections();
        Response page = get("/", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"subscribe\"").contains("<label for=\"subscribe-email\">")
                .contains("action=\"/subscriptions/subscribe\"").contains("value=\"" + component + "\"");

        String address = uniqueId("form") + "@example.org";
        HttpResponse<String> answer = post("/subscriptions/subscribe", "application/x-www-form-urlencoded",
                "email=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&components=" + component, null);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("data-refused=\"false\"");
        awaitOneMailTo(address);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber_component c JOIN subscriber s ON s.subscriber_id = c.subscriber_id "
                + "WHERE s.address = ? AND c.component_id = ?").params(address, component).query(Integer.class).single()).isEqualTo(1);

        HttpResponse<String> unknown = post("/subscriptions/subscribe", "application/x-www-form-urlencoded",
                "email=a%40example.org&components=no-such-component", null);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("data-testid=\"subscription-problem\"").contains("no-such-component");
    }

    // ---------------------------------------------------------------------------------------------------------

    private int rows(String id) {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM subscriber WHERE subscriber_id = ?) "
                + "+ (SELECT COUNT(*) FROM subscriber_component WHERE subscriber_id = ?)").params(id, id)
                .query(Integer.class).single();
    }

    private Object confirmedAt(String address) {
        return jdbc.sql("SELECT confirmed_at FROM subscriber WHERE address = ?").param(address)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getTimestamp(1))).single().orElse(null);
    }

    private MimeMessage awaitOneMailTo(String address) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 1);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo(address);
        return received[0];
    }

    private void assertNoFurtherMail(int expected) {
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == expected);
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        StringBuilder found = new StringBuilder();
        collect(mail.getContent(), type, found);
        assertThat(found).as("a %s part", type).isNotEmpty();
        return found.toString();
    }

    private static void collect(Object content, String type, StringBuilder into) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    into.append(part.getContent());
                } else {
                    collect(part.getContent(), type, into);
                }
            }
        }
    }

    private static String URLDecode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String path(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private HttpResponse<String> post(String path, String type, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).DELETE();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
