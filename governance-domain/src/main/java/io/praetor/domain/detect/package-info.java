/**
 * Detect: reads inventory files in every supported format into normalised resources
 * ({@link io.praetor.domain.detect.InventoryReader}), diffs them against stored state and emits
 * {@code resource.changed} events ({@link io.praetor.domain.detect.InventoryService}, which
 * implements {@link io.praetor.ports.usecase.InventoryUseCases}).
 */
package io.praetor.domain.detect;
