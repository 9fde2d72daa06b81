package dev.triage.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Labelled texts with their labels turned into indices of a fixed label list. A label outside the
 * list is an error that names the example and the allowed labels: a typo in the data must never
 * become a new class silently.
 */
public final class Dataset {

    private final List<LabelledText> examples;
    private final List<String> labels;
    private final int[] labelIds;

    private Dataset(List<LabelledText> examples, List<String> labels, int[] labelIds) {
        this.examples = examples;
        this.labels = labels;
        this.labelIds = labelIds;
    }

    /**
     * Indexes examples by {@code labels}. A label given as a number is read as an index into
     * {@code labels} (as Hugging Face data sets store class labels).
     */
    public static Dataset of(List<LabelledText> examples, List<String> labels) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        int[] ids = new int[examples.size()];
        List<LabelledText> normalised = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            LabelledText example = examples.get(i);
            Integer id = index.get(example.label());
            if (id == null && example.label().matches("\\d{1,6}")) {
                int asIndex = Integer.parseInt(example.label());
                id = asIndex < labels.size() ? asIndex : null;
            }
            if (id == null) {
                throw new DataFormatException(example.source() + ": unknown label '" + example.label()
                        + "'; the labels are " + labels);
            }
            ids[i] = id;
            normalised.add(new LabelledText(example.text(), labels.get(id), example.source()));
        }
        return new Dataset(Collections.unmodifiableList(normalised), List.copyOf(labels), ids);
    }

    /** The labels that occur in the examples, sorted, for data that comes without a label list. */
    public static List<String> labelsIn(List<LabelledText> examples) {
        TreeSet<String> labels = new TreeSet<>();
        examples.forEach(e -> labels.add(e.label()));
        return List.copyOf(labels);
    }

    public List<LabelledText> examples() {
        return examples;
    }

    public List<String> texts() {
        return examples.stream().map(LabelledText::text).toList();
    }

    public List<String> labels() {
        return labels;
    }

    /** Gold label index of each example. */
    public int[] labelIds() {
        return labelIds.clone();
    }

    public int size() {
        return examples.size();
    }

    /** Examples per label, in label order. */
    public int[] labelCounts() {
        int[] counts = new int[labels.size()];
        for (int id : labelIds) {
            counts[id]++;
        }
        return counts;
    }
}
