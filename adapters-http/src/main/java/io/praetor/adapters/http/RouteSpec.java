package io.praetor.adapters.http;

import io.praetor.ports.Role;
import java.util.Set;

/**
 * One route of the API: method, Javalin path template, who may call it (empty = no token needed;
 * otherwise any one of the roles), what body it reads, a one-line summary for the OpenAPI document,
 * and the endpoint.
 */
record RouteSpec(String method, String path, Set<Role> anyOf, BodyKind body, String summary, Endpoint endpoint) {
    RouteSpec {
        anyOf = Set.copyOf(anyOf);
    }

    boolean open() {
        return anyOf.isEmpty();
    }

    /** What the route reads: nothing, JSON, a policy (YAML or JSON), or an inventory file (own size limit). */
    enum BodyKind { NONE, JSON, POLICY, INVENTORY }

    @FunctionalInterface
    interface Endpoint {
        Reply handle(Call call);
    }
}
