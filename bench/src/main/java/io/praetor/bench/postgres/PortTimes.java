package io.praetor.bench.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Wall time spent in each port method (calls and total ms), by wrapping a port in a proxy. */
final class PortTimes {
    private final Map<String, LongAdder[]> times = new ConcurrentHashMap<>();

    <T> T wrap(Class<T> port, T target) {
        InvocationHandler h = (proxy, method, args) -> {
            long t0 = System.nanoTime();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                LongAdder[] a = times.computeIfAbsent(port.getSimpleName() + "." + method.getName(),
                        k -> new LongAdder[] {new LongAdder(), new LongAdder()});
                a[0].increment();
                a[1].add(System.nanoTime() - t0);
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, h));
    }

    void reset() {
        times.clear();
    }

    @Override
    public String toString() {
        return new TreeMap<>(times).entrySet().stream()
                .map(e -> "%s ×%d %,d ms".formatted(e.getKey(), e.getValue()[0].sum(), e.getValue()[1].sum() / 1_000_000))
                .collect(Collectors.joining(", "));
    }
}
