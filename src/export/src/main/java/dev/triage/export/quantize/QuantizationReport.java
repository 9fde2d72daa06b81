package dev.triage.export.quantize;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a rewrite did: which weights became int8, which stayed fp32 and why, and the sizes of the
 * weights before and after.
 *
 * @param options          what was asked
 * @param quantizedMatMuls MatMul and Gemm nodes now computed in int8
 * @param quantizedTables  embedding tables now stored in int8
 * @param keptFp32         nodes left in fp32, each with its reason
 * @param fusedLayerNorms  residual Add + LayerNormalization pairs written as SkipLayerNormalization
 * @param fp32WeightBytes  bytes of the initializers before
 * @param weightBytes      bytes of the initializers after
 */
public record QuantizationReport(QuantizationOptions options, List<String> quantizedMatMuls, List<String> quantizedTables,
                                 List<String> keptFp32, int fusedLayerNorms, long fp32WeightBytes, long weightBytes) {

    public QuantizationReport {
        quantizedMatMuls = List.copyOf(quantizedMatMuls);
        quantizedTables = List.copyOf(quantizedTables);
        keptFp32 = List.copyOf(keptFp32);
    }

    /** The description triage.json records under {@code quantization}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("method", QuantizationOptions.METHOD);
        json.put("weights", options.weightType() == QuantizationOptions.WeightType.INT8
                ? "int8, symmetric (zero point 0), " + options.weights().id() + " scales"
                : "uint8, symmetric around zero point 128, " + options.weights().id() + " scales");
        json.put("activations", "uint8, asymmetric, one scale per tensor computed at run time (DynamicQuantizeLinear)");
        json.put("embeddings", options.embeddings() ? "int8, symmetric, one scale per row" : "fp32");
        json.put("head", options.head() ? "int8" : "fp32");
        json.put("firstDownProjection", options.firstDownProjection() ? "int8" : "fp32");
        json.put("operators", options.operators().id());
        json.put("quantizedMatMuls", quantizedMatMuls.size());
        json.putArray("quantizedTables").addAll(quantizedTables.stream().map(JsonNodeFactory.instance::textNode).toList());
        json.put("skipLayerNormalizations", fusedLayerNorms);
        json.putArray("keptFp32").addAll(keptFp32.stream().map(JsonNodeFactory.instance::textNode).toList());
        json.put("fp32WeightBytes", fp32WeightBytes);
        json.put("weightBytes", weightBytes);
        return json;
    }
}
