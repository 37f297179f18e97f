package io.incidentledger.systemtest;

import static io.incidentledger.systemtest.support.JsonHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import io.incidentledger.systemtest.support.FreePorts;
import io.incidentledger.systemtest.support.JsonHttp;
import io.incidentledger.systemtest.support.LedgerCluster;
import io.incidentledger.systemtest.support.LocalPostgres;
import io.incidentledger.systemtest.support.RepoPaths;
import io.incidentledger.systemtest.support.Report;
import io.incidentledger.systemtest.support.ServiceProcess;
import io.incidentledger.systemtest.support.WebhookReceiver;
import io.incidentledger.systemtest.support.WebhookReceiver.Post;
import tools.jackson.databind.JsonNode;

/**
 * Webhook notifications end to end through the built services (issue 13, point 4): what query-service owes a
 * subscriber reaches it once per announcement, signed, across a {@code kill -9} and with two instances.
 *
 * <p>Each test ends with a barrier rather than a pause: an update to the last incident, announced after
 * everything before it (one segment, announcements in order); once its message and every other message of the
 * subscriber are delivered in the admin's view, nothing can still be in flight, so the counts are final.
 */
class NotificationsIT {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final int INCIDENTS = 10;
    /** In the two-instance test the first attempt of every this-many-th message is answered 500: retried. */
    static final int FAIL_FIRST_OF_EVERY = 4;
    static final List<String> QUERY_ARGS = List.of("--incident-ledger.webhooks.allow-private-networks=true",
            "--incident-ledger.webhooks.retry.initial-interval=200ms");

    @FunctionalInterface
    interface Db {
        Connection connect() throws SQLException;
    }

    /** The admin's view of one message: {@code GET /api/subscribers/{id}/deliveries}. */
    record Message(String id, String changeType, String state, int attempts, List<Attempt> history) {
    }

    /** One attempt as the ledger recorded it: 'delivered' or 'failed', and why. */
    record Attempt(String outcome, String error) {
    }

    record Subscription(String id, String secret) {
    }

    // ---- 1. kill -9 right after the command ------------------------------------------------------------------

    @Test
    void aMessageOwedWhenQueryServiceIsKilledRightAfterTheCommandArrivesOnceAfterTheRestartOnH2() throws Exception {
        long start = System.nanoTime();
        List<String> queryArgs = new ArrayList<>(QUERY_ARGS);
        // A kill inside an announcer step or a send leaves a lease the restarted instance must wait out.
        queryArgs.add("--incident-ledger.announcements.lease=5s");
        queryArgs.add("--incident-ledger.delivery.lease=10s");
        try (WebhookReceiver receiver = WebhookReceiver.start();
             LedgerCluster cluster = LedgerCluster.h2().label(getClass().getSimpleName())
                     .queryServiceArgs(queryArgs.toArray(String[]::new)).start()) {
            ServiceProcess restarted = null;
            try {
                String component = registerComponent(cluster.commands(), "kill");
                awaitKnownToTheAnnouncer(cluster::connect, List.of(component));
                Subscription subscription = subscribe(cluster.queries(), receiver.url(), List.of(component));
                String incident = "nit-kill-" + shortId();

                openIncident(cluster.commands(), incident, component);
                long answeredAt = System.nanoTime();
                cluster.queryService().crash();
                long killedAfterMs = millisSince(answeredAt);
                assertThat(receiver.posts()).as("posts before the kill: it came too late to prove anything")
                        .isEmpty();
                String atKill = stageOf(cluster::connect, incident);

                long restartAt = System.nanoTime();
                List<String> args = new ArrayList<>(cluster.databaseArgs());
                args.addAll(queryArgs);
                restarted = ServiceProcess.start(cluster.queryService().name() + "-restarted",
                        RepoPaths.serviceJar(LedgerCluster.QUERY_SERVICE), FreePorts.next(), args,
                        ServiceProcess.DEFAULT_START_DEADLINE);
                long healthyMs = millisSince(restartAt);
                JsonHttp queries = new JsonHttp(restarted.baseUrl());

                await("the incident's message after the restart").atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                        .until(() -> !incidentPosts(receiver, incident).isEmpty());
                long deliveredMs = TimeUnit.NANOSECONDS.toMillis(
                        incidentPosts(receiver, incident).get(0).receivedNanos() - restartAt);

                // The barrier: an update, then everything delivered.
                postUpdate(cluster.commands(), incident);
                List<Message> messages = awaitAllDelivered(queries, subscription, 3, receiver);

                assertThat(messages).extracting(Message::changeType).containsExactlyInAnyOrder(
                        "incident_opened", "component_status_changed", "incident_updated");
                int resent = assertEachDeliveredOnce(receiver, messages, subscription);
                Message opened = messages.stream().filter(m -> m.changeType().equals("incident_opened"))
                        .findFirst().orElseThrow();
                List<Post> openedPosts = receiver.posts().stream().filter(p -> p.webhookId().equals(opened.id()))
                        .toList();
                assertThat(openedPosts.stream().filter(Post::accepted)).as("accepted POSTs of the incident_opened "
                        + "message").hasSize(resent == 0 ? 1 : openedPosts.size());
                JsonNode body = openedPosts.get(0).json();
                assertThat(text(body.path("incident").path("id"))).isEqualTo(incident);
                assertThat(incidentPosts(receiver, incident).stream().map(Post::webhookId).distinct())
                        .as("messages whose body is about %s", incident).hasSize(2); // opened, updated
                Post componentPost = receiver.posts().stream().filter(p -> p.json().has("component_update"))
                        .collect(Collectors.toList()).get(0);
                assertThat(text(componentPost.json().path("component").path("id"))).isEqualTo(component);
                assertThat(text(componentPost.json().path("component_update").path("new_status")))
                        .isEqualTo("major_outage");

                Report.line("NOTIFY kill: killed %dms after the 2xx (at the kill: %s), restarted healthy in %dms, "
                                + "delivered after restart in %dms, copies=%d (messages=%d, POSTs=%d, "
                                + "re-sent after a sender timeout=%d), duration=%ds",
                        killedAfterMs, atKill, healthyMs, deliveredMs, openedPosts.size(), messages.size(),
                        receiver.posts().size(), resent, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
            } finally {
                if (restarted != null) {
                    restarted.close();
                }
            }
        }
    }

    // ---- 2. two instances ------------------------------------------------------------------------------------

    @Test
    void twoQueryServiceInstancesSendEachMessageOnceOnPostgres() throws Exception {
        long start = System.nanoTime();
        LocalPostgres postgres = LocalPostgres.shared();
        String database = postgres.createUniqueDatabase("notifications");
        List<String> dbArgs = postgres.springArgs(database);
        List<ServiceProcess> processes = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            ServiceProcess commandService = ServiceProcess.start(getClass().getSimpleName() + "-command-service",
                    RepoPaths.serviceJar(LedgerCluster.COMMAND_SERVICE), FreePorts.next(), dbArgs,
                    ServiceProcess.DEFAULT_START_DEADLINE);
            processes.add(commandService);
            List<String> args = new ArrayList<>(dbArgs);
            args.addAll(QUERY_ARGS);
            List<ServiceProcess> instances = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                ServiceProcess instance = ServiceProcess.start(getClass().getSimpleName() + "-query-service-" + name,
                        RepoPaths.serviceJar(LedgerCluster.QUERY_SERVICE), FreePorts.next(), args,
                        ServiceProcess.DEFAULT_START_DEADLINE);
                processes.add(instance);
                instances.add(instance);
            }
            ServiceProcess a = instances.get(0);
            ServiceProcess b = instances.get(1);
            JsonHttp commands = new JsonHttp(commandService.baseUrl());
            JsonHttp queriesA = new JsonHttp(a.baseUrl());
            JsonHttp queriesB = new JsonHttp(b.baseUrl());
            Db db = () -> postgres.connect(database);

            List<String> components = new ArrayList<>();
            for (int i = 0; i < INCIDENTS; i++) {
                components.add(registerComponent(commands, "two-" + i));
            }
            awaitKnownToTheAnnouncer(db, components);
            Subscription subscription = subscribe(queriesA, receiver.url(), List.of());
            // Fails the first attempt of every FAIL_FIRST_OF_EVERY-th message (in arrival order): a retry keeps
            // the webhook-id and the body, whichever instance makes it.
            Map<String, Integer> order = new LinkedHashMap<>();
            receiver.senders(a, b).answer((id, earlier) -> {
                int n;
                synchronized (order) {
                    n = order.computeIfAbsent(id, k -> order.size());
                }
                return earlier == 0 && n % FAIL_FIRST_OF_EVERY == 0 ? 500 : 204;
            });

            List<String> incidents = new ArrayList<>();
            for (int i = 0; i < INCIDENTS; i++) {
                String incident = "nit-two-" + i + "-" + shortId();
                openIncident(commands, incident, components.get(i));
                incidents.add(incident);
            }
            postUpdate(commands, incidents.get(INCIDENTS - 1)); // the barrier
            int expected = 2 * INCIDENTS + 1;
            List<Message> messages = awaitAllDelivered(queriesB, subscription, expected, receiver);

            Map<String, Long> byChange = messages.stream()
                    .collect(Collectors.groupingBy(Message::changeType, Collectors.counting()));
            assertThat(byChange).containsExactlyInAnyOrderEntriesOf(Map.of("incident_opened", (long) INCIDENTS,
                    "component_status_changed", (long) INCIDENTS, "incident_updated", 1L));
            int resent = assertEachDeliveredOnce(receiver, messages, subscription);
            List<Post> accepted = receiver.posts().stream().filter(Post::accepted).toList();
            assertThat(accepted.stream().map(p -> text(p.json().path("incident").path("id"))).filter(Objects::nonNull)
                    .distinct()).as("incidents heard of").containsExactlyInAnyOrderElementsOf(incidents);
            assertThat(accepted.stream().map(p -> text(p.json().path("component").path("id")))
                    .filter(Objects::nonNull).distinct()).as("component updates, one per component")
                    .containsExactlyInAnyOrderElementsOf(components);
            assertThat(a.isAlive() && b.isAlive()).as("both instances alive").isTrue();
            queriesA.get("/actuator/health").expectStatus(200);
            queriesB.get("/actuator/health").expectStatus(200);

            long byA = accepted.stream().filter(p -> Objects.equals(p.senderPid(), a.pid())).count();
            long byB = accepted.stream().filter(p -> Objects.equals(p.senderPid(), b.pid())).count();
            Map<String, List<Post>> byId = receiver.posts().stream()
                    .sorted(java.util.Comparator.comparingLong(Post::receivedNanos)).collect(Collectors.groupingBy(Post::webhookId));
            long retried = byId.values().stream().filter(posts -> posts.size() > 1).count();
            long retriedByTheOther = byId.values().stream().filter(posts -> posts.size() > 1)
                    .filter(posts -> posts.get(0).senderPid() != null
                            && !posts.get(0).senderPid().equals(posts.get(1).senderPid())).count();
            Report.line("NOTIFY two instances: messages=%d, copies per id=1, sent by instance A=%d, B=%d%s "
                            + "(first attempt failed and retried=%d, retried by the other instance=%d, re-sent after a sender "
                            + "timeout=%d), duration=%ds",
                    messages.size(), byA, byB, byA + byB == accepted.size() ? "" : " (unattributed="
                            + (accepted.size() - byA - byB) + ")", retried, retriedByTheOther, resent,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        } finally {
            for (int i = processes.size() - 1; i >= 0; i--) {
                processes.get(i).close();
            }
        }
    }

    // ---- shared steps and checks -----------------------------------------------------------------------------

    /**
     * Every message in the admin's view reached the receiver once per recorded attempt, always with the same id and
     * body and a signature that verifies with the subscriber's secret; exactly one attempt, the last, is recorded
     * delivered; nothing else came. The receiver accepted each message once, except where the sender gave up
     * waiting for the answer (the attempt recorded failed with a timeout although the receiver had answered 2xx):
     * at-least-once, as Standard Webhooks says, the receiver deduplicating by webhook-id. Returns how many such
     * re-sends after a sender's timeout there were.
     */
    private static int assertEachDeliveredOnce(WebhookReceiver receiver, List<Message> messages,
                                               Subscription subscription) throws Exception {
        Webhook verifier = new Webhook(subscription.secret());
        Map<String, List<Post>> byId = receiver.posts().stream()
                .sorted(java.util.Comparator.comparingLong(Post::receivedNanos))
                .collect(Collectors.groupingBy(Post::webhookId));
        assertThat(byId.keySet()).as("webhook-ids received")
                .containsExactlyInAnyOrderElementsOf(messages.stream().map(Message::id).toList());
        int resentAfterTimeout = 0;
        for (Message message : messages) {
            List<Post> posts = byId.get(message.id());
            assertThat(posts).as("POSTs of %s: one per attempt", message).hasSize(message.attempts());
            assertThat(message.history().stream().filter(a -> a.outcome().equals("delivered")))
                    .as("attempts of %s recorded delivered", message).hasSize(1);
            assertThat(message.history().get(message.history().size() - 1).outcome()).as("last attempt of %s", message)
                    .isEqualTo("delivered");
            assertThat(posts.get(posts.size() - 1).accepted()).as("the last POST of %s", message).isTrue();
            for (int i = 0; i < posts.size() - 1; i++) {
                if (posts.get(i).accepted()) {
                    // Accepted, yet recorded failed: only a sender that stopped waiting may do that.
                    assertThat(message.history().get(i).error()).as("attempt %d of %s, accepted by the receiver",
                            i + 1, message).containsIgnoringCase("timeout");
                    resentAfterTimeout++;
                }
            }
            assertThat(posts.stream().map(Post::body).distinct()).as("bodies of %s", message).hasSize(1);
            for (Post post : posts) {
                assertThat(post.webhookId()).startsWith("msg_");
                verifier.verify(post.body(), post.signatureHeaders()); // throws when it does not verify
            }
        }
        return resentAfterTimeout;
    }

    /** Until the subscriber has {@code expected} messages, all delivered; returns them. */
    private static List<Message> awaitAllDelivered(JsonHttp queries, Subscription subscription, int expected,
                                                   WebhookReceiver receiver) {
        List<Message> last = new java.util.concurrent.CopyOnWriteArrayList<>();
        await("%d messages delivered to %s".formatted(expected, subscription.id())).atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .failFast("more messages than expected", () -> last.size() > expected)
                .until(() -> {
                    last.clear();
                    last.addAll(deliveries(queries, subscription));
                    return last.size() == expected && last.stream().allMatch(m -> m.state().equals("delivered"));
                });
        return List.copyOf(last);
    }

    private static List<Message> deliveries(JsonHttp queries, Subscription subscription) {
        JsonNode view = queries.get("/api/subscribers/" + subscription.id() + "/deliveries").expectStatus(200).json();
        return JsonHttp.elements(view.path("messages")).stream().map(m -> new Message(text(m.path("id")),
                text(m.path("change_type")), text(m.path("state")), m.path("attempts").asInt(),
                JsonHttp.elements(m.path("history")).stream().map(h -> new Attempt(text(h.path("outcome")),
                        text(h.path("error")))).toList())).toList();
    }

    private static List<Post> incidentPosts(WebhookReceiver receiver, String incident) {
        return receiver.posts().stream().filter(p -> incident.equals(text(p.json().path("incident").path("id"))))
                .toList();
    }

    private static String registerComponent(JsonHttp commands, String name) {
        String id = "c-" + shortId();
        commands.post("/api/components", Map.of("id", id, "name", "Notify " + name + " " + id)).expectStatus(201);
        return id;
    }

    /** Until the announcer has recorded each component's first status: its next change is a component_update. */
    private static void awaitKnownToTheAnnouncer(Db db, List<String> components) {
        await("components known to the announcer").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (Connection connection = db.connect();
                         ResultSet rows = connection.createStatement()
                                 .executeQuery("SELECT component_id FROM announced_component_status")) {
                        List<String> known = new ArrayList<>();
                        while (rows.next()) {
                            known.add(rows.getString(1));
                        }
                        return known.containsAll(components);
                    }
                });
    }

    private static Subscription subscribe(JsonHttp queries, String url, List<String> components) {
        Map<String, Object> body = components.isEmpty() ? Map.of("webhook", url)
                : Map.of("webhook", url, "components", components);
        JsonNode answer = queries.post("/api/subscribers", body).expectStatus(202).json();
        Subscription subscription = new Subscription(text(answer.path("id")), text(answer.path("secret")));
        assertThat(subscription.secret()).startsWith("whsec_");
        return subscription;
    }

    private static void openIncident(JsonHttp commands, String incident, String component) {
        commands.post("/api/incidents", Map.of("id", incident, "title", "Notify " + incident, "impact", "minor",
                "message", "Looking into " + incident, "components", Map.of(component, "major_outage")))
                .expectStatus(201);
    }

    private static void postUpdate(JsonHttp commands, String incident) {
        commands.post("/api/incidents/" + incident + "/updates",
                Map.of("status", "identified", "message", "Found it: " + incident)).expectStatus(201);
    }

    /** What the database held for the incident when query-service died: candidate, announcements, messages. */
    private static String stageOf(Db db, String incident) throws SQLException {
        try (Connection connection = db.connect()) {
            return "candidates=%d announcements=%d messages=%d".formatted(
                    count(connection, "SELECT COUNT(*) FROM announcement_pending WHERE subject_id = ?", incident),
                    count(connection, "SELECT COUNT(*) FROM announcement WHERE subject_id = ?", incident),
                    count(connection, "SELECT COUNT(*) FROM delivery_message m JOIN announcement a "
                            + "ON a.announcement_id = m.announcement_id WHERE a.subject_id = ?", incident));
        }
    }

    private static long count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
