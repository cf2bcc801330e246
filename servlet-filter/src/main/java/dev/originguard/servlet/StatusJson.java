package dev.originguard.servlet;

import dev.originguard.internal.JsonText;
import dev.originguard.source.SourceStatus;
import java.time.Instant;
import java.util.Locale;

/** {@link OriginGuardStatus} as one JSON object, for the MXBean; no secret is in a status. */
final class StatusJson {

    private StatusJson() {
    }

    static String of(OriginGuardStatus s) {
        StringBuilder out = new StringBuilder("{");
        out.append("\"lockOrigin\":").append(q(s.lockOrigin().name().toLowerCase(Locale.ROOT)));
        out.append(",\"clientIpHeader\":").append(q(s.clientIpHeader()));
        out.append(",\"originSecretRequired\":").append(s.originSecretRequired());
        out.append(",\"sets\":[");
        for (int i = 0; i < s.sets().size(); i++) {
            OriginGuardStatus.AddressSetStatus set = s.sets().get(i);
            out.append(i == 0 ? "" : ",").append("{\"name\":").append(q(set.name())).append(",\"rangeCount\":")
                    .append(set.rangeCount()).append(",\"refreshed\":").append(set.refreshed()).append(",\"sources\":[");
            for (int j = 0; j < set.sources().size(); j++) {
                SourceStatus src = set.sources().get(j);
                out.append(j == 0 ? "" : ",").append("{\"source\":").append(q(src.source()))
                        .append(",\"location\":").append(q(src.location()))
                        .append(",\"lastSuccess\":").append(q(t(src.lastSuccess())))
                        .append(",\"lastError\":").append(q(src.lastError()))
                        .append(",\"entryCount\":").append(src.entryCount())
                        .append(",\"healthy\":").append(src.healthy()).append('}');
            }
            out.append("]}");
        }
        OriginGuardStatus.RequestCounts r = s.requests();
        out.append("],\"requests\":{\"restored\":").append(r.restored()).append(",\"proxy\":").append(r.proxy())
                .append(",\"direct\":").append(r.direct()).append(",\"rejected\":").append(r.rejected())
                .append(",\"reported\":").append(r.reported()).append(",\"malformed\":").append(r.malformed())
                .append(",\"unverified\":").append(r.unverified()).append('}');
        if (s.rateLimit() != null) {
            OriginGuardStatus.RateLimitCounts c = s.rateLimit();
            out.append(",\"rateLimit\":{\"checked\":").append(c.checked()).append(",\"limited\":").append(c.limited())
                    .append(",\"rejected\":").append(c.rejected()).append(",\"exempt\":").append(c.exempt())
                    .append(",\"storeErrors\":").append(c.storeErrors()).append('}');
        }
        OriginGuardStatus.PolicyStatus p = s.policy();
        if (p != null) {
            out.append(",\"policy\":{\"file\":").append(q(p.file())).append(",\"sha256\":").append(q(p.sha256()))
                    .append(",\"loadedAt\":").append(q(t(p.loadedAt()))).append(",\"lastChecked\":")
                    .append(q(t(p.lastChecked()))).append(",\"lastError\":").append(q(p.lastError()))
                    .append(",\"lastErrorAt\":").append(q(t(p.lastErrorAt()))).append(",\"reloads\":")
                    .append(p.reloads()).append(",\"refusals\":").append(p.refusals()).append('}');
        }
        return out.append('}').toString();
    }

    private static String q(String text) {
        return JsonText.quote(text);
    }

    private static String t(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
