import Testing
@testable import ParamLint

@Suite struct TensorBundleTests {
    @Test(arguments: CheckpointFixtures.tfPrefixes)
    func fixtureAgreesWithTensorFlow(prefix: String) throws {
        let expected = try CheckpointFixtures.expected(prefix + ".expected.json")
        let checkpoint = try TensorBundle.read(path: CheckpointFixtures.path(prefix + ".index"))
        #expect(checkpoint.format == .tfIndex)
        #expect(checkpoint.variables.count == expected.count)
        #expect(checkpoint.variables == expected)
        // through the loader, by prefix, exactly as tf.train.list_variables(prefix)
        let viaPrefix = try CheckpointLoader.load(path: CheckpointFixtures.path(prefix))
        #expect(viaPrefix.variables == expected)
    }

    @Test func mixedDTypesAndNames() throws {
        let c = try TensorBundle.read(path: CheckpointFixtures.path("returnn_style_saver/model.ckpt-5.index"))
        #expect(c["global_step"] == CheckpointVariable(name: "global_step", dtype: "int64", shape: []))
        #expect(c["enc/conv/W"]?.dtype == "bfloat16")
        #expect(c["enc/linear/W"]?.dtype == "float16")
        #expect(c["enc/empty"]?.shape == [0, 3])
        #expect(c["misc/ümläut/W"]?.shape == [2])
        #expect(c["enc/vocab"]?.dtype == "string")
    }

    @Test func partitionedVariablesListedOnceWithFullShape() throws {
        let c = try TensorBundle.read(path: CheckpointFixtures.path("partitioned/model.ckpt-1.index"))
        #expect(c.names == ["dec/W", "dec/b", "enc/embedding/W", "enc/proj"])
        #expect(c["enc/embedding/W"]?.shape == [10, 4])
        let index = try TensorBundle.parse(try CheckpointFixtures.bytes("partitioned/model.ckpt-1.index"), file: "p")
        #expect(index.entryCount > c.variables.count + 1)  // the slice entries are there, hidden
    }

    @Test func objectBasedKeysListedAsTheyAre() throws {
        let c = try TensorBundle.read(path: CheckpointFixtures.path("object_based/ckpt-1.index"))
        #expect(c.contains("_CHECKPOINTABLE_OBJECT_GRAPH"))
        #expect(c.names.contains { $0.hasSuffix("/.ATTRIBUTES/VARIABLE_VALUE") })
    }

    @Test func headerOfShardedCheckpoint() throws {
        let index = try TensorBundle.parse(try CheckpointFixtures.bytes("sharded/model.ckpt-3.index"), file: "s")
        #expect(index.header.numShards == 2)
        #expect(index.header.producer == 1)
        #expect(index.header.endianness == .little)
    }

    @Test func twentyThousandVariablesSpanSeveralBlocks() throws {
        let index = try TensorBundle.parse(try CheckpointFixtures.bytes("many_20k/many.index"), file: "m")
        #expect(index.variables.count == 20001)
        #expect(index.dataBlockCount == 3)
    }

    @Test func bigEndianHeaderIsAcceptedAsTensorFlowDoes() throws {
        let index = try TensorBundle.parse(try CheckpointFixtures.bytes("derived/big_endian.index"), file: "b")
        #expect(index.header.endianness == .big)
    }

    @Test func crc32cCheckValueAndMask() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
        for v: UInt32 in [0, 1, 0xDEAD_BEEF, 0xFFFF_FFFF] { #expect(CRC32C.unmask(CRC32C.mask(v)) == v) }
        // slice-by-8 and the byte loop agree on every length and alignment
        var rng = SplitMix64(seed: 7)
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for n in 0..<data.count {
            let whole = CRC32C.checksum(Array(data[0..<n]))
            var running: UInt32 = 0
            for b in data[0..<n] { running = CRC32C.checksum([b], continuing: running) }
            #expect(whole == running)
        }
    }

    @Test func sliceKeyMatchesTensorFlowEncoding() {
        // spec example: enc/embedding/W [10,4] rows [4,7) cols full-as-explicit [0,4)
        let key = TensorBundleSliceKey.encode(
            name: Array("enc/embedding/W".utf8),
            slice: [SliceExtent(start: 4, length: 3), SliceExtent(start: 0, length: 4)])
        #expect(key == [0x00] + Array("enc/embedding/W".utf8) + [0x00, 0x01, 0x01, 0x02, 0x84, 0x83, 0x80, 0x84])
        var out: [UInt8] = []
        TensorBundleSliceKey.writeSignedNumIncreasing(-1, into: &out)
        #expect(out == [0x7F])
        out = []
        TensorBundleSliceKey.writeSignedNumIncreasing(64, into: &out)
        #expect(out == [0xC0, 0x40])
        out = []
        TensorBundleSliceKey.writeSignedNumIncreasing(-65, into: &out)
        #expect(out == [0x3F, 0xBF])
        out = []
        TensorBundleSliceKey.writeSignedNumIncreasing(Int64.max, into: &out)
        #expect(out.count == 10)
    }

    @Test func dtypeNames() {
        #expect(TensorFlowDType.name(1) == "float32")
        #expect(TensorFlowDType.name(19) == "float16")
        #expect(TensorFlowDType.name(14) == "bfloat16")
        #expect(TensorFlowDType.name(101) == "float32_ref")
        #expect(TensorFlowDType.name(99) == "unknown_dtype_99")
        #expect(TensorFlowDType.name(0) == nil)
    }
}
