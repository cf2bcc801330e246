package dev.originguard.source;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The child JVM of {@link WallClockStepProcessTest}, run under libfaketime: loads one URL source, prints its
 * wall clock every 100 ms ({@code WALL <epoch ms>}), and on each {@code REFRESH} line from stdin refreshes and
 * prints {@code STATUS healthy=.. ageMillis=.. error=..}. {@code EXIT} closes the set and ends.
 */
public final class WallClockStepChild {

    private WallClockStepChild() {
    }

    public static void main(String[] args) throws Exception {
        RefreshSettings settings = RefreshSettings.builder().readTimeout(Duration.ofSeconds(Long.parseLong(args[1])))
                .scheduler(new ScheduledRefreshTest.CapturingScheduler()).build();
        try (LiveAddressSet live = LiveAddressSet.start(args[0], "trustedProxies", settings)) {
            print(live);
            Thread wall = new Thread(() -> {
                while (true) {
                    say("WALL " + Instant.now().toEpochMilli());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "wall-clock-printer");
            wall.setDaemon(true);
            wall.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("EXIT"); line = in.readLine()) {
                if (line.equals("REFRESH")) {
                    live.refreshNow();
                }
                print(live);
            }
        }
    }

    private static void print(LiveAddressSet live) {
        SourceStatus s = live.statuses().get(0);
        say("STATUS healthy=" + s.healthy() + " ageMillis=" + (s.age() == null ? "none" : s.age().toMillis())
                + " error=" + s.lastError());
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
