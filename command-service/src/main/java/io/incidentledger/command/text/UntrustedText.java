package io.incidentledger.command.text;

import java.util.Locale;

/**
 * What characters a client's text may hold. Two rules:
 * <ul>
 *   <li>Any text (checked for every string of every request body, as Jackson reads it): no C0 control but tab,
 *   line feed and carriage return, no DEL, no C1 control, no unpaired surrogate. They have no business in an
 *   incident record, confuse terminals and logs, and PostgreSQL refuses NUL outright.</li>
 *   <li>A single line ({@link SingleLine}: ids, names, titles, groups): besides, not only spaces (of any
 *   script), no line break of any kind and no bidirectional embedding, override or isolate (U+202A-U+202E,
 *   U+2066-U+2069). An override in a title would make the status page show text in an order other than the
 *   order stored ("Trojan Source"). Long text (messages, post-mortems, descriptions) keeps them: mixed
 *   right-to-left prose needs them, and the status page isolates each message ({@code unicode-bidi:
 *   isolate}) and renders each post-mortem as a block of its own, so an embedding one opens ends with it.</li>
 * </ul>
 */
public final class UntrustedText {

    private UntrustedText() {
    }

    /** Why {@code text} is not acceptable text, or null if it is. */
    public static String problemInText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired surrogate (" + codePoint(c) + " at index " + i + ")";
            } else if (isControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "must not contain control characters (" + codePoint(c) + " at index " + i + ")";
            }
        }
        return null;
    }

    /** Why {@code text} is not an acceptable single line, or null if it is. */
    public static String problemInSingleLine(String text) {
        String problem = problemInText(text);
        if (problem != null) {
            return problem;
        }
        if (!text.isEmpty() && text.isBlank()) {
            // Bean Validation's @NotBlank trims only ASCII spaces; the controllers strip every Unicode space,
            // and a title of em spaces would become an empty one.
            return "must not be blank";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || c == '\u2028' || c == '\u2029') {
                return "must be a single line (" + codePoint(c) + " at index " + i + ")";
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "must not contain bidirectional override or isolate characters (" + codePoint(c)
                        + " at index " + i + ")";
            }
        }
        return null;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
