/**
 * Reading and writing Praetor's JSON trees (maps, lists, strings, longs, doubles, booleans, nulls)
 * with jackson-core's streaming API; {@link io.praetor.domain.json.JsonTreeReader} and
 * {@link io.praetor.domain.json.JsonTreeWriter} are the entry points.
 */
package io.praetor.domain.json;
