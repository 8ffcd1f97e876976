package io.praetor.domain.detect;

import static io.praetor.domain.detect.Samples.at;
import static io.praetor.domain.detect.Samples.format;
import static io.praetor.domain.detect.Samples.readExample;
import static io.praetor.domain.detect.Samples.readText;
import static io.praetor.domain.detect.Samples.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureResourceGraphFormatTest {
    private static final String SUB = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333";

    @Test
    void cliOutput_liftsIdNameTypeLocationSubscriptionAndTags() {
        ParsedSnapshot snapshot = readExample(format("azure-resource-graph"), "azure-resource-graph.json");

        assertThat(snapshot.received()).isEqualTo(6);
        Resource sa = resource(snapshot, SUB + "/resourceGroups/rg-web/providers/Microsoft.Storage/storageAccounts/acmewebstatic");
        assertThat(sa.type()).isEqualTo("azure.storage.storageaccounts");
        assertThat(sa.provider()).isEqualTo("azure");
        assertThat(sa.name()).isEqualTo("acmewebstatic");
        assertThat(sa.region()).isEqualTo("westeurope");
        assertThat(sa.account()).isEqualTo("0b1f6471-1bf0-4dda-aec3-111122223333");
        assertThat(sa.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "web", "env", "prod"));
        assertThat(sa.source()).isEqualTo("azure-resource-graph");
        // Resource Graph has no capture time.
        assertThat(sa.observedAt()).isEqualTo(Samples.IMPORT_TIME);
        assertThat(sa.properties()).doesNotContainKeys("id", "name", "type", "location", "subscriptionId", "tags");
        assertThat(sa.properties()).containsEntry("resourceGroup", "rg-web").containsEntry("plan", null);
        assertThat(at(sa.properties(), "properties", "allowBlobPublicAccess")).isEqualTo(true);
        assertThat(at(sa.properties(), "properties", "minimumTlsVersion")).isEqualTo("TLS1_0");
    }

    @Test
    void typeCasingAndNestedTypes_normaliseToLowerDottedNames() {
        ParsedSnapshot snapshot = readExample(format("azure-resource-graph"), "azure-resource-graph.json");

        Resource lake = resource(snapshot, SUB + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/acmedatalake");
        assertThat(lake.type()).isEqualTo("azure.storage.storageaccounts");
        Resource db = resource(snapshot, SUB + "/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-orders/databases/orders");
        assertThat(db.type()).isEqualTo("azure.sql.servers.databases");
        assertThat(db.tags()).isEmpty();
        assertThat(at(db.properties(), "properties", "maxSizeBytes")).isEqualTo(34359738368L);
        assertThat(at(db.properties(), "sku", "capacity")).isEqualTo(2L);
        Resource nsg = resource(snapshot, SUB + "/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/nsg-jumpbox");
        assertThat(nsg.type()).isEqualTo("azure.network.networksecuritygroups");
        // tags: null means no tags
        assertThat(nsg.tags()).isEmpty();
        assertThat(at(nsg.properties(), "properties", "securityRules", "0", "properties", "sourceAddressPrefix"))
                .isEqualTo("*");
        Resource vault = resource(snapshot,
                "/subscriptions/7d3a2f10-5c4b-4e6d-8f9a-444455556666/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-acme-shared");
        assertThat(vault.account()).isEqualTo("7d3a2f10-5c4b-4e6d-8f9a-444455556666");
        assertThat(at(vault.properties(), "properties", "enablePurgeProtection")).isNull();
        Resource vm = resource(snapshot, SUB + "/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-jumpbox-01");
        assertThat(vm.tags()).containsEntry("patch-group", "");
    }

    @Test
    void restBodyAndBareList_areAccepted() {
        ParsedSnapshot rest = readText(format("azure-resource-graph"), """
                {"totalRecords":1,"count":1,"data":[{"id":"/subscriptions/s/x","name":"x","type":"Microsoft.Web/sites",
                "location":"eastus","subscriptionId":"s","tags":{"n":1,"b":true,"z":null}}],"facets":[],"resultTruncated":"false"}
                """);
        Resource site = resource(rest, "/subscriptions/s/x");
        assertThat(site.type()).isEqualTo("azure.web.sites");
        assertThat(site.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("n", "1", "b", "true", "z", ""));

        ParsedSnapshot bare = readText(format("azure-resource-graph"),
                "[{\"id\":\"/subscriptions/s/y\",\"name\":\"y\",\"type\":\"microsoft.web/sites\"}]");
        assertThat(resource(bare, "/subscriptions/s/y").region()).isEmpty();
    }

    @Test
    void rowWithoutType_isRejected() {
        assertThatThrownBy(() -> readText(format("azure-resource-graph"), "{\"data\":[{\"id\":\"/x\"}]}"))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).extracting(i -> i.field()).containsExactly("type");
                });
    }
}
