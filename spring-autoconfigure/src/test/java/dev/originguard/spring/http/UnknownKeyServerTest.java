package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A real Boot server whose application.yml misspells lock-origin: it must not start (unprotected), and Boot's
 * failure report names the key, its file and line, and the key meant.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownKeyServerTest {

    @Test
    void aMisspeltLockOriginInApplicationYmlFailsStartUp(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TestApp.class, OnTomcat.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.location=classpath:strict/lock-orign.yml", "server.port=0",
                        "server.address=127.0.0.1")
                .run().close())
                .hasRootCauseMessage("originguard.lock-orign (class path resource [strict/lock-orign.yml] - 3:15)"
                        + " is not an OriginGuard setting; did you mean originguard.lock-origin?");
        assertThat(output).contains("APPLICATION FAILED TO START", "Property: originguard.lock-orign",
                "Did you mean originguard.lock-origin?");
    }
}
