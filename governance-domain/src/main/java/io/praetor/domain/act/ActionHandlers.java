package io.praetor.domain.act;

import io.praetor.ports.action.ActionHandler;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The installed action handlers by name; immutable. */
public final class ActionHandlers {
    private final Map<String, ActionHandler> byName;

    public ActionHandlers(Collection<? extends ActionHandler> handlers) {
        Map<String, ActionHandler> map = new TreeMap<>();
        for (ActionHandler h : handlers) {
            if (map.put(h.name(), h) != null) throw new IllegalArgumentException("two handlers named " + h.name());
        }
        this.byName = Map.copyOf(map);
    }

    public static ActionHandlers of(ActionHandler... handlers) {
        return new ActionHandlers(java.util.List.of(handlers));
    }

    public Optional<ActionHandler> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
