import Testing
@testable import ParamLint

@Suite struct CorruptCheckpointTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var reason: String
        var location: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "zero_length", reason: "file is empty"),
        Case(name: "too_short", reason: "too short to be an sstable"),
        Case(name: "truncated", reason: "bad magic number", location: "footer"),
        Case(name: "bad_magic", reason: "bad magic number", location: "footer"),
        Case(name: "data_block_checksum", reason: "block checksum mismatch", location: "data block at offset 0"),
        Case(name: "index_block_checksum", reason: "block checksum mismatch", location: "index block at offset"),
        Case(name: "handle_past_end", reason: "points past the end", location: "index block at offset"),
        Case(name: "missing_header", reason: "missing header entry", location: "entry 'Output/W_upper'"),
        Case(name: "duplicate_key", reason: "duplicate key", location: "entry 'enc/conv/W'"),
        Case(name: "unsorted_keys", reason: "keys not sorted", location: "entry 'enc/counts'"),
        Case(name: "negative_dim", reason: "negative dimension -1", location: "entry 'enc/linear/b'"),
        Case(name: "malformed_entry", reason: "does not parse as protobuf", location: "entry 'enc/linear/b'"),
        Case(name: "future_min_consumer", reason: "min consumer version 2 above current version 1", location: "header entry"),
        Case(name: "bad_consumer", reason: "disallows consumer version 1", location: "header entry"),
        Case(name: "bad_varint", reason: "malformed varint", location: "data block at offset 0, entry #1"),
        Case(name: "entry_past_block", reason: "run past the end", location: "data block at offset 0, entry #1"),
    ]

    @Test(arguments: cases)
    func corruptFixtureGivesOnePreciseError(c: Case) throws {
        let file = CheckpointFixtures.path("corrupt/\(c.name).index")
        do {
            let checkpoint = try CheckpointLoader.load(path: file)
            Issue.record("read \(checkpoint.variables.count) variables from \(c.name)")
        } catch {
            #expect(error.file == file)
            #expect(error.reason.contains(c.reason), "\(error)")
            if let location = c.location {
                #expect(error.location?.contains(location) == true, "\(error)")
            }
        }
    }

    @Test func everyCorruptFixtureIsCovered() throws {
        let listed = Set(Self.cases.map(\.name))
        let behaviour = String(decoding: try CheckpointFixtures.bytes("corrupt/tf_behaviour.json"), as: UTF8.self)
        for name in listed { #expect(behaviour.contains("\"\(name)\"")) }
    }
}
