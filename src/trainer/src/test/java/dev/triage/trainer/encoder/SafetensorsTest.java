package dev.triage.trainer.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.triage.export.transformer.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsFloat32WithMetadata() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Map.of("a.weight", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f})),
                Map.of("epoch", "2"));
        Map<String, Tensor> read = Safetensors.read(file);
        assertThat(read.get("a.weight").shape()).containsExactly(2, 3);
        assertThat(read.get("a.weight").data()).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(Safetensors.metadata(file)).containsEntry("epoch", "2");
    }

    @Test
    void writesArraysFromTheirNativeMemoryAsTheCopyingWriterDoes() throws Exception {
        float[] values = {0.25f, -1e-30f, 3e38f, 7, -0f, 1.5f};
        Path fromNative = dir.resolve("native.safetensors");
        Path fromCopy = dir.resolve("copy.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(values, new Shape(3, 2));
            NDArray moment = manager.zeros(new Shape(4)).addi(2);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("w", array);
            arrays.put("optimizer.m.w", moment);
            Safetensors.writeNative(fromNative, arrays, Map.of("format", "test"));
            Map<String, Tensor> copies = new LinkedHashMap<>();
            copies.put("w", new Tensor(new long[] {3, 2}, values));
            copies.put("optimizer.m.w", new Tensor(new long[] {4}, new float[] {2, 2, 2, 2}));
            Safetensors.write(fromCopy, copies, Map.of("format", "test"));

            assertThat(Files.readAllBytes(fromNative)).isEqualTo(Files.readAllBytes(fromCopy));
            assertThat(Safetensors.read(fromNative).get("w").data()).containsExactly(values);
            assertThatThrownBy(() -> Safetensors.writeNative(dir.resolve("ints.safetensors"),
                    Map.of("ids", manager.create(new int[] {1, 2})), Map.of()))
                    .hasMessageContaining("tensor ids is int32");
        }
    }

    @Test
    void widensHalfAndBfloat16() throws Exception {
        // F16 1.5 = 0x3E00, -2 = 0xC000; BF16 1.5 = 0x3FC0, 0.5 = 0x3F00
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + headerBytes.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(headerBytes.length).put(headerBytes);
        file.putShort((short) 0x3E00).putShort((short) 0xC000).putShort((short) 0x3FC0).putShort((short) 0x3F00).putLong(7);
        Path path = dir.resolve("half.safetensors");
        Files.write(path, file.array());
        Map<String, Tensor> read = Safetensors.read(path);
        assertThat(read.get("h").data()).containsExactly(1.5f, -2f);
        assertThat(read.get("b").data()).containsExactly(1.5f, 0.5f);
        assertThat(read).doesNotContainKey("ids");
    }

    @Test
    void refusesATruncatedFile() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, Map.of("a", new Tensor(new long[] {1000}, new float[1000])), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Safetensors.read(file)).hasMessageContaining("does not fit its shape");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Safetensors.read(file)).hasMessageContaining("truncated safetensors file");
    }
}
