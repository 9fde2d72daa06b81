package dev.triage.trainer.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TF-IDF over word 1- and 2-grams, with scikit-learn's TfidfVectorizer defaults, so the baseline
 * means what users of that stack expect: lower-cased tokens of two or more word characters, raw
 * term counts, smoothed idf {@code ln((1+n)/(1+df)) + 1}, rows scaled to unit L2 norm.
 */
public final class TfidfVectorizer {

    private static final Pattern TOKEN = Pattern.compile("(?U)\\b\\w\\w+\\b");

    private final Map<String, Integer> vocabulary;
    private final double[] idf;

    private TfidfVectorizer(Map<String, Integer> vocabulary, double[] idf) {
        this.vocabulary = vocabulary;
        this.idf = idf;
    }

    public static TfidfVectorizer fit(List<String> texts) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String text : texts) {
            for (String term : new java.util.HashSet<>(terms(text))) {
                documentFrequency.merge(term, 1, Integer::sum);
            }
        }
        // Sorted terms give stable column numbers, so results never depend on hash order.
        Map<String, Integer> vocabulary = new HashMap<>();
        double[] idf = new double[documentFrequency.size()];
        int column = 0;
        for (Map.Entry<String, Integer> entry : new TreeMap<>(documentFrequency).entrySet()) {
            vocabulary.put(entry.getKey(), column);
            idf[column] = Math.log((1.0 + texts.size()) / (1.0 + entry.getValue())) + 1.0;
            column++;
        }
        return new TfidfVectorizer(vocabulary, idf);
    }

    /** A text's sparse vector: column indices ascending, with their values. */
    public SparseVector transform(String text) {
        TreeMap<Integer, Double> counts = new TreeMap<>();
        for (String term : terms(text)) {
            Integer index = vocabulary.get(term);
            if (index != null) {
                counts.merge(index, 1.0, Double::sum);
            }
        }
        int[] indices = new int[counts.size()];
        double[] values = new double[counts.size()];
        double norm = 0;
        int i = 0;
        for (Map.Entry<Integer, Double> entry : counts.entrySet()) {
            indices[i] = entry.getKey();
            values[i] = entry.getValue() * idf[entry.getKey()];
            norm += values[i] * values[i];
            i++;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < values.length; j++) {
                values[j] /= norm;
            }
        }
        return new SparseVector(indices, values);
    }

    public int features() {
        return idf.length;
    }

    /** Unigrams then bigrams of adjacent tokens, as scikit-learn's ngram_range=(1, 2). */
    static List<String> terms(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        List<String> terms = new ArrayList<>(tokens);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            terms.add(tokens.get(i) + " " + tokens.get(i + 1));
        }
        return terms;
    }

    /** Column indices (ascending) and values of a sparse row. */
    public record SparseVector(int[] indices, double[] values) {
    }
}
