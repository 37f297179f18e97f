package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver in the test JVM (JDK HttpServer on the loopback interface): records every POST to
 * {@code /hook} with its Standard Webhooks headers and raw body, and answers what {@link #answer} decides
 * (204 by default). When told the candidate senders' processes ({@link #senders}), it also notes which of them
 * sent each request, by finding the connection's client socket among their file descriptors (Linux /proc; null
 * where that cannot be told).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST as received, and the status it was answered with. */
    public record Post(String webhookId, String timestamp, String signature, String body, int answered,
                       Long senderPid, long receivedNanos) {

        public JsonNode json() {
            return JsonHttp.MAPPER.readTree(body);
        }

        public boolean accepted() {
            return answered >= 200 && answered < 300;
        }

        /** The headers a Standard Webhooks verifier reads, by their lower-case names. */
        public Map<String, List<String>> signatureHeaders() {
            return Map.of("webhook-id", List.of(webhookId), "webhook-timestamp", List.of(timestamp),
                    "webhook-signature", List.of(signature));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> earlierById = new HashMap<>();
    private final Map<Integer, Long> senderByClientPort = new ConcurrentHashMap<>();
    private volatile List<Long> senderPids = List.of();
    private volatile BiFunction<String, Integer, Integer> answer = (id, earlier) -> 204;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.setExecutor(receiver.executor);
            server.createContext("/hook", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a webhook receiver", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/hook}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The status for a POST, given its webhook-id and how many POSTs of that id came before it. */
    public WebhookReceiver answer(BiFunction<String, Integer, Integer> answer) {
        this.answer = answer;
        return this;
    }

    /** The processes that may send: each POST is attributed to one of them where /proc tells. */
    public WebhookReceiver senders(ServiceProcess... processes) {
        this.senderPids = Stream.of(processes).map(ServiceProcess::pid).toList();
        return this;
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long receivedNanos = System.nanoTime();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
            int status;
            synchronized (earlierById) {
                int earlier = earlierById.merge(id, 1, Integer::sum) - 1;
                status = answer.apply(id, earlier);
            }
            // Answered first: the sender's timeout runs. The connection stays open (keep-alive) for the look-up.
            exchange.sendResponseHeaders(status, -1);
            Long sender = sender(exchange.getRemoteAddress().getPort());
            posts.add(new Post(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, status, sender,
                    receivedNanos));
        }
    }

    /** The candidate process holding the client end of the connection from {@code clientPort}, or null. */
    private Long sender(int clientPort) {
        List<Long> candidates = senderPids;
        if (candidates.isEmpty()) {
            return null;
        }
        return senderByClientPort.computeIfAbsent(clientPort, port -> clientSocketInode(port)
                .flatMap(inode -> candidates.stream().filter(pid -> holds(pid, inode)).findFirst())
                .orElse(null));
    }

    /** The inode of the socket 127.0.0.1:clientPort -> this receiver's port, from /proc/net/tcp. */
    private Optional<String> clientSocketInode(int clientPort) {
        String local = ":" + hex(clientPort);
        String remote = ":" + hex(server.getAddress().getPort());
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                Optional<String> inode = lines.skip(1).map(String::trim).map(l -> l.split("\\s+"))
                        .filter(f -> f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote))
                        .map(f -> f[9]).findFirst();
                if (inode.isPresent()) {
                    return inode;
                }
            } catch (IOException | UncheckedIOException | SecurityException notLinux) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean holds(long pid, String inode) {
        String socket = "socket:[" + inode + "]";
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(socket);
                } catch (IOException | UnsupportedOperationException | SecurityException gone) {
                    return false;
                }
            });
        } catch (IOException | UncheckedIOException | SecurityException notVisible) {
            return false;
        }
    }

    private static String hex(int port) {
        return String.format(Locale.ROOT, "%04X", port);
    }

    /** How many POSTs each webhook-id got. */
    public Map<String, Integer> postsById() {
        Map<String, Integer> counts = new HashMap<>();
        posts.forEach(p -> counts.merge(p.webhookId(), 1, Integer::sum));
        return counts;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
