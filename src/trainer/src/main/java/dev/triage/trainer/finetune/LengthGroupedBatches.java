package dev.triage.trainer.finetune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The batches of one epoch: a seeded shuffle, then, when grouping by length, the shuffled examples
 * are cut into mega-batches of {@value #MEGA_BATCH} batches, each sorted by length and cut into
 * batches, and the batches shuffled again (the idea of Hugging Face's group_by_length). Batches
 * then hold texts of similar length, so dynamic padding pads little, while every epoch still sees
 * the examples in a new order. The same seed and epoch always give the same batches, which is what
 * lets a resumed run continue exactly where it stopped.
 */
public final class LengthGroupedBatches {

    static final int MEGA_BATCH = 50;

    private LengthGroupedBatches() {
    }

    public static List<int[]> of(int[] lengths, int batchSize, boolean groupByLength, long seed, int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        List<int[]> batches = new ArrayList<>();
        if (!groupByLength) {
            cut(order, batchSize, batches);
            return batches;
        }
        int megaSize = batchSize * MEGA_BATCH;
        for (int start = 0; start < order.size(); start += megaSize) {
            List<Integer> mega = new ArrayList<>(order.subList(start, Math.min(order.size(), start + megaSize)));
            mega.sort(Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
            cut(mega, batchSize, batches);
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private static void cut(List<Integer> indices, int batchSize, List<int[]> batches) {
        for (int start = 0; start < indices.size(); start += batchSize) {
            batches.add(indices.subList(start, Math.min(indices.size(), start + batchSize)).stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
