package dev.dmreplay.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesTextAndAttributes() {
        assertThat(Html.esc("a<b & c>\"d'")).isEqualTo("a&lt;b &amp; c&gt;&quot;d&#39;");
        assertThat(Html.esc("plain")).isEqualTo("plain");
        assertThat(Html.esc(null)).isEmpty();
        Html h = new Html().open("p", "title", "x<y&\"z").text("<script>&").close("p");
        String s = h.finish();
        assertThat(s).isEqualTo("<p title=\"x&lt;y&amp;&quot;z\">&lt;script&gt;&amp;</p>");
        HtmlChecks.assertWellFormed(s);
    }

    @Test
    void rejectsUnbalancedElements() {
        assertThatThrownBy(() -> new Html().open("table").close("tr")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("<table>");
        assertThatThrownBy(() -> new Html().open("div").finish()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("div");
        assertThatThrownBy(() -> new Html().open("p", "class")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowsAlignNumbersRight() {
        String s = new Html().open("table").row(List.of("sda", "12", "-3.5", "-")).close("table").finish();
        assertThat(s).contains("<td>sda</td>", "<td class=\"num\">12</td>", "<td class=\"num\">-3.5</td>",
                "<td>-</td>");
    }

    @Test
    void checkerFindsProblems() {
        assertThatThrownBy(() -> HtmlChecks.assertWellFormed("<p>a < b</p>")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> HtmlChecks.assertWellFormed("<p>a & b</p>")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> HtmlChecks.assertWellFormed("<p><b>x</p></b>")).isInstanceOf(AssertionError.class);
        HtmlChecks.assertWellFormed("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
                + "<body><svg><path d='M0,0'/></svg>&amp;</body></html>");
    }
}
