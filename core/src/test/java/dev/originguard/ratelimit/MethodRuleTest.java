package dev.originguard.ratelimit;

import dev.originguard.settings.SettingsText;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Method-qualified path rules ({@code POST /login=5/1m}): parsing, matching and the refusals. */
class MethodRuleTest {

    private static List<PathRule> parse(String rules) {
        return SettingsText.read(Map.of("rateLimit", "100/1m", "rateLimitPaths", rules), SettingsText.INIT_PARAMS)
                .rateLimit().pathRules();
    }

    @Test
    void aRuleNamesOneOrSeveralMethodsOrNone() {
        List<PathRule> rules = parse("POST /login=5/1m; GET, HEAD\t/search=30/1m\n PUT,PATCH /api/*=off; /x=1/1s");
        assertThat(rules).extracting(PathRule::toString)
                .containsExactly("POST /login=5/1m", "GET,HEAD /search=30/1m", "PATCH,PUT /api/*=off", "/x=1/1s");
        assertThat(rules.get(0).methods()).containsExactly("POST");
        assertThat(rules.get(0).pattern()).isEqualTo("/login");
        assertThat(rules.get(3).methods()).isEmpty();
        // The printed form parses back to the same rules.
        String printed = String.join("; ", rules.stream().map(PathRule::toString).toList());
        assertThat(parse(printed)).extracting(PathRule::toString).isEqualTo(
                rules.stream().map(PathRule::toString).toList());
    }

    @Test
    void appliesToItsMethodsOnlyIgnoringCaseAndGetCoversHead() {
        PathRule post = parse("POST /login=5/1m").get(0);
        assertThat(post.appliesTo("POST")).isTrue();
        assertThat(post.appliesTo("post")).as("a framework may route it as POST").isTrue();
        assertThat(post.appliesTo("GET")).isFalse();
        assertThat(post.appliesTo(null)).as("an unknown method meets only rules naming none").isFalse();
        PathRule get = parse("GET /search=5/1m").get(0);
        assertThat(get.appliesTo("HEAD")).as("HEAD runs the GET handler").isTrue();
        assertThat(get.appliesTo("POST")).isFalse();
        PathRule any = parse("/x=5/1m").get(0);
        assertThat(any.appliesTo("DELETE")).isTrue();
        assertThat(any.appliesTo(null)).isTrue();
    }

    @Test
    void typedBuilderNamesMethodsToo() {
        PathRule r = PathRule.of("/login", Rate.of(5, Duration.ofMinutes(1))).onMethods("POST", "PUT");
        assertThat(r.toString()).isEqualTo("POST,PUT /login=5/1m");
        assertThatThrownBy(() -> PathRule.of("/login").onMethods("FETCH"))
                .hasMessageStartingWith("rateLimitPaths: 'FETCH' is not an HTTP method");
    }

    @Test
    void anUnknownMethodIsRefusedNamingTheTokenAndTheRule() {
        assertThatThrownBy(() -> parse("PSOT /login=5/1m"))
                .hasMessageStartingWith("rateLimitPaths: 'PSOT' is not an HTTP method (in the rule PSOT /login=5/1m)")
                .hasMessageContaining("expected one of CONNECT, COPY, DELETE, GET");
        assertThatThrownBy(() -> parse("post /login=5/1m"))
                .hasMessage("rateLimitPaths: 'post' is not an HTTP method (in the rule post /login=5/1m): HTTP "
                        + "methods are written in upper case, did you mean POST?");
        assertThatThrownBy(() -> parse("GET,,HEAD /x=5/1m"))
                .hasMessageStartingWith("rateLimitPaths: 'GET,,HEAD /x=5/1m' has an empty method");
        assertThatThrownBy(() -> parse("POST login=5/1m"))
                .hasMessageStartingWith("rateLimitPaths: 'login' is not a path pattern");
    }

    @Test
    void springNamesTheProperty() {
        assertThatThrownBy(() -> SettingsText.read(Map.of("rate-limit.limits", "100/1m",
                "rate-limit.paths", "PSOT /login=5/1m"), SettingsText.PROPERTIES))
                .hasMessageStartingWith("originguard.rate-limit.paths: 'PSOT' is not an HTTP method");
    }
}
