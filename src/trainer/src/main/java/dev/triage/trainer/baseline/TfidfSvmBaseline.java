package dev.triage.trainer.baseline;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.evaluation.Metrics;

/**
 * The classic baseline every trained model is reported beside: TF-IDF over word 1-2-grams and a
 * linear SVM (liblinear's L2-regularised squared-hinge solver, one-vs-rest, which is what
 * scikit-learn's LinearSVC runs). A transformer that cannot beat it is not worth its cost.
 */
public final class TfidfSvmBaseline {

    private final TfidfVectorizer vectorizer;
    private final Model model;

    private TfidfSvmBaseline(TfidfVectorizer vectorizer, Model model) {
        this.vectorizer = vectorizer;
        this.model = model;
    }

    public static TfidfSvmBaseline fit(Dataset train, double c) {
        TfidfVectorizer vectorizer = TfidfVectorizer.fit(train.texts());
        Problem problem = new Problem();
        problem.l = train.size();
        problem.n = vectorizer.features() + 1; // + the bias column
        problem.bias = 1.0;
        problem.x = new Feature[train.size()][];
        problem.y = new double[train.size()];
        int[] labels = train.labelIds();
        for (int i = 0; i < train.size(); i++) {
            problem.x[i] = features(vectorizer, train.texts().get(i));
            problem.y[i] = labels[i];
        }
        Linear.disableDebugOutput();
        Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, c, 1e-4);
        return new TfidfSvmBaseline(vectorizer, Linear.train(problem, parameter));
    }

    public int predict(String text) {
        return (int) Linear.predict(model, features(vectorizer, text));
    }

    public Metrics evaluate(Dataset data) {
        int[] predicted = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            predicted[i] = predict(data.texts().get(i));
        }
        return Metrics.of(data.labels(), data.labelIds(), predicted);
    }

    /** liblinear's row: columns counted from 1, and the bias column (value 1) last, in training and prediction. */
    private static Feature[] features(TfidfVectorizer vectorizer, String text) {
        TfidfVectorizer.SparseVector vector = vectorizer.transform(text);
        int count = vector.indices().length;
        Feature[] features = new Feature[count + 1];
        for (int j = 0; j < count; j++) {
            features[j] = new FeatureNode(vector.indices()[j] + 1, vector.values()[j]);
        }
        features[count] = new FeatureNode(vectorizer.features() + 1, 1.0);
        return features;
    }
}
