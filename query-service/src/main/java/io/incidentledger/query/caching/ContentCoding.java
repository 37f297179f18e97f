package io.incidentledger.query.caching;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

/**
 * The content codings the public documents are offered in beside the identity, in the order they are preferred
 * when a reader accepts several equally: the smaller first. Each is applied once per version of a document and
 * kept, so both run at a high setting; the setting is bounded by the first reader after a change, who waits for it.
 */
enum ContentCoding {

    /**
     * Brotli (RFC 7932) through brotli4j, Google's encoder over JNI. Quality 5 of 11, TEXT mode (every public
     * document is text). Measured on the demo's front page (189,573 bytes, this machine): quality 5 gives 5,888
     * bytes in 1.6 ms, 9 gives 5,883 in 37 ms, 11 gives 4,880 in 307 ms; gzip at 9 gives 8,017 in 1.8 ms. Not
     * offered where brotli4j has no native library for the platform.
     */
    BROTLI("br", "-br") {
        private final boolean available = loads();
        private final Encoder.Parameters parameters = new Encoder.Parameters().setQuality(5).setMode(Encoder.Mode.TEXT);

        @Override
        boolean available() {
            return available;
        }

        @Override
        byte[] encode(byte[] body) {
            try {
                return Encoder.compress(body, parameters);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean loads() {
            try {
                return Brotli4jLoader.isAvailable();
            } catch (LinkageError e) {
                return false;
            }
        }
    },

    /** gzip (RFC 1952) at the best compression: once per change, for every reader, worth the time. */
    GZIP("gzip", "-gz") {
        @Override
        boolean available() {
            return true;
        }

        @Override
        byte[] encode(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 32);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            }) {
                gzip.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    };

    private final String token;
    private final String tagSuffix;

    ContentCoding(String token, String tagSuffix) {
        this.token = token;
        this.tagSuffix = tagSuffix;
    }

    /** Its name in {@code Accept-Encoding} and {@code Content-Encoding}. */
    String token() {
        return token;
    }

    /** A strong ETag names one representation (RFC 9110 §8.8.3): the coded one's is the identity's plus this. */
    String tag(String identityTag) {
        return identityTag.substring(0, identityTag.length() - 1) + tagSuffix + "\"";
    }

    abstract boolean available();

    abstract byte[] encode(byte[] body);
}
