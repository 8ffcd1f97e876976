package io.praetor.domain.detect;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.inventory.Resource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloud Custodian's {@code resources.json}: a list of the records the cloud's describe calls return,
 * for the one Custodian resource type named by {@code type=}. Custodian keeps no capture time per
 * record, so {@code observed_at} is the import time.
 */
final class CustodianFormat implements RecordFormat {
    /** A supported Custodian resource type: Praetor's type name and the key holding its native id. */
    record Kind(String praetorType, String idKey) {}

    static final Map<String, Kind> KINDS = orderedKinds();

    private final String custodianType;
    private final Kind kind;

    private CustodianFormat(String custodianType, Kind kind) {
        this.custodianType = custodianType;
        this.kind = kind;
    }

    /** The format for {@code type=}; MALFORMED (400) when it is missing or not supported. */
    static CustodianFormat forType(java.util.Optional<String> type) {
        String supported = String.join(", ", KINDS.keySet());
        if (type.isEmpty() || type.get().isBlank()) {
            throw new PraetorException(ErrorCode.MALFORMED, "the custodian format needs type= (the Custodian "
                    + "resource type); supported: " + supported,
                    List.of(InputIssue.field("type", "required for custodian; supported: " + supported)));
        }
        Kind kind = KINDS.get(type.get());
        if (kind == null) {
            throw new PraetorException(ErrorCode.MALFORMED, "unsupported Custodian resource type " + type.get()
                    + "; supported: " + supported,
                    List.of(InputIssue.field("type", "unsupported: " + type.get() + "; supported: " + supported)));
        }
        return new CustodianFormat(type.get(), kind);
    }

    @Override
    public String name() {
        return "custodian";
    }

    @Override
    public Envelope envelope(String key) {
        return Envelope.NONE;
    }

    @Override
    public boolean expands(String key) {
        return !key.equals("Tags");
    }

    @Override
    public SnapshotEntry normalise(LinkedHashMap<String, Object> record, RecordContext ctx) {
        String nativeId = ctx.text(record.get(kind.idKey()), kind.idKey());
        String arn = ctx.text(record.containsKey("Arn") ? record.get("Arn") : record.get("ARN"), "Arn");
        String id = arn.isEmpty() ? nativeId : arn;
        if (id.isEmpty()) {
            throw ctx.invalid(kind.idKey(), "a " + custodianType + " record needs Arn or " + kind.idKey());
        }
        String[] arnParts = arn.split(":", 6);
        String arnRegion = arnParts.length == 6 ? arnParts[3] : "";
        String arnAccount = arnParts.length == 6 ? arnParts[4] : "";
        String region = recordRegion(record).orElseGet(() -> ctx.request().region().orElse(arnRegion));
        String account = ctx.request().account().orElse(arnAccount);
        Map<String, String> tags = tags(record.remove("Tags"), ctx);
        return new SnapshotEntry.Present(Resource.of(id, kind.praetorType(), nativeId, region, account, tags,
                JsonTreeReader.immutableObject(record), name(), ctx.importTime()));
    }

    /** S3 buckets say where they are: LocationConstraint null is us-east-1, the legacy EU is eu-west-1. */
    private java.util.Optional<String> recordRegion(Map<String, Object> record) {
        if (!custodianType.equals("aws.s3") || !(record.get("Location") instanceof Map<?, ?> location)) {
            return java.util.Optional.empty();
        }
        Object constraint = location.get("LocationConstraint");
        if (constraint == null || "".equals(constraint)) {
            return java.util.Optional.of("us-east-1");
        }
        if ("EU".equals(constraint)) {
            return java.util.Optional.of("eu-west-1");
        }
        return constraint instanceof String s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    private static Map<String, String> tags(Object tags, RecordContext ctx) {
        if (tags == null) {
            return Map.of();
        }
        if (!(tags instanceof List<?> list)) {
            throw ctx.invalid("Tags", "expected a list of {Key, Value}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> tag) || !(tag.get("Key") instanceof String key)) {
                throw ctx.invalid("Tags", "every tag needs a string Key");
            }
            out.put(key, RecordContext.tagValue(tag.get("Value")));
        }
        return out;
    }

    private static Map<String, Kind> orderedKinds() {
        LinkedHashMap<String, Kind> kinds = new LinkedHashMap<>();
        kinds.put("aws.s3", new Kind("aws.s3.bucket", "Name"));
        kinds.put("aws.ec2", new Kind("aws.ec2.instance", "InstanceId"));
        kinds.put("aws.security-group", new Kind("aws.ec2.securitygroup", "GroupId"));
        kinds.put("aws.ebs", new Kind("aws.ec2.volume", "VolumeId"));
        kinds.put("aws.rds", new Kind("aws.rds.dbinstance", "DBInstanceIdentifier"));
        kinds.put("aws.iam-user", new Kind("aws.iam.user", "UserName"));
        return Collections.unmodifiableMap(kinds);
    }
}
