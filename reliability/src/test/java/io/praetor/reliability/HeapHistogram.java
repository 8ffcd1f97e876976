package io.praetor.reliability;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them
 * (taken through the DiagnosticCommand MBean, which runs a full GC first). Two of them, taken at
 * the start and the end of a soak, show what grew: the soak prints the top of the difference, so a
 * failed heap criterion names its suspects.
 */
record HeapHistogram(Map<String, long[]> byClass, long totalBytes, long totalInstances) {

    static HeapHistogram take() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return parse((String) out);
        } catch (Exception e) {
            throw new IllegalStateException("no class histogram from the DiagnosticCommand MBean: " + e, e);
        }
    }

    /** Parses the text of {@code GC.class_histogram}: " 1:  instances  bytes  class name (module)". */
    static HeapHistogram parse(String text) {
        Map<String, long[]> by = new LinkedHashMap<>();
        long bytes = 0;
        long instances = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                long n = Long.parseLong(f[1]);
                long b = Long.parseLong(f[2]);
                by.merge(f[3], new long[] {n, b}, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
            } else if (f.length >= 3 && f[0].equals("Total")) {
                instances = Long.parseLong(f[1]);
                bytes = Long.parseLong(f[2]);
            }
        }
        return new HeapHistogram(by, bytes, instances);
    }

    /** The {@code top} classes that grew most in bytes from {@code before} to this, as "class +instances +KB". */
    List<String> grownSince(HeapHistogram before, int top) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        byClass.forEach((cls, now) -> {
            long[] then = before.byClass.getOrDefault(cls, new long[2]);
            grown.add(Map.entry(cls, new long[] {now[0] - then[0], now[1] - then[1]}));
        });
        grown.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(top, grown.size()))) {
            out.add(e.getKey() + " +" + e.getValue()[0] + " (" + (e.getValue()[1] >> 10) + " KB)");
        }
        return out;
    }
}
