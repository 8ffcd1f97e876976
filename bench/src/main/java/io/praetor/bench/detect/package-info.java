/**
 * Benchmarks of detect: a seeded generator of AWS Config-shaped snapshots and the
 * {@link io.praetor.bench.detect.ImportBench} harness (parse + normalise + diff, and a 1% re-import).
 */
package io.praetor.bench.detect;
