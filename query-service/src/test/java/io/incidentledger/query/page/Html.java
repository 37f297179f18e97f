package io.incidentledger.query.page;

import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.attoparser.dom.DOMMarkupParser;
import org.attoparser.dom.Element;
import org.attoparser.dom.INestableNode;
import org.attoparser.dom.INode;
import org.attoparser.dom.Text;
import org.unbescape.html.HtmlEscape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A served page parsed by a real HTML parser (attoparser, which Thymeleaf itself parses with), so tests ask
 * what elements and attributes a browser would build rather than searching the bytes. Attribute values and
 * text come back with character references decoded, as a browser's DOM holds them.
 */
final class Html {

    private final List<Element> elements;

    private Html(List<Element> elements) {
        this.elements = elements;
    }

    static Html parse(String html) {
        try {
            var document = new DOMMarkupParser(ParseConfiguration.htmlConfiguration()).parse(html);
            List<Element> all = new ArrayList<>();
            collect(document, all);
            return new Html(all);
        } catch (ParseException e) {
            throw new AssertionError("not parseable as HTML: " + e.getMessage(), e);
        }
    }

    List<Element> all() {
        return elements;
    }

    List<Element> where(Predicate<Element> test) {
        return elements.stream().filter(test).toList();
    }

    List<Element> named(String name) {
        return where(e -> e.getElementName().equalsIgnoreCase(name));
    }

    List<Element> withAttribute(String attribute) {
        return where(e -> e.hasAttribute(attribute));
    }

    Element one(String attribute, String value) {
        List<Element> found = where(e -> value.equals(attr(e, attribute)));
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " elements with " + attribute + "=\"" + value + "\"");
        }
        return found.get(0);
    }

    Optional<Element> first(String attribute, String value) {
        return where(e -> value.equals(attr(e, attribute))).stream().findFirst();
    }

    /** Decoded attribute value, or null. */
    static String attr(Element element, String name) {
        String raw = element.getAttributeValue(name);
        return raw == null ? null : HtmlEscape.unescapeHtml(raw);
    }

    /** Decoded text of the element and everything inside it, whitespace collapsed. */
    static String text(INode node) {
        var out = new StringBuilder();
        appendText(node, out);
        return HtmlEscape.unescapeHtml(out.toString()).replaceAll("\\s+", " ").strip();
    }

    /** Elements inside {@code root} (itself excluded) passing {@code test}, in document order. */
    static List<Element> inside(Element root, Predicate<Element> test) {
        List<Element> all = new ArrayList<>();
        collect(root, all);
        return all.stream().filter(e -> e != root).filter(test).toList();
    }

    static Predicate<Element> has(String attribute) {
        return e -> e.hasAttribute(attribute);
    }

    static Predicate<Element> isNamed(String name) {
        return e -> e.getElementName().toLowerCase(Locale.ROOT).equals(name);
    }

    private static void collect(INestableNode node, List<Element> into) {
        if (node instanceof Element element) {
            into.add(element);
        }
        for (INode child : node.getChildren()) {
            if (child instanceof INestableNode nested) {
                collect(nested, into);
            }
        }
    }

    private static void appendText(INode node, StringBuilder out) {
        if (node instanceof Text text) {
            out.append(text.getContent());
        } else if (node instanceof INestableNode nested) {
            for (INode child : nested.getChildren()) {
                appendText(child, out);
            }
            out.append(' ');
        }
    }
}
