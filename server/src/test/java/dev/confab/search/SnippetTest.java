package dev.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetTest {
    private static List<String> marked(Snippet s) {
        return s.highlights().stream().map(r -> s.text().substring(r[0], r[1])).toList();
    }

    @Test
    void wordsThatStartWithATermAreMarkedIgnoringCaseAndDiacritics() {
        Snippet s = Snippet.ofWords("Meet at the Café Zoë, then confab about Confabs", List.of("cafe", "conf"), 60);
        assertThat(marked(s)).containsExactly("Café", "confab", "Confabs");
    }

    @Test
    void aLongTextIsCutAroundTheFirstMatch() {
        String text = "lorem ".repeat(50) + "walrus" + " ipsum".repeat(50);
        Snippet s = Snippet.ofWords(text, List.of("walrus"), 20);
        assertThat(s.text()).startsWith("…").endsWith("…").contains("walrus");
        assertThat(marked(s)).containsExactly("walrus");
    }

    @Test
    void aSubstringIsMarkedWhereverItIs() {
        Snippet s = Snippet.around("Release notes", "LEASE", 60);
        assertThat(marked(s)).containsExactly("lease");
        assertThat(Snippet.around("我们明天去北京开会", "北京", 2).text()).isEqualTo("…天去北京开会");
    }

    @Test
    void searchTermsAreWordsOfLettersAndDigits() {
        assertThat(Search.terms("Hello, World! 2026 hello")).containsExactly("hello", "world", "2026");
        assertThat(Search.terms("?!")).isEmpty();
        assertThat(Search.unspaced("北京")).isTrue();
        assertThat(Search.unspaced("Καλημέρα")).isFalse();
    }
}
