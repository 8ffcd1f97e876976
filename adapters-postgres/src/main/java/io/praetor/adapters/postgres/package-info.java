/**
 * PostgreSQL adapters of Praetor's stores: jOOQ over a HikariCP pool, the schema migrated by Flyway,
 * and every tenant's rows kept apart by row-level security on top of the stores' own filters.
 */
package io.praetor.adapters.postgres;
