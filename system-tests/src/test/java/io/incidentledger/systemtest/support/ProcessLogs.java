package io.incidentledger.systemtest.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the end of a child process's log file, for failure messages. */
public final class ProcessLogs {

    private ProcessLogs() {
    }

    /** The last {@code maxLines} lines of {@code file} (reading at most its last 64 KiB). */
    public static String tail(Path file, int maxLines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(no log file " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int chunk = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[chunk];
            raf.seek(length - chunk);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] lines = text.split("\r?\n");
            int from = Math.max(0, lines.length - maxLines);
            StringBuilder out = new StringBuilder();
            for (int i = from; i < lines.length; i++) {
                out.append("    | ").append(lines[i]).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
