package dev.originguard.policy;

import dev.originguard.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a settings file as strict UTF-8 text, bounded in size: a policy file is a few kilobytes, so anything
 * past {@link #MAX_BYTES} is a mistake or an attack, and a byte that is not UTF-8 is refused rather than guessed.
 */
final class PolicyText {

    /** The largest settings file read: a web.xml with many servlets stays far below it. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private PolicyText() {
    }

    static String read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigurationException(file.toString(), "", "cannot be read: " + e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigurationException(file.toString(), "", "is larger than " + MAX_BYTES
                    + " bytes, far more than any settings file; refusing to read it");
        }
        return decode(bytes, file);
    }

    static String decode(byte[] bytes, Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(file + ":" + lineOfFirstBadByte(bytes), "",
                    "is not UTF-8 text (" + e.getMessage() + "); save the file as UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new ConfigurationException(file + ":" + lineOf(text, nul), "",
                    "holds a NUL character: it is not a text file");
        }
        return text;
    }

    static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    // The line of the first byte the strict decoder refuses, counting newlines before it.
    private static int lineOfFirstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return line;
    }
}
