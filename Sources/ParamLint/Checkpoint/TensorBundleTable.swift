/// The LevelDB-style SSTable that holds a TensorFlow V2 checkpoint index (`tsl/lib/io/table.cc`,
/// `block.cc`, `format.cc`): footer, block handles, blocks with their 5-byte trailer, and the
/// prefix-compressed entries inside a block. Every read is bounds-checked; every block's masked
/// CRC32C is verified when it is read. Errors carry the file and the block offset.
struct TensorBundleTable {
    static let magic: UInt64 = 0xDB47_7524_8B80_FB57
    static let footerLength = 48
    static let trailerLength = 5

    struct BlockHandle: Equatable {
        var offset: UInt64
        var size: UInt64
    }

    let bytes: UnsafeRawBufferPointer
    let file: String
    let metaindex: BlockHandle
    let index: BlockHandle

    /// Whether the last 8 bytes of `bytes` are the table magic.
    static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 8 && ByteOrder.le64(bytes, bytes.count - 8) == magic
    }

    /// Reads and checks the footer.
    init(bytes: UnsafeRawBufferPointer, file: String) throws(CheckpointError) {
        self.bytes = bytes
        self.file = file
        let n = bytes.count
        if n == 0 {
            throw CheckpointError(file: file, reason: "file is empty (0 bytes); not a TensorFlow checkpoint index")
        }
        if n < Self.footerLength {
            throw CheckpointError(
                file: file,
                reason: "file is too short to be an sstable (\(n) bytes; the footer alone is 48): truncated or not a checkpoint index")
        }
        guard Self.hasMagic(bytes) else {
            let got = (n - 8..<n).map { hex2(bytes[$0]) }.joined(separator: " ")
            throw CheckpointError(
                file: file, location: "footer at offset \(n - Self.footerLength)",
                reason: "not an sstable (bad magic number: last 8 bytes are \(got), expected 57 fb 80 8b 24 75 47 db); the file is truncated or not a checkpoint index")
        }
        let footerStart = n - Self.footerLength
        var wire = ProtobufWire(bytes, range: footerStart..<(n - 8))
        guard let mo = wire.varint(), let ms = wire.varint(), let io = wire.varint(), let isz = wire.varint() else {
            throw CheckpointError(
                file: file, location: "footer at offset \(footerStart)",
                reason: "malformed block handle in the footer (bad varint)")
        }
        metaindex = BlockHandle(offset: mo, size: ms)
        index = BlockHandle(offset: io, size: isz)
    }

    /// The contents of the block at `handle` (without the trailer), after checking that it lies
    /// before the footer, that its type byte is 0 (uncompressed), and its masked CRC32C.
    func block(_ handle: BlockHandle, kind: String) throws(CheckpointError) -> Range<Int> {
        let limit = UInt64(bytes.count - Self.footerLength)
        let (end, o1) = handle.offset.addingReportingOverflow(handle.size)
        let (endWithTrailer, o2) = end.addingReportingOverflow(UInt64(Self.trailerLength))
        guard !o1, !o2, endWithTrailer <= limit else {
            throw CheckpointError(
                file: file, location: "\(kind) block at offset \(handle.offset)",
                reason: "block handle (offset \(handle.offset), size \(handle.size) + 5-byte trailer) points past the end of the table (\(limit) bytes before the footer); the file is truncated or the handle is corrupt")
        }
        let start = Int(handle.offset)
        let contentEnd = Int(end)
        let type = bytes[contentEnd]
        let stored = ByteOrder.le32(bytes, contentEnd + 1)
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<(contentEnd + 1)]))
        let computed = CRC32C.mask(crc)
        guard stored == computed else {
            throw CheckpointError(
                file: file, location: "\(kind) block at offset \(handle.offset)",
                reason: "block checksum mismatch (stored masked crc32c 0x\(hex8(stored)), computed 0x\(hex8(computed))): the block is corrupt")
        }
        switch type {
        case 0: break
        case 1:
            throw CheckpointError(
                file: file, location: "\(kind) block at offset \(handle.offset)",
                reason: "Snappy-compressed block: TensorFlow never writes compressed checkpoint indexes, and this reader does not decompress them")
        default:
            throw CheckpointError(
                file: file, location: "\(kind) block at offset \(handle.offset)",
                reason: "bad block type \(type) (0 = uncompressed, 1 = Snappy)")
        }
        return start..<contentEnd
    }

    /// Iterates the entries of one block. Checks TF's block invariants (`block.cc`): size ≥ 4,
    /// restart count fits, `shared ≤ previous key`, lengths within the entry area; and, beyond TF,
    /// that each restart point is an entry with `shared == 0`.
    struct BlockIterator {
        let bytes: UnsafeRawBufferPointer
        let file: String
        let location: String
        let blockStart: Int
        private let entriesEnd: Int
        private let restartsStart: Int
        private let restartCount: Int
        private var nextRestart: Int = 0
        private var position: Int
        private(set) var entryNumber = -1
        /// The current key; valid after `next()` returned true.
        private(set) var key: [UInt8]
        private(set) var value: Range<Int> = 0..<0
        /// How the current key compares with the previous key of the same block (byte order):
        /// -1 less, 0 equal, 1 greater. 1 for a block's first entry.
        private(set) var orderAfterPrevious = 1
        /// The previous key, kept only when `orderAfterPrevious <= 0` (for the error message).
        private(set) var previousKeyWhenDisordered: [UInt8] = []

        /// `key` is a reusable buffer (its capacity is kept between blocks).
        init(bytes: UnsafeRawBufferPointer, block: Range<Int>, file: String, location: String, keyBuffer: [UInt8])
            throws(CheckpointError)
        {
            self.bytes = bytes
            self.file = file
            self.location = location
            self.blockStart = block.lowerBound
            self.key = keyBuffer
            self.key.removeAll(keepingCapacity: true)
            guard block.count >= 4 else {
                throw CheckpointError(file: file, location: location, reason: "bad block contents: \(block.count) bytes, less than the 4-byte restart count")
            }
            let count = Int(ByteOrder.le32(bytes, block.upperBound - 4))
            let maxRestarts = (block.count - 4) / 4
            guard count <= maxRestarts else {
                throw CheckpointError(
                    file: file, location: location,
                    reason: "bad block contents: restart count \(count) does not fit in a \(block.count)-byte block")
            }
            restartCount = count
            restartsStart = block.upperBound - 4 - 4 * count
            entriesEnd = restartsStart
            position = block.lowerBound
            if count == 0 && entriesEnd > block.lowerBound {
                throw CheckpointError(
                    file: file, location: location,
                    reason: "bad block contents: entries but no restart points")
            }
        }

        func restart(_ i: Int) -> Int { Int(ByteOrder.le32(bytes, restartsStart + 4 * i)) }

        func fail(_ reason: String) -> CheckpointError {
            CheckpointError(file: file, location: "\(location), entry #\(entryNumber)", reason: reason)
        }

        /// Advances to the next entry; false at the end of the block.
        mutating func next() throws(CheckpointError) -> Bool {
            if position >= entriesEnd {
                if nextRestart < restartCount {
                    entryNumber += 1
                    throw fail("bad block contents: restart point \(nextRestart) (offset \(restart(nextRestart))) is not at an entry")
                }
                return false
            }
            entryNumber += 1
            let entryOffset = position - blockStart
            var wire = ProtobufWire(bytes, range: position..<entriesEnd)
            guard let shared64 = wire.varint(), let nonShared64 = wire.varint(), let valueLength64 = wire.varint()
            else {
                throw fail("bad entry in block: malformed varint in the entry header at block offset \(entryOffset)")
            }
            let previousLength = key.count
            guard shared64 <= UInt64(previousLength) else {
                throw fail("bad entry in block: shares \(shared64) key bytes with a \(previousLength)-byte previous key")
            }
            let available = UInt64(entriesEnd - wire.position)
            guard nonShared64 <= available, valueLength64 <= available - nonShared64 else {
                throw fail("bad entry in block: key (\(nonShared64) bytes) and value (\(valueLength64) bytes) run past the end of the entries (\(available) bytes left)")
            }
            let shared = Int(shared64)
            if nextRestart < restartCount {
                let r = restart(nextRestart)
                if r == entryOffset {
                    guard shared == 0 else {
                        throw fail("bad block contents: the entry at restart point \(nextRestart) has shared = \(shared), not 0")
                    }
                    nextRestart += 1
                } else if r < entryOffset {
                    throw fail("bad block contents: restart point \(nextRestart) (offset \(r)) is not at an entry")
                }
            }
            let keyStart = wire.position
            let keyEnd = keyStart + Int(nonShared64)
            let delta = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd])
            if entryNumber > 0 {
                orderAfterPrevious = key.withUnsafeBytes { k in
                    compareBytes(delta, UnsafeRawBufferPointer(rebasing: k[shared...]))
                }
                if orderAfterPrevious <= 0 { previousKeyWhenDisordered = key }
            }
            key.removeLast(previousLength - shared)
            key.append(contentsOf: delta)
            value = keyEnd..<(keyEnd + Int(valueLength64))
            position = value.upperBound
            return true
        }

        /// Hands the key buffer back for reuse.
        consuming func takeKeyBuffer() -> [UInt8] { key }
    }
}

@inline(__always) func hex2(_ b: UInt8) -> String {
    let s = String(b, radix: 16)
    return b < 16 ? "0" + s : s
}

func hex8(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 8 - s.count) + s
}

/// Unsigned byte order (memcmp): -1, 0 or 1.
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    var i = 0
    while i < n {
        let x = a[i], y = b[i]
        if x != y { return x < y ? -1 : 1 }
        i += 1
    }
    return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
}
