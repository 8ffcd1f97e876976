/**
 * In-process reference adapters for every driven port, the embedded default. Start from
 * {@link io.praetor.adapters.memory.InMemoryAdapters}, which wires one of each around a shared
 * {@link io.praetor.adapters.memory.InMemoryTransactions}; also holds the filesystem evidence store
 * and a local ES256 signer.
 */
package io.praetor.adapters.memory;
