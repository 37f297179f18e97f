package io.incidentledger.command.problem;

import tools.jackson.core.JacksonException;

/**
 * Words for a body the JSON parser refused for breaking one of its read constraints
 * ({@code spring.jackson.factory.constraints.read.*}): which limit, never the parser's own message (it names
 * Jackson's classes).
 */
public final class ParserLimits {

    private ParserLimits() {
    }

    public static String detail(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "the body nests objects or arrays too deeply";
        }
        if (message.contains("String value length")) {
            return "a string in the body is longer than any field allows";
        }
        if (message.contains("Name length")) {
            return "a field name in the body is too long";
        }
        if (message.contains("Number value length")) {
            return "a number in the body has too many digits";
        }
        return "the body exceeds a limit of the JSON parser";
    }
}
