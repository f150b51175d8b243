/// `torch.save` files, read without executing them: the zip format (PyTorch ≥ 1.6) through its
/// central directory and `<archive>/data.pkl`, the legacy format through its leading pickles. The
/// tensor data is never read; each storage a tensor uses is checked to be in the archive with
/// enough bytes, from the central directory's sizes alone.
public enum TorchCheckpointReader {
    /// `data.pkl` larger than this is refused (100 000 tensors take about 10 MB).
    static let maxPickleBytes: UInt64 = 1 << 30
    /// The legacy format's magic number, the first pickle of such a file.
    static let legacyMagic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    public static func read(path: String) throws(CheckpointError) -> Checkpoint {
        try read(PositionalFile(path: path))
    }

    public static func read(bytes: [UInt8], file: String) throws(CheckpointError) -> Checkpoint {
        try read(InMemoryBytes(file: file, bytes: bytes))
    }

    static func read(_ source: RandomAccessBytes) throws(CheckpointError) -> Checkpoint {
        let head = try source.read(at: 0, length: Int(min(source.count, 4)))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return try readZip(source)
        }
        if head.count >= 2, head[0] == 0x80 { return try readLegacy(source) }
        throw CheckpointError(file: source.file, reason: "not a torch.save file: neither a zip nor a pickle stream")
    }

    // MARK: - Zip

    static func readZip(_ source: RandomAccessBytes) throws(CheckpointError) -> Checkpoint {
        let zip = try ZipDirectory.read(source)
        guard let first = zip.entries.first, let slash = first.name.firstIndex(of: "/") else {
            throw CheckpointError(file: source.file, location: "zip", reason: "no '<archive>/…' entries: a zip file, but not one torch.save wrote")
        }
        // torch's reader takes the archive name from the first entry, and finds the rest under it.
        let archive = String(first.name[..<slash])
        let pickleName = archive + "/data.pkl"
        guard let pickleEntry = zip.entries.first(where: { $0.name == pickleName }) else {
            throw CheckpointError(file: source.file, location: "zip",
                                  reason: "no '\(pickleName)': a zip file, but not a torch.save checkpoint")
        }
        let pickle = try zip.contents(of: pickleEntry, in: source, limit: maxPickleBytes)
        let arena = PickleArena()
        defer { arena.release() }
        var machine = PickleMachine(bytes: pickle, arena: arena)
        let top: PickleValue
        do throws(PickleMachine.Failure) {
            top = try machine.run()
        } catch {
            throw CheckpointError(file: source.file, location: "\(pickleName) at byte \(error.offset)", reason: error.reason)
        }
        var sizes: [String: UInt64] = [:]
        sizes.reserveCapacity(zip.entries.count)
        let dataPrefix = archive + "/data/"
        for e in zip.entries where e.name.hasPrefix(dataPrefix) { sizes[String(e.name.dropFirst(dataPrefix.count))] = e.uncompressedSize }
        return try TorchStateDict.checkpoint(from: top, file: source.file, legacy: false) { storage throws(CheckpointError) in
            guard let size = sizes[storage.key] else {
                throw CheckpointError(file: source.file, location: "zip",
                                      reason: "storage '\(storage.key)' is used by a tensor, but there is no '\(dataPrefix)\(storage.key)' in the archive")
            }
            let needed = storage.elementCount * (TorchGlobals.elementSizes[storage.dtype] ?? 1)
            guard size >= UInt64(needed) else {
                throw CheckpointError(file: source.file, location: "zip entry '\(dataPrefix)\(storage.key)'",
                                      reason: "\(size) bytes, but its \(storage.elementCount) elements of \(storage.dtype) need \(needed)")
            }
        }
    }

    // MARK: - Legacy

    /// Four pickles: the magic number, the protocol version (1001), a sys_info dict, then the
    /// object, followed by the storage keys and the raw storages (not read). The pickles are read
    /// from a prefix of the file that doubles until they fit.
    static func readLegacy(_ source: RandomAccessBytes) throws(CheckpointError) -> Checkpoint {
        // PROTO 2, LONG1 of 10 bytes, the magic.
        let head = try source.read(at: 0, length: Int(min(source.count, 14)))
        guard head.count == 14, head[2] == 0x8A, head[3] == 0x0A, Array(head[4...]) == legacyMagic else {
            throw CheckpointError(file: source.file, reason: "a pickle file that does not start with torch.save's magic number: not a checkpoint (pickles other than torch.save's are not read)")
        }
        let limit = min(source.count, maxPickleBytes)
        var length = UInt64(1 << 16)
        while true {
            let prefixLength = min(length, limit)
            let bytes = try source.read(at: 0, length: Int(prefixLength))
            let arena = PickleArena()
            defer { arena.release() }
            var machine = PickleMachine(bytes: bytes, arena: arena)
            var stage = "the magic number"
            let top: PickleValue
            do throws(PickleMachine.Failure) {
                _ = try machine.run()
                stage = "the protocol version"
                let version = try machine.run()
                guard case .int(1001) = version else {
                    throw PickleMachine.Failure(offset: 14, reason: "the legacy protocol version is \(version.kindDescription), not 1001")
                }
                stage = "sys_info"
                _ = try machine.run()
                stage = "the checkpoint object"
                top = try machine.run()
            } catch {
                if error.endOfData, prefixLength < limit {
                    length *= 4
                    continue
                }
                throw CheckpointError(file: source.file, location: "legacy pickle (\(stage)) at byte \(error.offset)", reason: error.reason)
            }
            // The storages follow the pickles; their sizes are not in an index, so they are not checked.
            return try TorchStateDict.checkpoint(from: top, file: source.file, legacy: true) { _ throws(CheckpointError) in }
        }
    }
}
