import Testing
@testable import ParamLint

/// The `.pt` reader under the same mutations as the other readers (`CheckpointFuzzTests`): whole
/// files, and `data.pkl` alone re-zipped so that the damage reaches the pickle interpreter rather
/// than the zip checks. Every read returns or throws a CheckpointError, within a second.
@Suite struct TorchFuzzTests {
    static let corpus = ["returnn_style.pt", "legacy.pt", "protocol4.pt", "dtypes.pt", "model.003.opt.pt"]

    @Test(.timeLimit(.minutes(2)), arguments: corpus)
    func mutatedFilesNeverCrashOrHang(file: String) throws {
        let original = try TorchFixtures.bytes(file)
        var rng = SplitMix64(seed: 0x7012_C400 &+ UInt64(file.utf8.count))
        let clock = ContinuousClock()
        var accepted = 0
        for _ in 0..<1000 {
            let mutated = CheckpointFuzzTests.mutate(original, &rng)
            let start = clock.now
            if CheckpointFuzzTests.readAll(mutated, name: file) { accepted += 1 }
            #expect(clock.now - start < .seconds(1))
        }
        #expect(accepted < 1000)
    }

    @Test(.timeLimit(.minutes(2)), arguments: ["returnn_style.pt", "dtypes.pt", "protocol4.pt"])
    func mutatedPicklesReachTheInterpreter(file: String) throws {
        let entries = try TorchFixtures.entries(file)
        let index = try #require(entries.firstIndex { $0.name.hasSuffix("/data.pkl") })
        var rng = SplitMix64(seed: 0x9E11_C000 &+ UInt64(file.utf8.count))
        var reasons: [String: Int] = [:]
        let clock = ContinuousClock()
        for _ in 0..<1500 {
            var e = entries
            e[index].bytes = CheckpointFuzzTests.mutate(entries[index].bytes, &rng)
            let start = clock.now
            do { _ = try TorchCheckpointReader.read(bytes: TestZip.make(e), file: file) } catch {
                #expect(error.file == file)
                reasons[String(error.reason.prefix(20)), default: 0] += 1
            }
            #expect(clock.now - start < .seconds(1))
        }
        // many different faults were met, not one early check
        #expect(reasons.count >= 5, "\(reasons)")
    }
}
