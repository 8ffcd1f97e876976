/**
 * Benchmarks of decide: one policy evaluation per CEL runtime, the full scan of a seeded
 * 100,000-resource / 100-policy tenant, incremental re-evaluation of one resource, and the heap
 * harness {@link io.praetor.bench.decide.DecideHeap}. The workload is {@link io.praetor.bench.decide.DecideWorkload}.
 */
package io.praetor.bench.decide;
