package io.incidentledger.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens a service accepts, keyed by the SHA-256 of the secret. Tokens are 256 random bits, so a fast
 * hash is the right tool (nothing to brute-force, unlike a password), and looking a presented token up by its
 * hash never compares secrets at all. Provisioned from configuration ({@code incident-ledger.security.tokens}:
 * environment variables or properties) and from a tokens file, one token per line:
 * <pre>
 * # name    roles                      sha256 of the token
 * ci-bot    commander                  sha256:9f86d08...
 * </pre>
 */
public final class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The prefix of every token this service mints: secret scanners and humans can tell what it is. */
    public static final String PREFIX = "il_";

    private final Map<String, ApiToken> byHash = new ConcurrentHashMap<>();

    public ApiTokens(List<ApiToken> tokens) {
        tokens.forEach(this::add);
    }

    /** The configured tokens plus those of {@code file}, if it exists. */
    public static ApiTokens from(List<ApiToken> configured, Path file) {
        List<ApiToken> tokens = new ArrayList<>(configured);
        if (file != null && Files.isRegularFile(file)) {
            tokens.addAll(parseFile(file));
            log.info("API tokens: {} from configuration, {} from {}", configured.size(),
                    tokens.size() - configured.size(), file);
        } else {
            log.info("API tokens: {} from configuration (no tokens file at {})", configured.size(), file);
        }
        if (tokens.isEmpty()) {
            log.warn("No API tokens are configured: every command and every audit read will be refused with 401."
                    + " See the README's 'Credentials' section.");
        }
        return new ApiTokens(tokens);
    }

    static List<ApiToken> parseFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file, e);
        }
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + ": expected '<name> <role,role> sha256:<hex>'");
            }
            tokens.add(new ApiToken(fields[0], roles(fields[1]), fields[2]));
        }
        return tokens;
    }

    /** {@code commander,auditor} as roles. */
    public static Set<Role> roles(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isBlank()).map(Role::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The token a presented secret belongs to, if any. */
    public Optional<ApiToken> find(String secret) {
        return secret == null || secret.isEmpty() ? Optional.empty() : Optional.ofNullable(byHash.get(sha256(secret)));
    }

    /**
     * Mints a new token held only in memory (for the service's own use, such as the demo loader calling its
     * own API), and returns the secret.
     */
    public String mint(String name, Set<Role> roles) {
        String secret = newSecret();
        add(new ApiToken(name, roles, sha256(secret)));
        return secret;
    }

    /** 256 random bits, base64url, with the {@link #PREFIX}. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes: what configuration stores in place of a token. */
    public static String sha256(String secret) {
        return DigestUtils.sha256Hex(secret);
    }

    public int size() {
        return byHash.size();
    }

    private void add(ApiToken token) {
        ApiToken previous = byHash.putIfAbsent(token.sha256(), token);
        if (previous != null && !previous.name().equals(token.name())) {
            throw new IllegalArgumentException("API tokens '" + previous.name() + "' and '" + token.name()
                    + "' have the same hash: each needs its own secret");
        }
    }
}
