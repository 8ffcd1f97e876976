package io.praetor.domain.detect;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.inventory.Resource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AWS Config configuration items: a snapshot file ({@code configurationItems}), one change
 * notification ({@code configurationItem}), a list of items, or items as the Config API returns
 * them ({@code arn}, {@code accountId}, {@code configuration} as a JSON string), all read alike.
 *
 * <p>{@code observed_at} is the item's {@code configurationItemCaptureTime} (the time AWS Config
 * recorded it); items whose {@code configurationItemStatus} is {@code ResourceDeleted} (or
 * {@code ResourceDeletedNotRecorded}) delete their resource.
 */
final class AwsConfigFormat implements RecordFormat {
    private static final Set<String> LIFTED = Set.of("ARN", "arn", "resourceType", "resourceName", "awsRegion",
            "awsAccountId", "accountId", "tags");

    // One instance reads one import (see InventoryReader), so a plain map caches its few type names.
    private final java.util.HashMap<String, String> types = new java.util.HashMap<>();

    @Override
    public String name() {
        return "aws-config";
    }

    @Override
    public Envelope envelope(String key) {
        return switch (key) {
            case "configurationItems" -> Envelope.LIST_OF_RECORDS;
            case "configurationItem" -> Envelope.ONE_RECORD;
            default -> Envelope.NONE;
        };
    }

    @Override
    public boolean expands(String key) {
        return !LIFTED.contains(key);
    }

    @Override
    public SnapshotEntry normalise(LinkedHashMap<String, Object> item, RecordContext ctx) {
        if (!item.containsKey("resourceType") && item.containsKey("messageType")) {
            throw ctx.invalid("configurationItem", "a notification without a configurationItem ("
                    + item.get("messageType") + "); oversized notifications carry only a summary");
        }
        String resourceType = ctx.liftString(item, "resourceType");
        String type = types.get(resourceType);
        if (type == null) {
            type = typeOf(resourceType, ctx);
            types.put(resourceType, type);
        }
        String arn = ctx.liftString(item, "ARN");
        String apiArn = ctx.liftString(item, "arn");
        String id = !arn.isEmpty() ? arn : !apiArn.isEmpty() ? apiArn : ctx.text(item.get("resourceId"), "resourceId");
        if (id.isEmpty()) {
            throw ctx.invalid("ARN", "an item needs an ARN or a resourceId");
        }
        String name = ctx.liftString(item, "resourceName");
        String region = ctx.regionOr(ctx.liftString(item, "awsRegion"));
        String account = ctx.liftString(item, "awsAccountId");
        String apiAccount = ctx.liftString(item, "accountId");
        account = ctx.accountOr(account.isEmpty() ? apiAccount : account);
        Map<String, String> tags = ctx.tagMap(item.remove("tags"), "tags");
        var observedAt = ctx.timeOr(item.get("configurationItemCaptureTime"), "configurationItemCaptureTime");
        Object status = item.get("configurationItemStatus");
        if ("ResourceDeleted".equals(status) || "ResourceDeletedNotRecorded".equals(status)) {
            return new SnapshotEntry.Deleted(id, type, name(), account, region, observedAt);
        }
        return new SnapshotEntry.Present(Resource.of(id, type, name, region, account, tags,
                JsonTreeReader.immutableObject(item), name(), observedAt));
    }

    /** {@code AWS::S3::Bucket} → {@code aws.s3.bucket}. */
    static String typeOf(String resourceType, RecordContext ctx) {
        String[] parts = resourceType.split("::", -1);
        if (parts.length != 3 || !parts[0].equalsIgnoreCase("AWS") || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw ctx.invalid("resourceType", resourceType.isEmpty() ? "missing"
                    : "expected AWS::<Service>::<Kind>, found " + resourceType);
        }
        return ("aws." + parts[1] + "." + parts[2]).toLowerCase(Locale.ROOT);
    }
}
