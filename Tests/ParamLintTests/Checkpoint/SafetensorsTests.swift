import Testing
@testable import ParamLint

@Suite struct SafetensorsTests {
    @Test func fixtureAgreesWithTheSafetensorsLibrary() throws {
        let expected = try CheckpointFixtures.expected("safetensors/model.expected.json")
        let c = try CheckpointLoader.load(path: CheckpointFixtures.path("safetensors/model.safetensors"))
        #expect(c.format == .safetensors)
        #expect(c.variables == expected)
        #expect(c["decoder.weight"]?.dtype == "bfloat16")
        #expect(!c.contains("__metadata__"))
    }

    static func file(_ header: String, data: Int = 0, length: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        let n = length ?? UInt64(h.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + [UInt8](repeating: 0, count: data)
    }

    @Test(arguments: [
        (file("{}", length: 1000), "runs past the end"),
        (file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", data: 4), "outside the 4 bytes"),
        (file("{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", data: 8), "needs 12"),
        (file("{\"a\": {\"dtype\": \"F32\", \"shape\": [-3], \"data_offsets\": [0, 0]}}"), "non-negative"),
        (file("{\"a\": {\"shape\": [1], \"data_offsets\": [0, 0]}}"), "missing dtype"),
        (file("{\"a\": 1}"), "not an object"),
        (file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}"), "invalid JSON header"),
        ([1, 0, 0], "too short"),
    ])
    func badHeaders(bytes: [UInt8], reason: String) {
        do {
            _ = try Safetensors.parse(bytes, file: "m.safetensors")
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func metadataSkippedAndDtypesMapped() throws {
        let bytes = Self.file("""
            {"__metadata__": {"format": "pt"}, "w": {"dtype": "BF16", "shape": [2, 2], "data_offsets": [0, 8]},
             "n": {"dtype": "I64", "shape": [], "data_offsets": [8, 16]}, "q": {"dtype": "F8_E4M3", "shape": [1], "data_offsets": [16, 17]}}
            """, data: 17)
        let v = try Safetensors.parse(bytes, file: "m")
        let byName = Dictionary(uniqueKeysWithValues: v.map { ($0.name, $0) })
        #expect(byName["w"] == CheckpointVariable(name: "w", dtype: "bfloat16", shape: [2, 2]))
        #expect(byName["n"] == CheckpointVariable(name: "n", dtype: "int64", shape: []))
        #expect(byName["q"]?.dtype == "float8_e4m3fn")
        #expect(byName.count == 3)
    }
}
