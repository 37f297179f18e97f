package io.incidentledger.query.page;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;
import org.springframework.stereotype.Component;

/**
 * Post-mortems are Markdown written by commanders, shown to the public: rendered with CommonMark, then
 * sanitised, so that neither raw HTML in the Markdown nor a {@code javascript:} link survives. The
 * sanitiser is the guarantee; escaping raw HTML in the renderer only keeps the author's text visible.
 */
@Component
class PostmortemRenderer {

    /** The post-mortem sits under the page's h1 and h2, so its own headings start at h3. */
    private static final int HEADING_SHIFT = 2;

    private static final PolicyFactory POLICY = Sanitizers.FORMATTING
            .and(Sanitizers.BLOCKS)
            .and(Sanitizers.TABLES)
            .and(new HtmlPolicyBuilder()
                    .allowElements("pre", "code", "hr", "br")
                    .allowElements("a")
                    .allowStandardUrlProtocols() // http, https, mailto: never javascript: or data:
                    .allowAttributes("href").onElements("a")
                    .requireRelNofollowOnLinks()
                    .toFactory());

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        Node document = parser.parse(markdown);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                heading.setLevel(Math.min(6, heading.getLevel() + HEADING_SHIFT));
                visitChildren(heading);
            }
        });
        return POLICY.sanitize(renderer.render(document));
    }
}
