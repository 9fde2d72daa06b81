package dev.triage.core;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.triage.core.bundle.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes small but real bundles for tests: a bag-of-embeddings ONNX graph (embedding lookup, masked
 * mean, linear layer) that ONNX Runtime runs for real, the MiniLM WordPiece tokenizer.json, and a
 * config.json laid out as Hugging Face Optimum writes it (extra keys and files included).
 */
public final class TinyBundle {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int VOCAB = 30522;
    private static final int WIDTH = 8;

    private List<String> labels = List.of("sadness", "joy", "love", "anger", "fear", "surprise");
    private int logitsWidth = -1;
    private boolean tokenTypeInput = true;
    private String extraInput;
    private String problemType = "single_label_classification";
    private boolean manifest = true;
    private Integer maxSequenceLength = 16;
    private long seed = 42;

    public static TinyBundle builder() {
        return new TinyBundle();
    }

    public TinyBundle labels(String... labels) {
        this.labels = List.of(labels);
        return this;
    }

    /** Makes the graph's logits this wide whatever config.json says (to build inconsistent bundles). */
    public TinyBundle logitsWidth(int width) {
        this.logitsWidth = width;
        return this;
    }

    /** DistilBERT-style graphs take no token_type_ids. */
    public TinyBundle withoutTokenTypeInput() {
        this.tokenTypeInput = false;
        return this;
    }

    /** Adds an int64 input no tokenizer can give. */
    public TinyBundle extraInput(String name) {
        this.extraInput = name;
        return this;
    }

    public TinyBundle multiLabel() {
        this.problemType = "multi_label_classification";
        return this;
    }

    /** An Optimum export has no triage.json. */
    public TinyBundle withoutManifest() {
        this.manifest = false;
        return this;
    }

    public TinyBundle maxSequenceLength(Integer length) {
        this.maxSequenceLength = length;
        return this;
    }

    public TinyBundle seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("model.onnx"), graph().toByteArray());
            try (InputStream tokenizer = TinyBundle.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
                Files.copy(tokenizer, dir.resolve("tokenizer.json"));
            }
            JSON.writeValue(dir.resolve("config.json").toFile(), config());
            // Optimum writes these too; a bundle loader must not trip over them.
            Files.writeString(dir.resolve("special_tokens_map.json"), "{\"cls_token\": \"[CLS]\"}");
            Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");
            if (manifest) {
                writeManifest(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode config() {
        ObjectNode config = JSON.createObjectNode();
        config.put("_name_or_path", "tiny-test-model");
        config.putArray("architectures").add("BertForSequenceClassification");
        config.put("hidden_size", WIDTH);
        config.put("max_position_embeddings", 512);
        config.put("model_type", "bert");
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        config.put("problem_type", problemType);
        config.put("torch_dtype", "float32");
        config.put("transformers_version", "4.46.0");
        return config;
    }

    private void writeManifest(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "triage-bundle/1");
        root.put("name", "tiny");
        root.put("version", "3");
        if (maxSequenceLength != null) {
            root.put("maxSequenceLength", maxSequenceLength);
        }
        ObjectNode files = root.putObject("files");
        for (String file : List.of("model.onnx", "config.json", "tokenizer.json")) {
            files.put(file, Sha256.of(dir.resolve(file)));
        }
        JSON.writeValue(dir.resolve("triage.json").toFile(), root);
    }

    private ModelProto graph() {
        int width = logitsWidth > 0 ? logitsWidth : labels.size();
        Random random = new Random(seed);
        GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny");
        graph.addInput(intInput("input_ids"));
        graph.addInput(intInput("attention_mask"));
        List<String> embedded = new ArrayList<>(List.of("token_vectors"));
        graph.addInitializer(floats("embedding", new long[] {VOCAB, WIDTH}, random, VOCAB * WIDTH));
        graph.addNode(node("Gather", List.of("embedding", "input_ids"), "token_vectors"));
        if (tokenTypeInput) {
            graph.addInput(intInput("token_type_ids"));
            graph.addInitializer(floats("type_embedding", new long[] {2, WIDTH}, random, 2 * WIDTH));
            graph.addNode(node("Gather", List.of("type_embedding", "token_type_ids"), "type_vectors"));
            graph.addNode(node("Add", List.of("token_vectors", "type_vectors"), "summed_vectors"));
            embedded.set(0, "summed_vectors");
        }
        if (extraInput != null) {
            graph.addInput(intInput(extraInput));
        }
        // masked mean over the sequence (opset 13: axes are inputs)
        graph.addInitializer(longs("axis1", 1));
        graph.addInitializer(longs("axis2", 2));
        graph.addNode(node("Cast", List.of("attention_mask"), "mask_f", attr("to", TensorProto.DataType.FLOAT_VALUE)));
        graph.addNode(node("Unsqueeze", List.of("mask_f", "axis2"), "mask_3d"));
        graph.addNode(node("Mul", List.of(embedded.get(0), "mask_3d"), "masked"));
        graph.addNode(node("ReduceSum", List.of("masked", "axis1"), "sum", attr("keepdims", 0)));
        graph.addNode(node("ReduceSum", List.of("mask_3d", "axis1"), "count", attr("keepdims", 0)));
        graph.addNode(node("Div", List.of("sum", "count"), "pooled"));
        graph.addInitializer(floats("weight", new long[] {width, WIDTH}, random, width * WIDTH));
        graph.addInitializer(floats("bias", new long[] {width}, random, width));
        graph.addNode(node("Gemm", List.of("pooled", "weight", "bias"), "logits", attr("transB", 1)));
        graph.addOutput(ValueInfoProto.newBuilder().setName("logits").setType(tensorType(TensorProto.DataType.FLOAT_VALUE,
                dim("batch_size"), TensorShapeProto.Dimension.newBuilder().setDimValue(width).build())));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("triage-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    private static ValueInfoProto intInput(String name) {
        return ValueInfoProto.newBuilder().setName(name)
                .setType(tensorType(TensorProto.DataType.INT64_VALUE, dim("batch_size"), dim("sequence_length"))).build();
    }

    private static TypeProto tensorType(int elemType, TensorShapeProto.Dimension... dims) {
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType)
                .setShape(TensorShapeProto.newBuilder().addAllDim(List.of(dims)))).build();
    }

    private static TensorShapeProto.Dimension dim(String symbol) {
        return TensorShapeProto.Dimension.newBuilder().setDimParam(symbol).build();
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static TensorProto floats(String name, long[] dims, Random random, int count) {
        ByteBuffer bytes = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bytes.putFloat((float) random.nextGaussian());
        }
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    private static TensorProto longs(String name, long value) {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(1)
                .setRawData(ByteString.copyFrom(bytes.array())).build();
    }
}
