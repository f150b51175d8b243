import Testing
@testable import ParamLint

/// Mutates real fixture bytes (bit flips, truncations, random byte runs, insertions, deletions;
/// for TF indexes also mutations with the block checksums repaired, so they reach the entry
/// decoder) and reads every result: each read must return or throw a CheckpointError — no crash,
/// no hang. Deterministic: SplitMix64 with fixed seeds; a failing case is named by its seed.
@Suite struct CheckpointFuzzTests {
    static let corpus = [
        "returnn_style_saver/model.ckpt-5.index",
        "partitioned/model.ckpt-1.index",
        "object_based/ckpt-1.index",
        "sharded_tf2/ckpt-1.index",
        "safetensors/model.safetensors",
        "returnn_style_saver/model.ckpt-5.expected.json",
    ]

    enum Mutation: CaseIterable { case bitFlips, truncate, byteRun, insert, delete }

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        guard !b.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
        switch Mutation.allCases.randomElement(using: &rng) ?? .bitFlips {
        case .bitFlips:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let i = Int.random(in: 0..<b.count, using: &rng)
                b[i] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            }
        case .truncate:
            b.removeLast(Int.random(in: 1...b.count, using: &rng))
        case .byteRun:
            let i = Int.random(in: 0..<b.count, using: &rng)
            let n = min(Int.random(in: 1...16, using: &rng), b.count - i)
            let fill: UInt8 = [0x00, 0xFF, 0x80, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng) ?? 0
            let random = Bool.random(using: &rng)
            for k in i..<(i + n) { b[k] = random ? UInt8.random(in: 0...255, using: &rng) : fill }
        case .insert:
            let i = Int.random(in: 0...b.count, using: &rng)
            b.insert(contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: i)
        case .delete:
            let i = Int.random(in: 0..<b.count, using: &rng)
            b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...8, using: &rng)))
        }
        return b
    }

    /// The content ranges of every block of a valid TF index (the index block and the data blocks).
    static func blocks(_ bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBytes { raw in
            guard let table = try? TensorBundleTable(bytes: raw, file: "f"),
                  let index = try? table.block(table.index, kind: "index"),
                  var it = try? TensorBundleTable.BlockIterator(bytes: raw, block: index, file: "f", location: "i", keyBuffer: [])
            else { return [] }
            var out = [index]
            while (try? it.next()) == true {
                var w = ProtobufWire(raw, range: it.value)
                if let o = w.varint(), let s = w.varint() { out.append(Int(o)..<Int(o + s)) }
            }
            return out
        }
    }

    /// Rewrites the trailer checksum of `block`.
    static func repairChecksum(_ b: inout [UInt8], _ block: Range<Int>) {
        guard block.upperBound + 5 <= b.count else { return }
        let crc = CRC32C.mask(CRC32C.checksum(Array(b[block.lowerBound...block.upperBound])))
        for k in 0..<4 { b[block.upperBound + 1 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
    }

    static func readAll(_ bytes: [UInt8], name: String) -> Bool {
        var ok = false
        do { _ = try CheckpointLoader.read(bytes, file: name); ok = true } catch { _ = error.reason }
        // and every reader directly, whatever the content
        _ = try? TensorBundle.parse(bytes, file: name)
        _ = try? Safetensors.parse(bytes, file: name)
        _ = try? TextListing.parse(bytes, file: name)
        _ = try? JSONListing.parse(bytes, file: name)
        _ = try? TorchCheckpointReader.read(bytes: bytes, file: name)
        return ok
    }

    @Test(.timeLimit(.minutes(2)), arguments: corpus)
    func mutatedFixturesNeverCrashOrHang(fixture: String) throws {
        let original = try CheckpointFixtures.bytes(fixture)
        var rng = SplitMix64(seed: 0x5EED_0000 &+ UInt64(fixture.utf8.count))
        let clock = ContinuousClock()
        var accepted = 0
        let cases = 1500
        for _ in 0..<cases {
            let mutated = Self.mutate(original, &rng)
            let start = clock.now
            if Self.readAll(mutated, name: fixture) { accepted += 1 }
            #expect(clock.now - start < .seconds(1))
        }
        #expect(accepted < cases)
    }

    @Test(.timeLimit(.minutes(2)), arguments: corpus.filter { $0.hasSuffix(".index") })
    func mutationsBehindValidChecksumsReachTheDecoder(fixture: String) throws {
        let original = try CheckpointFixtures.bytes(fixture)
        let blocks = Self.blocks(original)
        try #require(blocks.count >= 2)
        var rng = SplitMix64(seed: 0xC0FFEE &+ UInt64(fixture.utf8.count))
        var errors: [String: Int] = [:]
        for _ in 0..<1500 {
            var b = original
            let pick = Int.random(in: 0..<blocks.count, using: &rng)
            let block = blocks[pick]
            guard !block.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: block, using: &rng)
                if Bool.random(using: &rng) {
                    b[i] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                } else {
                    b[i] = [0x00, 0x7F, 0x80, 0xFF].randomElement(using: &rng) ?? 0
                }
            }
            Self.repairChecksum(&b, block)
            do { _ = try TensorBundle.parse(b, file: fixture) } catch {
                // a damaged index block may point anywhere; a damaged data block is read as repaired
                if pick > 0 { #expect(!error.reason.contains("checksum"), "\(error)") }
                errors[String(error.reason.prefix(24)), default: 0] += 1
            }
        }
        // the decoder saw many kinds of damage, not only one
        #expect(errors.count >= 4, "\(errors)")
    }

    @Test(.timeLimit(.minutes(1)))
    func randomBytesAndTextNeverCrash() {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("ab/_ [],?#\"\\\t\n0123456789-float32 {}:".utf8)
        for i in 0..<2000 {
            let n = Int.random(in: 0...200, using: &rng)
            let bytes: [UInt8] = i % 2 == 0
                ? (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                : (0..<n).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            _ = Self.readAll(bytes, name: "random")
            // a table magic glued onto random bytes goes all the way into the TF reader
            var tf = bytes + [UInt8](repeating: 0, count: 40)
            tf += [0x57, 0xFB, 0x80, 0x8B, 0x24, 0x75, 0x47, 0xDB]
            _ = try? TensorBundle.parse(tf, file: "magic")
        }
    }
}
