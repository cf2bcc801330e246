package dev.originguard.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code filter}-layer rows of core's spoofing catalogue ({@code core/src/test/resources/spoofing-catalogue.tsv},
 * format in its header comment), read in place from the module directory so there is one catalogue, not a
 * copy that drifts. Core's reader is in core's test sources, which this module does not see; this one reads
 * the same columns and refuses the escapes a raw HTTP request cannot carry rather than sending something else.
 */
final class FilterLayerCatalogue {

    /** Where the catalogue is, relative to this module's directory (the tests' working directory). */
    static final Path FILE = Path.of("..", "core", "src", "test", "resources", "spoofing-catalogue.tsv");

    /** One row: what the request carries and the client the application must see. */
    record Row(String id, String bypassClass, List<String> trusted, String peer, String header, List<String> lines,
               List<String> otherHeaders, String client, String rule, String reason) {

        @Override
        public String toString() {
            return id + " [" + bypassClass + "]";
        }
    }

    private FilterLayerCatalogue() {
    }

    /** The rows whose layer is {@code filter}, in file order. */
    static List<Row> rows() {
        List<String> text;
        try {
            text = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the spoofing catalogue is read from " + FILE.toAbsolutePath(), e);
        }
        List<Row> rows = new ArrayList<>();
        List<String> columns = null;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (columns == null) {
                columns = List.of(cells);
                if (!columns.equals(List.of("id", "layer", "class", "trusted", "peer", "header", "value",
                        "other_headers", "client", "rule", "known", "reason"))) {
                    throw new IllegalStateException(FILE + ": the columns changed: " + columns);
                }
                continue;
            }
            if (cells.length != columns.size()) {
                throw new IllegalStateException(FILE + ":" + (i + 1) + ": " + cells.length + " cells");
            }
            if (cells[1].equals("filter")) {
                rows.add(new Row(cells[0], cells[2], Arrays.asList(cells[3].split(",")), cells[4], cells[5],
                        lines(cells[6], cells[0]), lines(cells[7], cells[0]), cells[8], cells[9], cells[11]));
            }
        }
        return rows;
    }

    /** A cell's header lines: {@code -} is none, {@code \n} separates lines. */
    private static List<String> lines(String cell, String id) {
        if (cell.equals("-")) {
            return List.of();
        }
        if (cell.replace("\\n", "").contains("\\") || cell.contains("{")) {
            throw new IllegalStateException(id + ": escapes and repeats are not replayed over raw HTTP: " + cell);
        }
        return List.of(cell.split("\\\\n", -1));
    }
}
