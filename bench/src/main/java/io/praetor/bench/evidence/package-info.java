/**
 * Evidence benchmarks: ledger append throughput, whole-log verification and inclusion proofs on a
 * 1,000,000-entry log ({@link io.praetor.bench.evidence.LedgerHarness}, and the JMH benchmarks
 * {@link io.praetor.bench.evidence.LedgerAppendBenchmark} and
 * {@link io.praetor.bench.evidence.InclusionProofBenchmark}).
 */
package io.praetor.bench.evidence;
