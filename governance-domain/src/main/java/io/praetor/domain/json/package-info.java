/**
 * JSON trees (maps, lists, strings, longs, doubles, booleans, null) for the whole domain:
 * {@link io.praetor.domain.json.CanonicalJson} writes RFC 8785 canonical JSON (what ledger hashes
 * are computed over), {@link io.praetor.domain.json.JsonTreeReader} and
 * {@link io.praetor.domain.json.JsonTreeWriter} read and write ordinary JSON with jackson-core.
 */
package io.praetor.domain.json;
