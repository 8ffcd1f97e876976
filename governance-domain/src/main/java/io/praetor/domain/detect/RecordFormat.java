package io.praetor.domain.detect;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * One inventory format of API.md's normalisation table: which keys of a top-level object wrap
 * records, which keys are lifted into the envelope, and how a record becomes a {@link SnapshotEntry}.
 */
sealed interface RecordFormat
        permits PraetorFormat, AwsConfigFormat, AzureResourceGraphFormat, GcpAssetFormat, CustodianFormat,
        KubernetesFormat {

    /** How a top-level object's key holds records. */
    enum Envelope { NONE, LIST_OF_RECORDS, ONE_RECORD }

    List<String> NAMES = List.of("praetor", "aws-config", "azure-resource-graph", "gcp-asset", "custodian",
            "kubernetes");

    /** The {@code format} value, which is also the {@code source} of the resources it reads. */
    String name();

    Envelope envelope(String topLevelKey);

    /** Whether strings under this top-level key of a record get the JSON-in-strings expansion. */
    boolean expands(String topLevelKey);

    /** Normalises one record; lifted keys are removed from {@code record}, the rest are its properties. */
    SnapshotEntry normalise(LinkedHashMap<String, Object> record, RecordContext ctx);
}
