package io.incidentledger.query.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostmortemRendererTest {

    private final PostmortemRenderer renderer = new PostmortemRenderer();

    @Test
    void markdownBecomesHtmlWithHeadingsBelowThePagesOwn() {
        String html = renderer.toSafeHtml("# What happened\n\nThe **AWS** outage.\n\n- one\n- two\n\n"
                + "[AWS summary](https://aws.amazon.com/message/67457/)");

        assertThat(html).contains("<h3>What happened</h3>", "<strong>AWS</strong>", "<li>one</li>",
                "href=\"https://aws.amazon.com/message/67457/\"", "rel=\"nofollow\"");
    }

    @Test
    void noScriptEventHandlerOrJavascriptLinkSurvives() {
        String html = renderer.toSafeHtml("""
                <script>alert(1)</script>

                <img src=x onerror=alert(1)>

                [x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2))

                "><svg onload=alert(1)>

                <a href="javascript:alert(3)">raw link</a>
                """);

        Html parsed = Html.parse(html);
        assertThat(parsed.all()).extracting(e -> e.getElementName().toLowerCase())
                .doesNotContain("script", "img", "svg", "iframe");
        assertThat(parsed.all()).allSatisfy(e -> assertThat(e.getAttributeMap().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("on")));
        assertThat(parsed.named("a")).allSatisfy(a -> assertThat(String.valueOf(Html.attr(a, "href")).strip().toLowerCase())
                .doesNotStartWith("javascript:"));
        // Raw HTML is shown as the text it is, so the reader still sees what the author typed.
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
