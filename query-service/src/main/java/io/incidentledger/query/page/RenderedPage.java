package io.incidentledger.query.page;

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

import io.incidentledger.query.caching.PublicHeaders;

/**
 * One rendering of a page, kept as bytes: as sent, and gzipped once, each with its strong ETag (a strong validator
 * names one representation, so the compressed one has its own). Answering from it costs no template, no
 * database and no hashing: a conditional request is a string comparison, any other a copy of ready bytes.
 */
record RenderedPage(byte[] identity, byte[] gzip, String etag, String gzipEtag) {

    static RenderedPage of(byte[] html) {
        String tag = tag(html);
        return new RenderedPage(html, gzip(html), "\"" + tag + "\"", "\"" + tag + "-gz\"");
    }

    /** Either variant's tag matches: a client that stored one representation has the current page. */
    private boolean matches(String ifNoneMatch) {
        return PublicHeaders.notModified(ifNoneMatch, etag, gzipEtag);
    }

    /**
     * The answer to a GET or HEAD with this request's {@code Accept-Encoding} and {@code If-None-Match}, written
     * straight to the servlet response, by the fast path and the controller alike.
     */
    void write(HttpServletRequest request, HttpServletResponse response, String cacheControl) throws IOException {
        boolean gzipped = acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING));
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        response.setHeader(HttpHeaders.ETAG, gzipped ? gzipEtag : etag);
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body = gzipped ? gzip : identity;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        if (gzipped) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** Whether {@code Accept-Encoding} allows gzip (present, and not with {@code q=0}). */
    static boolean acceptsGzip(String acceptEncoding) {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
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
