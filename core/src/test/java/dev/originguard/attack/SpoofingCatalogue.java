package dev.originguard.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code spoofing-catalogue.tsv} (test resources): one bypass attempt a row with the resolution it
 * must get. The format is described in the file's header comment; the servlet-filter suite reads the same
 * file through this class to replay every row over real HTTP.
 */
public final class SpoofingCatalogue {

    /** The catalogue's classpath location. */
    public static final String RESOURCE = "/spoofing-catalogue.tsv";

    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*([^}]*)}");

    private SpoofingCatalogue() {
    }

    /** One row. {@code lines} is empty when the header is absent. */
    public record Row(String id, String layer, String bypassClass, List<String> trusted, String peer,
                      String header, List<String> lines, List<String> otherHeaders, String client, String rule,
                      boolean known, String reason) {

        /** Whether the row can be replayed through the resolver alone. */
        public boolean coreLayer() {
            return layer.equals("core");
        }

        @Override
        public String toString() {
            return id + " [" + bypassClass + "] " + reason;
        }
    }

    /** Every row, in file order. */
    public static List<Row> rows() {
        try (InputStream in = SpoofingCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            String[] columns = null;
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (columns == null) {
                    columns = cells;
                    continue;
                }
                if (cells.length != columns.length) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": " + cells.length
                            + " cells, the header has " + columns.length);
                }
                rows.add(new Row(cells[0], cells[1], cells[2], Arrays.asList(cells[3].split(",")), cells[4],
                        cells[5], lines(cells[6]), lines(cells[7]), cells[8], cells[9],
                        Boolean.parseBoolean(cells[10]), cells[11]));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines a cell stands for: {@code -} is none; repeats expanded, {@code \n} splits, escapes decoded. */
    static List<String> lines(String cell) {
        if (cell.equals("-")) {
            return List.of();
        }
        Matcher m = REPEAT.matcher(cell);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(expanded, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(expanded);

        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String s = expanded.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                current.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> {
                    lines.add(current.toString());
                    current.setLength(0);
                }
                case 't' -> current.append('\t');
                case 'r' -> current.append('\r');
                case '\\' -> current.append('\\');
                case 'x' -> {
                    current.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    current.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + cell);
            }
        }
        lines.add(current.toString());
        return lines;
    }
}
