package dev.triage.core.logits;

/**
 * How ONNX Runtime runs a model. Thread counts are always set explicitly: ONNX Runtime sizes its
 * pools from the host's cores, not the container's (or the Lambda's) share of them.
 *
 * @param intraOpThreads threads one operator may use
 * @param interOpThreads threads for running independent operators in parallel (1: sequential)
 * @param provider       where the graph runs
 */
public record InferenceSettings(int intraOpThreads, int interOpThreads, ExecutionProvider provider) {

    public enum ExecutionProvider {
        /** ONNX Runtime's CPU kernels; the {@code onnxruntime} artifact. */
        CPU,
        /** NVIDIA CUDA, device 0; needs the {@code onnxruntime_gpu} artifact and a GPU host. */
        CUDA
    }

    public InferenceSettings {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("thread counts must be at least 1: intra-op " + intraOpThreads
                    + ", inter-op " + interOpThreads);
        }
        if (provider == null) {
            throw new IllegalArgumentException("provider must be set");
        }
    }

    /** CPU, one intra-op thread per core the JVM sees (the JVM, unlike ONNX Runtime, honours cgroup limits). */
    public static InferenceSettings defaults() {
        return cpu(Runtime.getRuntime().availableProcessors());
    }

    public static InferenceSettings cpu(int intraOpThreads) {
        return new InferenceSettings(intraOpThreads, 1, ExecutionProvider.CPU);
    }
}
