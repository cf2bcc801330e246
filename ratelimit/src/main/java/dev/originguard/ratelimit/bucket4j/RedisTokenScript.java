package dev.originguard.ratelimit.bucket4j;

import dev.originguard.ratelimit.Rate;
import io.github.bucket4j.ConsumptionProbe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A token bucket kept and updated in Redis by one Lua script: read, refill, take a token and write back in a
 * single {@code EVALSHA}, one round trip per request where Bucket4j's compare-and-swap needs two (GET, then
 * EVAL) and retries when another node wrote in between. The script runs atomically, so a contended bucket is
 * exact without retries. It refills as Bucket4j's greedy refill does (continuously, capacity per period),
 * on Redis's clock ({@code TIME}), so the nodes' own clocks never matter; a step back of that clock refills
 * nothing rather than a negative amount.
 *
 * <p>State is one string, {@code <last refill, µs>:<tokens>:<tokens>...}, one count per rate of the rule,
 * expiring 10 s after the bucket would be full again. A value it cannot read (another format, another rule's
 * rates) starts the bucket full, as a new client.
 */
final class RedisTokenScript {

    static final String SOURCE = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local n = tonumber(ARGV[1])",
            "local raw = redis.call('GET', KEYS[1])",
            "local last = nil",
            "local tokens = {}",
            "if raw then",
            "  local i = 0",
            "  for v in string.gmatch(raw, '[^:]+') do",
            "    if i == 0 then last = tonumber(v) else tokens[i] = tonumber(v) end",
            "    i = i + 1",
            "  end",
            "  if last == nil or i ~= n + 1 then last = nil; tokens = {} end",
            "end",
            "local elapsed = 0",
            "if last ~= nil and now > last then elapsed = now - last end",
            "if last ~= nil and last > now then now = last end",
            "local ok = true",
            "for i = 1, n do",
            "  local cap = tonumber(ARGV[2 * i]); local period = tonumber(ARGV[2 * i + 1])",
            "  local have = tokens[i]",
            "  if have == nil then have = cap else have = math.min(cap, have + elapsed * cap / period) end",
            "  tokens[i] = have",
            "  if have < 1 then ok = false end",
            "end",
            "local wait = 0; local reset = 0; local remaining = nil",
            "local state = string.format('%d', now)",
            "for i = 1, n do",
            "  local cap = tonumber(ARGV[2 * i]); local period = tonumber(ARGV[2 * i + 1])",
            "  if ok then tokens[i] = tokens[i] - 1",
            "  elseif tokens[i] < 1 then wait = math.max(wait, (1 - tokens[i]) * period / cap) end",
            "  reset = math.max(reset, (cap - tokens[i]) * period / cap)",
            "  local whole = math.floor(tokens[i])",
            "  if remaining == nil or whole < remaining then remaining = whole end",
            "  state = state .. ':' .. string.format('%.17g', tokens[i])",
            "end",
            "redis.call('SET', KEYS[1], state, 'PX', math.ceil(reset / 1000) + 10000)",
            "return {ok and 1 or 0, remaining, math.ceil(wait), math.ceil(reset)}");

    static final String SHA1 = sha1(SOURCE);

    private RedisTokenScript() {
    }

    /** The script's arguments for a rule's rates: their count, then capacity and period (µs) of each. */
    static byte[][] arguments(List<Rate> rates) {
        byte[][] args = new byte[1 + 2 * rates.size()][];
        args[0] = ascii(rates.size());
        for (int i = 0; i < rates.size(); i++) {
            args[1 + 2 * i] = ascii(rates.get(i).requests());
            args[2 + 2 * i] = ascii(rates.get(i).period().toNanos() / 1000);
        }
        return args;
    }

    /** The script's answer, {consumed, remaining, µs to wait for a token, µs to full}, as a probe. */
    static ConsumptionProbe probe(List<Object> reply) {
        if (reply == null || reply.size() != 4) {
            throw new IllegalStateException("unexpected reply from the rate-limit script: " + reply);
        }
        long remaining = Math.max(0, (Long) reply.get(1));
        long reset = (Long) reply.get(3) * 1000;
        return (Long) reply.get(0) == 1 ? ConsumptionProbe.consumed(remaining, reset)
                : ConsumptionProbe.rejected(remaining, (Long) reply.get(2) * 1000, reset);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
