package dev.triage.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.triage.export.transformer.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face's weight files): an 8-byte little-endian header length, a
 * JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
 * Reads F32, F16 and BF16 (widened to float32); writes F32, for checkpoints.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {
    }

    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > channel.size()) {
                throw new IOException(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = header.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode info = entry.getValue();
                String dtype = info.path("dtype").asText();
                long[] shape = new long[info.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = info.path("shape").get(i).asLong();
                    count *= shape[i];
                }
                long begin = info.path("data_offsets").get(0).asLong();
                long end = info.path("data_offsets").get(1).asLong();
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "F16", "BF16" -> 2;
                    default -> -1;
                };
                if (width < 0) {
                    continue; // integer buffers such as position_ids are not weights
                }
                if ((end - begin) != count * width || dataStart + end > channel.size()) {
                    throw new IOException(file + ": tensor " + entry.getKey() + " has a byte range that does not fit its shape");
                }
                ByteBuffer raw = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, raw, dataStart + begin, file);
                raw.flip();
                float[] values = new float[(int) count];
                for (int i = 0; i < values.length; i++) {
                    values[i] = switch (dtype) {
                        case "F32" -> raw.getFloat();
                        case "F16" -> halfToFloat(raw.getShort());
                        default -> Float.intBitsToFloat((raw.getShort() & 0xffff) << 16); // BF16
                    };
                }
                tensors.put(entry.getKey(), new Tensor(shape, values));
            }
            return tensors;
        }
    }

    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        write(file, shapes, metadata, (name, channel) -> {
            float[] values = tensors.get(name).data();
            ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(values);
            writeFully(channel, data);
        });
    }

    /**
     * Writes float32 arrays straight from their native memory. A checkpoint holds every weight and
     * both AdamW moments (273 MB for MiniLM): copied into Java arrays, as {@link #write} needs, they
     * were humongous objects that grew G1's old generation by gigabytes over a run.
     */
    public static void writeNative(Path file, Map<String, NDArray> arrays, Map<String, String> metadata) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> {
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("tensor " + name + " is " + array.getDataType() + "; only float32 is written");
            }
            shapes.put(name, array.getShape().getShape());
        });
        write(file, shapes, metadata, (name, channel) -> writeFully(channel, littleEndian(nativeView(arrays.get(name)))));
    }

    /**
     * A view of a float32 array's own memory, in the platform's byte order: no copy for a contiguous
     * array, as every parameter and AdamW moment is (DJL makes a contiguous copy of any other).
     */
    public static ByteBuffer nativeView(NDArray array) {
        return array.toByteBuffer(true);
    }

    private interface TensorBytes {
        void write(String name, FileChannel channel) throws IOException;
    }

    private static void write(Path file, Map<String, long[]> shapes, Map<String, String> metadata, TensorBytes bytes)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            long count = 1;
            for (long d : entry.getValue()) {
                shape.add(d);
                count *= d;
            }
            info.putArray("data_offsets").add(offset).add(offset + count * 4);
            offset += count * 4;
        }
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        int padding = (8 - headerBytes.length % 8) % 8; // the format pads the header with spaces to 8 bytes
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer start = ByteBuffer.allocate(8 + headerBytes.length + padding).order(ByteOrder.LITTLE_ENDIAN);
            start.putLong(headerBytes.length + padding).put(headerBytes).put(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
            writeFully(channel, start.flip());
            for (String name : shapes.keySet()) {
                bytes.write(name, channel);
            }
        }
    }

    private static ByteBuffer littleEndian(ByteBuffer data) {
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return data;
        }
        ByteBuffer swapped = ByteBuffer.allocate(data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        swapped.asFloatBuffer().put(data.order(ByteOrder.nativeOrder()).asFloatBuffer());
        return swapped;
    }

    private static void writeFully(FileChannel channel, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    /** The metadata strings of a file's header. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER) {
                throw new IOException(file + ": not a safetensors file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            JsonNode meta = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8)).path("__metadata__");
            Map<String, String> result = new LinkedHashMap<>();
            meta.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
            return result;
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity or NaN
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(file + ": truncated safetensors file");
            }
            at += read;
        }
    }
}
