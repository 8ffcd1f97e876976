package io.praetor.examples;

import com.sun.net.httpserver.HttpServer;
import io.praetor.Praetor;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.webhook.WebhookActionHandler;
import io.praetor.domain.json.ActionJson;
import io.praetor.domain.evidence.BundleVerification;
import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole loop as a library: a policy whose remediation opens a ticket through the
 * {@code http.webhook} handler, an inventory import that violates it, a dry-run plan, approval by a
 * second person, the run, and the evidence bundle verified offline. The "ticketing system" is a
 * local HTTP endpoint started here.
 *
 * <p>Run: {@code WebhookRemediation <inventory-dir>} (the folder {@code examples/inventories}).
 */
public final class WebhookRemediation {
    static final String POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: rds-not-public
              title: RDS instances are not publicly accessible
              severity: critical
            spec:
              resource: aws.rds.dbinstance
              violation: 'resource.properties.?configuration.?publiclyAccessible.orValue(false) == true'
              message: 'RDS instance ${resource.name} is publicly accessible'
              remediation:
                handler: http.webhook
                params: {endpoint: ticketing}
            """;

    /** What happened: the received ticket requests, the final action and the bundle check. */
    public record Outcome(List<String> ticketRequests, List<String> idempotencyKeys, Action action,
                          BundleVerification bundle) {}

    private WebhookRemediation() {}

    public static void main(String[] args) throws Exception {
        Outcome o = run(Path.of(args.length > 0 ? args[0] : "examples/inventories"));
        System.out.println("action " + o.action().id() + " ended " + o.action().state().wireName());
        System.out.println("ticketing endpoint received " + o.ticketRequests().size() + " request(s)");
        System.out.println("bundle verifies: " + o.bundle().ok() + (o.bundle().ok() ? "" : " " + o.bundle().problems()));
    }

    public static Outcome run(Path inventories) throws Exception {
        TenantId tenant = TenantId.of("example");
        Principal operator = new Principal("olivia", tenant, Set.of(Role.OPERATOR, Role.ADMIN));
        Principal approver = new Principal("amir", tenant, Set.of(Role.APPROVER));

        List<String> received = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer ticketing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ticketing.createContext("/tickets", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        ticketing.start();
        URI endpoint = URI.create("http://127.0.0.1:" + ticketing.getAddress().getPort() + "/tickets");
        try (InMemoryAdapters adapters = InMemoryAdapters.create(InstantSource.system());
             Praetor praetor = Praetor.builder().ports(adapters)
                     .handler(new WebhookActionHandler(Map.of("ticketing", endpoint)))
                     .build().start()) {
            praetor.policies().putPolicy(operator, "rds-not-public", POLICY);
            try (InputStream in = Files.newInputStream(inventories.resolve("aws-config-snapshot.json"))) {
                praetor.inventory().importSnapshot(operator, SnapshotImport.of("aws-config"), in);
            }
            Finding finding = praetor.findings().findings(operator,
                    FindingQuery.all().withStatus(FindingStatus.OPEN).withPolicy("rds-not-public"),
                    PageRequest.firstPage()).items().getFirst();

            Action action = praetor.actions().requestAction(operator,
                    ActionRequest.forFinding(finding.id(), true, "open a ticket for the DB team"));
            awaitState(praetor, operator, action.id(), ActionState.PLANNED);
            praetor.actions().approve(approver, action.id(), "ticket is fine");
            praetor.actions().run(operator, action.id());
            Action done = awaitState(praetor, operator, action.id(), ActionState.COMPLETED);

            byte[] bundle = praetor.bundles().write(tenant, done);
            return new Outcome(List.copyOf(received), List.copyOf(keys), done, BundleVerifier.verify(bundle));
        } finally {
            ticketing.stop(0);
        }
    }

    /**
     * Waits until the action is in {@code state} and the ledger records that transition: the executor
     * appends its ledger entry just after the transition commits, so a bundle written the instant
     * the state shows could still lack it.
     */
    private static Action awaitState(Praetor praetor, Principal who, String id, ActionState state)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Action a = praetor.actions().action(who, id);
            if (a.state() == state && recorded(praetor, who, a)) return a;
            // A final state other than the one awaited will not change; the awaited one may still be
            // waiting for its ledger entry, so keep polling for that until the deadline.
            if ((a.state().isFinal() && a.state() != state) || System.nanoTime() > deadline) {
                throw new IOException("action " + id + " is " + a.state().wireName() + ", expected " + state.wireName()
                        + a.result().map(r -> ": " + r.message()).orElse(""));
            }
            Thread.sleep(20);
        }
    }

    private static boolean recorded(Praetor praetor, Principal who, Action a) {
        ActionEvent last = praetor.actions().events(who, a.id(), a.lastSeq() - 1, 1).getFirst();
        String anchor = ActionJson.eventSha256(last);
        long size = praetor.ledger().size(who.tenant());
        return praetor.ledger().read(who.tenant(), 0, (int) size).stream()
                .anyMatch(leaf -> leaf.entry().payloadSha256().equals(anchor));
    }
}
