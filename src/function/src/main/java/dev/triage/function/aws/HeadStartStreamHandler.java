package dev.triage.function.aws;

import dev.triage.function.model.SessionHeadStart;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * Lambda's handler for the JVM flavours: Funqy's own, which boots Quarkus as it is constructed, with
 * the built-in model's ONNX session begun on a thread of its own first, as the class is initialised
 * (docs/benchmarks.md, "Cold start and soak"). The native flavour does not use a handler class.
 */
public class HeadStartStreamHandler extends FunqyStreamHandler {

    static {
        SessionHeadStart.beginForThisProcess();
    }
}
