package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.elements;
import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.incidentledger.systemtest.support.BrowserScripts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.SystemTestCredentials;

/**
 * Email subscriptions in a real browser (SPEC §8), with a real SMTP server: GreenMail in this JVM, which
 * query-service is pointed at ({@code spring.mail.host}), so that the status page offers its subscribe form. Both
 * services run on H2. {@code system-tests/browser/subscription.test.mjs} (Playwright driving Debian's chromium,
 * axe-core) drives the pages in three phases, and this test reads the mails between them:
 * <ol>
 * <li>subscribe on the status page's form, once with JavaScript and once without: "Check your mailbox";</li>
 * <li>the confirmation mail (one per address) carries the confirm link; its page's GET confirms nothing, its button
 * does (the admin list shows it);</li>
 * <li>an incident is opened, and each now confirmed subscriber gets a notification whose List-Unsubscribe names
 * the same unsubscribe page as the confirmation mail's link; one unsubscribes with that page's button, the other
 * with RFC 8058's one-click POST, and both are gone from the admin list.</li>
 * </ol>
 * Every page is checked for the page's Content-Security-Policy, {@code Cache-Control: no-store} and
 * {@code Referrer-Policy: no-referrer}, and audited with axe-core in light and dark mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionPagesBrowserIT {

    static final Duration SCRIPT_DEADLINE = Duration.ofMinutes(3);
    static final Duration PROJECTION_DEADLINE = Duration.ofSeconds(30);
    /** Confirmations leave after the subscribing commit; notifications after the announcer and a delivery poll. */
    static final Duration MAIL_DEADLINE = Duration.ofSeconds(30);

    static final String COMPONENT = "sb-checkout";
    static final String INCIDENT = "sb-incident";
    static final String WITH_SCRIPT = "reader-with-script@example.org";
    static final String WITHOUT_SCRIPT = "reader-without-script@example.org";

    static final Pattern CONFIRM_LINK = Pattern.compile("https?://\\S+/subscriptions/confirm\\?token=[A-Za-z0-9_%.~-]+");
    static final Pattern UNSUBSCRIBE_LINK =
            Pattern.compile("https?://\\S+/subscriptions/unsubscribe\\?token=[A-Za-z0-9_%.~-]+");

    private final BrowserScripts scripts = new BrowserScripts();
    private GreenMail smtp;
    private LedgerCluster cluster;

    @BeforeAll
    void start() {
        scripts.requireTools(getClass().getSimpleName());
        // Before query-service: its health includes the mail server once spring.mail.host is set.
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        cluster = LedgerCluster.h2().label(getClass().getSimpleName())
                .queryServiceArgs("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort())
                .start();
        // A component, so that the form offers its checkbox and the incident has something to change.
        cluster.commands().post("/api/components", Map.of("id", COMPONENT, "name", "Checkout",
                "description", "Payments and orders", "position", 1)).expectStatus(201);
        JsonHttp queries = cluster.queries();
        await("query-service projects the component").atMost(PROJECTION_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> elements(queries.get("/api/status").json().path("components")).stream()
                        .anyMatch(c -> COMPONENT.equals(text(c.path("id")))));
    }

    @AfterAll
    void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (smtp != null) {
                smtp.stop();
            }
        }
    }

    @Test
    void aReaderSubscribesOnThePageConfirmsFromTheMailAndUnsubscribesFromANotification() {
        scripts.installPackages();

        // 1. The form, with JavaScript and without.
        runPhase("subscribe", Map.of("withScript", WITH_SCRIPT, "withoutScript", WITHOUT_SCRIPT));

        // 2. One confirmation mail per address, its link in the text and the HTML part alike.
        Mail withScript = awaitMail(WITH_SCRIPT, Mail::isConfirmation, "the confirmation mail");
        Mail withoutScript = awaitMail(WITHOUT_SCRIPT, Mail::isConfirmation, "the confirmation mail");
        String confirmWithScript = withScript.link(CONFIRM_LINK);
        String confirmWithoutScript = withoutScript.link(CONFIRM_LINK);
        assertThat(confirmWithScript).as("each address its own token").isNotEqualTo(confirmWithoutScript)
                .startsWith(cluster.queries().baseUrl() + "/subscriptions/confirm?token=");
        runPhase("confirm", Map.of("confirmations", List.of(
                Map.of("address", WITH_SCRIPT, "url", confirmWithScript, "javaScript", true),
                Map.of("address", WITHOUT_SCRIPT, "url", confirmWithoutScript, "javaScript", false))));
        assertThat(mailsTo(WITH_SCRIPT).stream().filter(Mail::isConfirmation)).as("confirmations to %s", WITH_SCRIPT)
                .hasSize(1);
        assertThat(mailsTo(WITHOUT_SCRIPT).stream().filter(Mail::isConfirmation))
                .as("confirmations to %s", WITHOUT_SCRIPT).hasSize(1);

        // 3. A notification to each, whose List-Unsubscribe is the confirmation mail's unsubscribe link.
        cluster.commands().post("/api/incidents", Map.of("id", INCIDENT, "title", "Checkout errors",
                "impact", "major", "message", "We are investigating failed payments.",
                "at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                "components", Map.of(COMPONENT, "major_outage"))).expectStatus(201);
        Map<String, String> unsubscribe = new LinkedHashMap<>();
        for (Mail confirmation : List.of(withScript, withoutScript)) {
            Mail notification = awaitMail(confirmation.to(), Mail::isNotification, "a notification");
            assertThat(notification.header("List-Unsubscribe-Post")).as("RFC 8058 one click")
                    .isEqualTo("List-Unsubscribe=One-Click");
            String link = notification.header("List-Unsubscribe").replaceAll("^<|>$", "");
            assertThat(link).as("List-Unsubscribe of the notification to %s", confirmation.to())
                    .isEqualTo(confirmation.link(UNSUBSCRIBE_LINK))
                    .isEqualTo(notification.link(UNSUBSCRIBE_LINK));
            unsubscribe.put(confirmation.to(), link);
        }
        runPhase("unsubscribe", Map.of(
                "page", Map.of("address", WITH_SCRIPT, "url", unsubscribe.get(WITH_SCRIPT)),
                "oneClick", Map.of("address", WITHOUT_SCRIPT, "url", unsubscribe.get(WITHOUT_SCRIPT))));
        assertThat(elements(cluster.queries().get("/api/subscribers").expectStatus(200).json()))
                .as("the admin list after both unsubscribed").isEmpty();
    }

    // ---- the script ---------------------------------------------------------------------------------------------

    private void runPhase(String phase, Map<String, Object> seed) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUERY_URL", cluster.queries().baseUrl());
        env.put("QUERY_TOKEN", SystemTestCredentials.TOKEN);
        env.put("PHASE", phase);
        env.put("SUBSCRIPTION_SEED", JsonHttp.MAPPER.writeValueAsString(seed));
        env.put("SCREENSHOT_DIR", RepoPaths.buildDir().resolve("browser").toString());
        env.put("CHROMIUM", BrowserScripts.CHROMIUM);
        BrowserScripts.Run run = scripts.run(List.of("node", "subscription.test.mjs"), env, SCRIPT_DEADLINE);
        assertThat(run.exitCode())
                .as("PHASE=%s node browser/subscription.test.mjs exited with %s. Its output:%n%s%nquery-service log: %s",
                        phase, run.exitCode(), run.output(), cluster.queryService().logFile())
                .isZero();
        // Passed: the checks it ran still belong in the report.
        System.out.println("---- PHASE=" + phase + " node browser/subscription.test.mjs ----\n" + run.output());
    }

    // ---- the mailbox --------------------------------------------------------------------------------------------

    /** A received mail, decoded: its text and HTML parts and its headers. */
    record Mail(String to, String subject, String text, String html, Map<String, String> headers) {

        boolean isConfirmation() {
            return subject.startsWith("Confirm your subscription");
        }

        boolean isNotification() {
            return headers.containsKey("list-unsubscribe");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The one link of that form in the text part, also in the HTML part. */
        String link(Pattern pattern) {
            Matcher matcher = pattern.matcher(text);
            assertThat(matcher.find()).as("a link like %s in the text part of %s:%n%s", pattern, subject, text)
                    .isTrue();
            String link = matcher.group();
            assertThat(html).as("the HTML part of %s", subject).contains("href=\"" + link + "\"");
            return link;
        }
    }

    private Mail awaitMail(String address, Predicate<Mail> which, String what) {
        return await(what + " to " + address).atMost(MAIL_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> mailsTo(address).stream().filter(which).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private List<Mail> mailsTo(String address) {
        List<Mail> mails = new ArrayList<>();
        try {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                for (Address to : message.getRecipients(Message.RecipientType.TO)) {
                    if (address.equalsIgnoreCase(((InternetAddress) to).getAddress())) {
                        mails.add(decode(address, message));
                    }
                }
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read the mails GreenMail received", e);
        }
        return mails;
    }

    private static Mail decode(String to, MimeMessage message) throws MessagingException, IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (var header : Collections.list(message.getAllHeaders())) {
            headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
        }
        return new Mail(to, message.getSubject(), part(message, "text/plain"), part(message, "text/html"), headers);
    }

    /** The decoded content of the first part of that type (quoted-printable undone), or "". */
    private static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }
}
