package io.flotilla.overlay.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rotates each name's answer so that every answer starts one address further. Not thread-safe. */
final class RoundRobin {

    // Names come from clients; forgetting every position now and then keeps memory bounded
    // and only restarts rotations at the first address.
    private static final int MAX_TRACKED_NAMES = 4096;

    private final Map<String, Integer> nextStartByName = new HashMap<>();

    <T> List<T> next(String name, List<T> items) {
        if (items.isEmpty()) {
            return items;
        }
        if (nextStartByName.size() >= MAX_TRACKED_NAMES && !nextStartByName.containsKey(name)) {
            nextStartByName.clear();
        }
        int start = nextStartByName.getOrDefault(name, 0) % items.size();
        nextStartByName.put(name, (start + 1) % items.size());
        List<T> rotated = new ArrayList<>(items.size());
        rotated.addAll(items.subList(start, items.size()));
        rotated.addAll(items.subList(0, start));
        return rotated;
    }
}
