package io.gbmesh.protocol.manscdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One element of a parsed MANSCDP body: its trimmed text and its children by name. Attributes such as
 * {@code Num} in {@code <DeviceList Num="2">} are children too, since MANSCDP never gives an attribute
 * and a child element the same name. Lookups ignore case: devices send {@code Alarmstatus} for
 * {@code AlarmStatus}, {@code DeviceId} for {@code DeviceID}.
 */
public final class ManscdpElement {

    private final String name;
    private final String text;
    private final Map<String, List<ManscdpElement>> children;
    /**
     * The spellings of the children's names, found ignoring case ({@link String#CASE_INSENSITIVE_ORDER}
     * equals exactly where {@link String#equalsIgnoreCase} does), in document order: a lookup is a few
     * comparisons, not a case-insensitive comparison with every child (a catalog item is read by
     * twenty names over a dozen children, a page by hundreds of items).
     */
    private final Map<String, List<String>> spellings;

    ManscdpElement(String name, String text, Map<String, List<ManscdpElement>> children) {
        this.name = name;
        this.text = text == null ? "" : text.strip();
        Map<String, List<ManscdpElement>> copy = new LinkedHashMap<>();
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        children.forEach((key, list) -> {
            copy.put(key, List.copyOf(list));
            byName.computeIfAbsent(key, k -> new ArrayList<>(1)).add(key);
        });
        this.children = Collections.unmodifiableMap(copy);
        this.spellings = byName;
    }

    public String name() {
        return name;
    }

    /** The element's own text, trimmed; empty for {@code <Name></Name>} and for container elements. */
    public String text() {
        return text;
    }

    /** Names of the children as sent, in document order. */
    public Set<String> childNames() {
        return children.keySet();
    }

    /** Every child with this name, ignoring case, in document order per spelling. */
    public List<ManscdpElement> children(String childName) {
        List<String> names = spellings.get(childName);
        if (names == null) {
            return List.of();
        }
        if (names.size() == 1) {
            return children.get(names.get(0));
        }
        // the exact spelling first, then the others in document order
        List<ManscdpElement> found = new ArrayList<>(children.getOrDefault(childName, List.of()));
        for (String spelling : names) {
            if (!spelling.equals(childName)) {
                found.addAll(children.get(spelling));
            }
        }
        return List.copyOf(found);
    }

    /** The first child with this name, ignoring case. */
    public Optional<ManscdpElement> child(String childName) {
        List<ManscdpElement> all = children(childName);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The trimmed text of the first child with this name; present but empty for an empty element. */
    public Optional<String> childText(String childName) {
        return child(childName).map(ManscdpElement::text);
    }

    /** The child's text, or {@code ""} when the child is absent or empty. */
    public String childTextOrEmpty(String childName) {
        return childText(childName).orElse("");
    }

    @Override
    public String toString() {
        return "<" + name + ">" + (text.isEmpty() ? children.keySet() : text);
    }
}
