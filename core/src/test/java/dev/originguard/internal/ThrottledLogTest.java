package dev.originguard.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ThrottledLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Logger logger = mock(Logger.class);
    private final ThrottledLog throttled = new ThrottledLog(logger, TimeUnit.SECONDS.toNanos(10), now::get);

    @Test
    void writesAtMostOneLinePerIntervalAndReportsHowManyItSuppressed() {
        when(logger.isWarnEnabled()).thenReturn(true);

        for (int i = 0; i < 1000; i++) {
            throttled.warn("refused {} {}", "a", "b");
        }
        verify(logger, times(1)).warn("refused {} {}", "a", "b");

        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        throttled.warn("refused {} {}", "a", "b");
        verify(logger).warn("refused {} {} (999 similar lines suppressed since the last one)", "a", "b");
    }

    @Test
    void aLineJustBeforeTheIntervalEndsIsStillSuppressed() {
        when(logger.isInfoEnabled()).thenReturn(true);
        throttled.info("x {} {}", 1, 2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10) - 1);
        throttled.info("x {} {}", 1, 2);
        verify(logger, times(1)).info(anyString(), any(Object.class), any(Object.class));
    }

    @Test
    void aDisabledLevelCostsNoPermit() {
        when(logger.isWarnEnabled()).thenReturn(false);
        throttled.warn("x {} {}", 1, 2);
        verify(logger, never()).warn(anyString(), any(Object.class), any(Object.class));
        when(logger.isWarnEnabled()).thenReturn(true);
        throttled.warn("x {} {}", 1, 2);
        verify(logger).warn("x {} {}", 1, 2);
    }
}
