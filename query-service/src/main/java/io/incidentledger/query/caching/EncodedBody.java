package io.incidentledger.query.caching;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.springframework.http.HttpHeaders;

/**
 * A public document kept as bytes: as built, and gzipped once at the best compression, each with its own strong
 * ETag (a strong validator names one representation, so the compressed one has its own: {@code "…-gz"}).
 * Answering from it costs no template, no database and no hashing: a conditional request is a string comparison,
 * any other a copy of ready bytes. The one writer of such answers, for the fast paths and the controllers alike,
 * so both paths negotiate the encoding the same way.
 *
 * <p>gzip only where it pays: a body that gzip would not make smaller (a tiny document) is kept as built only.
 * No brotli or zstd: the well-kept Java encoders for both are native libraries (brotli4j, zstd-jni) with a build
 * per platform, for a few per cent on documents this small.
 */
public record EncodedBody(byte[] identity, byte[] gzip, String etag, String gzipEtag) {

    /** {@code body} tagged with {@code etag} (quoted, strong). */
    public static EncodedBody of(byte[] body, String etag) {
        byte[] gzipped = gzip(body);
        if (gzipped.length >= body.length) {
            return new EncodedBody(body, null, etag, null);
        }
        return new EncodedBody(body, gzipped, etag, etag.substring(0, etag.length() - 1) + "-gz\"");
    }

    /** {@code body} tagged by its SHA-256. */
    public static EncodedBody of(byte[] body) {
        return of(body, "\"" + tag(body) + "\"");
    }

    /** Either representation's tag matches: a client that stored one of them has the current document. */
    public boolean notModified(String ifNoneMatch) {
        return gzipEtag == null ? PublicHeaders.notModified(ifNoneMatch, etag)
                : PublicHeaders.notModified(ifNoneMatch, etag, gzipEtag);
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
        boolean gzipped = gzip != null && acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        response.setHeader(HttpHeaders.ETAG, gzipped ? gzipEtag : etag);
        if (notModified(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = gzipped ? gzip : identity;
        response.setStatus(HttpServletResponse.SC_OK);
        if (contentType != null) {
            response.setContentType(contentType);
        }
        if (gzipped) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** Whether {@code Accept-Encoding} allows gzip (named or {@code *}, and not with {@code q=0}). */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = coding.strip().split(";");
            String name = parts[0].strip();
            if (name.equals("gzip") || name.equals("x-gzip") || name.equals("*")) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip().replace(" ", "");
                    if (parameter.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static String tag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 32);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION); // once per change, for every reader: worth the time
            }
        }) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
