package io.incidentledger.command.idempotency;

import org.apache.commons.codec.digest.DigestUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * What makes two requests "the same request" for an {@code Idempotency-Key}: method, path and body. A JSON
 * body counts by its meaning, not its spelling: whitespace and the order of fields do not matter (a client
 * library may serialise a retry differently). Anything that is not JSON counts byte for byte.
 */
final class RequestFingerprint {

    /** Duplicate fields or trailing garbage are not JSON with one meaning: such a body counts byte for byte. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestFingerprint() {
    }

    /** SHA-256, hex, of {@code METHOD path}, a newline and the canonical body. */
    static String of(String method, String path, byte[] body) {
        MessageDigest sha256 = DigestUtils.getSha256Digest();
        sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
        sha256.update(canonical(body));
        return HexFormat.of().formatHex(sha256.digest());
    }

    static byte[] canonical(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        try {
            StringBuilder out = new StringBuilder(body.length);
            write(JSON.readTree(body), out);
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException notJson) {
            return body;
        }
    }

    /** Objects with their fields sorted by name, no whitespace; scalars as Jackson writes them. */
    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            String separator = "";
            for (Map.Entry<String, JsonNode> field : node.properties().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                out.append(separator).append(JsonNodeFactory.instance.stringNode(field.getKey())).append(':');
                write(field.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            String separator = "";
            for (JsonNode element : node.values()) {
                out.append(separator);
                write(element, out);
                separator = ",";
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }

}
