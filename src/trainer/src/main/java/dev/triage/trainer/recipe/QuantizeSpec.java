package dev.triage.trainer.recipe;

import dev.triage.export.quantize.QuantizationOptions;
import java.util.regex.Pattern;

/**
 * A recipe's {@code "quantize"}: {@code "dynamic-int8"}, or {@code {"method": "dynamic-int8",
 * "exclude": "regex"}} when some MatMul weights are to stay fp32, as {@code triage quantize
 * --exclude} keeps them (a model's card says which, measured on validation).
 *
 * @param method  the quantization, {@value QuantizationOptions#METHOD}
 * @param exclude MatMul/Gemm nodes whose name or weight name matches stay fp32; null: the defaults
 */
public record QuantizeSpec(String method, Pattern exclude) {

    /** The options the int8 twin is written with. */
    public QuantizationOptions options() {
        QuantizationOptions defaults = QuantizationOptions.defaults();
        return exclude == null ? defaults : defaults.withExcluded(exclude);
    }

    @Override
    public String toString() {
        return exclude == null ? method : method + ", fp32 where /" + exclude.pattern() + "/ matches";
    }
}
