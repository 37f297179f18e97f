package io.incidentledger.query.caching;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.springframework.http.HttpHeaders;

/**
 * A public document kept as bytes: as built, and in each content coding a reader asks for (brotli, gzip), each
 * coded once, when first asked for, and kept. Every representation has its own strong ETag (a strong validator
 * names one representation: the coded ones are {@code "…-br"} and {@code "…-gz"}). Answering from it costs no
 * template, no database and no hashing: a conditional request is a string comparison, any other a copy of ready
 * bytes. The one writer of such answers, for the fast paths and the controllers alike, so both paths negotiate
 * the encoding the same way.
 *
 * <p>A coding is only used where it pays: a body it would not make smaller (a tiny document) is sent as built.
 * Codings are applied lazily so that an answer made for one request only (a query, a past version) codes only
 * what that request takes; a kept document pays each coding once per version.
 */
public final class EncodedBody {

    private static final List<ContentCoding> OFFERED = Arrays.stream(ContentCoding.values())
            .filter(ContentCoding::available).toList();
    /** Marks a coding that does not make this body smaller. */
    private static final byte[] DOES_NOT_PAY = new byte[0];

    private final byte[] identity;
    private final String etag;
    private final String[] tags;
    /** Per {@link ContentCoding} ordinal: null until first asked for, then the coded bytes or DOES_NOT_PAY. */
    private final AtomicReferenceArray<byte[]> coded = new AtomicReferenceArray<>(ContentCoding.values().length);

    private EncodedBody(byte[] identity, String etag) {
        this.identity = identity;
        this.etag = etag;
        this.tags = new String[OFFERED.size() + 1];
        tags[0] = etag;
        for (int i = 0; i < OFFERED.size(); i++) {
            tags[i + 1] = OFFERED.get(i).tag(etag);
        }
    }

    /** {@code body} tagged with {@code etag} (quoted, strong). */
    public static EncodedBody of(byte[] body, String etag) {
        return new EncodedBody(body, etag);
    }

    /** {@code body} tagged by its SHA-256. */
    public static EncodedBody of(byte[] body) {
        return of(body, "\"" + tag(body) + "\"");
    }

    /** The document as built. */
    public byte[] identity() {
        return identity;
    }

    /** The identity's strong ETag. */
    public String etag() {
        return etag;
    }

    /** Whether the codings this instance can apply include brotli (brotli4j found its native library). */
    public static boolean offersBrotli() {
        return OFFERED.contains(ContentCoding.BROTLI);
    }

    /** Any representation's tag matches: a client that stored one of them has the current document. */
    public boolean notModified(String ifNoneMatch) {
        return PublicHeaders.notModified(ifNoneMatch, tags);
    }

    /**
     * The answer to a GET or HEAD with this request's {@code Accept-Encoding} and {@code If-None-Match}:
     * {@code Cache-Control}, then as {@link #writeNegotiated}.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, String contentType,
                      String cacheControl) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        writeNegotiated(request, response, contentType);
    }

    /**
     * The validator of the representation the request accepts, {@code Vary: Accept-Encoding} (beside any
     * {@code Vary} already set), then a 304 or that representation.
     */
    public void writeNegotiated(HttpServletRequest request, HttpServletResponse response, String contentType)
            throws IOException {
        ContentCoding coding = null;
        byte[] body = identity;
        for (ContentCoding candidate : AcceptEncoding.preferred(request.getHeader(HttpHeaders.ACCEPT_ENCODING),
                OFFERED)) {
            byte[] bytes = coded(candidate);
            if (bytes != DOES_NOT_PAY) {
                coding = candidate;
                body = bytes;
                break;
            }
        }
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        response.setHeader(HttpHeaders.ETAG, coding == null ? etag : coding.tag(etag));
        if (notModified(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        if (coding != null) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, coding.token());
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /**
     * The body in {@code coding}, coded on first use. The first readers after a change wait for one coding rather
     * than each making its own (on two cores, 256 of them coding 190 KB at once would be the slowest answer of
     * all); once coded, reading it takes no lock.
     */
    private byte[] coded(ContentCoding coding) {
        byte[] bytes = coded.get(coding.ordinal());
        if (bytes == null) {
            synchronized (this) {
                bytes = coded.get(coding.ordinal());
                if (bytes == null) {
                    byte[] made = coding.encode(identity);
                    bytes = made.length < identity.length ? made : DOES_NOT_PAY;
                    coded.set(coding.ordinal(), bytes);
                }
            }
        }
        return bytes;
    }

    private static String tag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
