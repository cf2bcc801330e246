package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CidrRegexTest {

    @Test
    void decimalRangesMatchExactlyTheirNumbers() {
        for (int fixed = 1; fixed < 8; fixed++) {
            int size = 1 << (8 - fixed);
            for (int lo = 0; lo < 256; lo += size) {
                Pattern p = Pattern.compile(CidrRegex.range(lo, lo + size - 1, 10));
                for (int v = 0; v < 1000; v++) {
                    boolean inside = v >= lo && v < lo + size;
                    assertThat(p.matcher(Integer.toString(v)).matches()).as("%s in %d..%d", v, lo, lo + size - 1)
                            .isEqualTo(inside);
                }
                assertThat(p.matcher("0" + lo).matches()).as("leading zero").isFalse();
            }
        }
    }

    @Test
    void hexRangesMatchExactlyTheirNumbers() {
        SplittableRandom random = new SplittableRandom(7);
        for (int fixed = 1; fixed < 16; fixed++) {
            int size = 1 << (16 - fixed);
            for (int block = 0; block < 3; block++) {
                int lo = random.nextInt(1 << fixed) * size;
                Pattern p = Pattern.compile(CidrRegex.range(lo, lo + size - 1, 16));
                int[] probes = {lo, lo + size - 1, lo - 1, lo + size, 0, 0xFFFF};
                for (int probe : probes) {
                    check(p, probe, lo, size);
                }
                for (int i = 0; i < 300; i++) {
                    check(p, random.nextInt(0x10000), lo, size);
                    check(p, lo + random.nextInt(size), lo, size);
                }
            }
        }
    }

    private static void check(Pattern p, int value, int lo, int size) {
        if (value < 0 || value > 0xFFFF) {
            return;
        }
        assertThat(p.matcher(Integer.toHexString(value)).matches()).as("%x in %x+%x", value, lo, size)
                .isEqualTo(value >= lo && value < lo + size);
    }

    @Test
    void tomcatExpressionForCloudFrontAgreesWithTheAddressSet() {
        List<String> blocks = ProviderLists.cloudFront();
        Pattern tomcat = Pattern.compile(CidrRegex.forBlocks(blocks));
        AddressSet set = AddressSet.builder().addAll(blocks, "CloudFront").build();
        SplittableRandom random = new SplittableRandom(11);
        int inside = 0;
        for (String cidr : set.cidrs()) {
            if (cidr.indexOf(':') >= 0) {
                continue;
            }
            long start = FloorWalk.parse(cidr, 0, cidr.indexOf('/'));
            long size = 1L << (32 - Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)));
            for (long a : new long[] {start, start + size - 1, start - 1, start + size, start + random.nextLong(size)}) {
                String text = v4(a);
                boolean expected = set.contains(text);
                inside += expected ? 1 : 0;
                assertThat(tomcat.matcher(text).matches()).as(text).isEqualTo(expected);
            }
        }
        for (int i = 0; i < 20_000; i++) {
            String text = v4(random.nextLong(1L << 32));
            assertThat(tomcat.matcher(text).matches()).as(text).isEqualTo(set.contains(text));
        }
        assertThat(inside).isGreaterThan(300);
    }

    @Test
    void ipv6BlocksMatchTheUncompressedFormTomcatReports() {
        Pattern p = Pattern.compile(CidrRegex.forBlock("2600:9000::/28"));
        assertThat(p.matcher("2600:9000:0:0:0:0:0:1").matches()).isTrue();
        assertThat(p.matcher("2600:900f:ffff:0:0:0:0:1").matches()).isTrue();
        assertThat(p.matcher("2600:9010:0:0:0:0:0:1").matches()).isFalse();
        assertThat(p.matcher("2600:8fff:0:0:0:0:0:1").matches()).isFalse();
    }

    @Test
    void ipv4BlocksFollowTheDocumentedStyle() {
        assertThat(CidrRegex.forBlock("10.0.0.0/8")).isEqualTo("10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        assertThat(CidrRegex.forBlock("172.16.0.0/12")).isEqualTo("172\\.(?:1[6789]|2\\d|3[01])\\.\\d{1,3}\\.\\d{1,3}");
        assertThat(CidrRegex.forBlock("192.0.2.44")).isEqualTo("192\\.0\\.2\\.44");
    }

    private static String v4(long a) {
        return (a >>> 24 & 0xFF) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF);
    }
}
