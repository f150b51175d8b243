/// The central directory of the zip container `torch.save` writes (PyTorch's `PyTorchStreamWriter`,
/// miniz underneath): stored entries only, each entry's data aligned to 64 bytes by padding in the
/// local header's extra field, zip64 records when the file or an entry passes 4 GiB or there are
/// more than 65 535 entries.
///
/// Only the end records and the central directory are read here, never an entry's data: the
/// listing needs the entry names and sizes (to check that every storage a tensor uses is there and
/// large enough), and `data.pkl`'s position. Every offset and size is checked against the file's
/// length before it is used, so a truncated file, a directory pointing past the end or a zip bomb's
/// declared sizes end in a `CheckpointError`, never in a read past the end or a huge allocation.
struct ZipDirectory {
    struct Entry {
        var name: String
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    var entries: [Entry]
    /// Where the central directory starts: every entry's data lies before it.
    var directoryOffset: UInt64

    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50
    /// A central directory larger than this is refused (100 000 tensors take about 8 MB).
    static let maxDirectoryBytes: UInt64 = 512 << 20

    static func read(_ source: RandomAccessBytes) throws(CheckpointError) -> ZipDirectory {
        let file = source.file
        func fail(_ reason: String) -> CheckpointError { CheckpointError(file: file, location: "zip", reason: reason) }
        let size = source.count
        guard size >= 22 else { throw fail("\(size) bytes is too short for a zip file: truncated") }
        // The end record is the last 22 bytes unless a comment (≤ 65 535 bytes) follows it.
        let tailLength = Int(min(size, 22 + 65_535 + 20))
        let tailStart = size - UInt64(tailLength)
        let tail = try source.read(at: tailStart, length: tailLength)
        var endPos: Int?
        var p = tailLength - 22
        while p >= 0 {
            if le32(tail, p) == endSignature, Int(le16(tail, p + 20)) == tailLength - 22 - p { endPos = p; break }
            p -= 1
        }
        guard let e = endPos else {
            throw fail("no end-of-central-directory record in the last \(tailLength) bytes: the file is truncated or not a zip")
        }
        var entryCount = UInt64(le16(tail, e + 10))
        var directorySize = UInt64(le32(tail, e + 12))
        var directoryOffset = UInt64(le32(tail, e + 16))
        let endRecordOffset = tailStart + UInt64(e)
        guard le16(tail, e + 4) == 0, le16(tail, e + 6) == 0 else { throw fail("a multi-disk zip archive") }
        // zip64: a locator just before the end record names the zip64 end record.
        if e >= 20, le32(tail, e - 20) == zip64LocatorSignature {
            let recordOffset = le64(tail, e - 20 + 8)
            guard recordOffset <= endRecordOffset - 20, endRecordOffset - 20 - recordOffset >= 56 else {
                throw fail("the zip64 end record offset \(recordOffset) is outside the file")
            }
            let record = try source.read(at: recordOffset, length: 56)
            guard le32(record, 0) == zip64EndSignature else {
                throw fail("no zip64 end record at offset \(recordOffset)")
            }
            entryCount = le64(record, 32)
            directorySize = le64(record, 40)
            directoryOffset = le64(record, 48)
        } else if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw fail("the end record defers to zip64, but there is no zip64 locator: truncated")
        }
        let directoryLimit = endRecordOffset
        guard directoryOffset <= directoryLimit, directorySize <= directoryLimit - directoryOffset else {
            throw fail("the central directory (offset \(directoryOffset), \(directorySize) bytes) runs past the end of the file (\(size) bytes): truncated or corrupt")
        }
        guard directorySize <= maxDirectoryBytes else {
            throw fail("a central directory of \(directorySize) bytes, above the limit of \(maxDirectoryBytes)")
        }
        // Each header takes at least 46 bytes: a declared count beyond that is a lie, found before
        // anything is reserved for it.
        guard entryCount <= directorySize / 46 else {
            throw fail("\(entryCount) entries declared, but the \(directorySize)-byte central directory holds at most \(directorySize / 46)")
        }
        let directory = try source.read(at: directoryOffset, length: Int(directorySize))
        var entries: [Entry] = []
        entries.reserveCapacity(Int(entryCount))
        var q = 0
        for i in 0..<entryCount {
            guard q + 46 <= directory.count, le32(directory, q) == centralSignature else {
                throw fail("central directory header \(i) of \(entryCount) is missing or damaged (at offset \(directoryOffset + UInt64(q)))")
            }
            let method = le16(directory, q + 10)
            var compressed = UInt64(le32(directory, q + 20))
            var uncompressed = UInt64(le32(directory, q + 24))
            let nameLength = Int(le16(directory, q + 28))
            let extraLength = Int(le16(directory, q + 30))
            let commentLength = Int(le16(directory, q + 32))
            var local = UInt64(le32(directory, q + 42))
            let end = q + 46 + nameLength + extraLength + commentLength
            guard end <= directory.count else { throw fail("central directory header \(i) runs past the directory's end") }
            let name = String(decoding: directory[(q + 46)..<(q + 46 + nameLength)], as: UTF8.self)
            // The zip64 extra field (id 1) holds, in this order, each of the three values whose
            // 32-bit field is saturated.
            var x = q + 46 + nameLength
            let extraEnd = x + extraLength
            while x + 4 <= extraEnd {
                let id = le16(directory, x)
                let length = Int(le16(directory, x + 2))
                let body = x + 4
                guard body + length <= extraEnd else { throw fail("entry '\(name)': an extra field runs past its header") }
                if id == 1 {
                    var f = body
                    func next() throws(CheckpointError) -> UInt64 {
                        guard f + 8 <= body + length else { throw fail("entry '\(name)': the zip64 extra field is too short") }
                        defer { f += 8 }
                        return le64(directory, f)
                    }
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if local == 0xFFFF_FFFF { local = try next() }
                }
                x = body + length
            }
            // Entries precede the central directory: a declared size or offset beyond it is a
            // truncated file or a zip bomb's header, and is refused before any use.
            guard local <= directoryOffset, compressed <= directoryOffset - local else {
                throw fail("entry '\(name)' declares \(compressed) bytes at offset \(local), past the start of the central directory at \(directoryOffset): truncated or a forged size")
            }
            if method == 0, compressed != uncompressed {
                throw fail("stored entry '\(name)' declares \(compressed) stored but \(uncompressed) uncompressed bytes")
            }
            entries.append(Entry(name: name, method: method, compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: local))
            q = end
        }
        return ZipDirectory(entries: entries, directoryOffset: directoryOffset)
    }

    /// The bytes of a stored entry (read through its local header, whose extra field may differ
    /// from the central one: that is where torch puts the alignment padding).
    func contents(of entry: Entry, in source: RandomAccessBytes, limit: UInt64) throws(CheckpointError) -> [UInt8] {
        func fail(_ reason: String) -> CheckpointError {
            CheckpointError(file: source.file, location: "zip entry '\(entry.name)'", reason: reason)
        }
        guard entry.method == 0 else {
            throw fail("compressed with method \(entry.method); torch.save writes stored entries only (was the file re-zipped?)")
        }
        guard entry.uncompressedSize <= limit else {
            throw fail("\(entry.uncompressedSize) bytes, above the limit of \(limit)")
        }
        guard entry.localHeaderOffset + 30 <= directoryOffset else { throw fail("the local header lies past the central directory") }
        let header = try source.read(at: entry.localHeaderOffset, length: 30)
        guard ZipDirectory.le32(header, 0) == ZipDirectory.localSignature else {
            throw fail("no local file header at offset \(entry.localHeaderOffset)")
        }
        let dataStart = entry.localHeaderOffset + 30 + UInt64(ZipDirectory.le16(header, 26)) + UInt64(ZipDirectory.le16(header, 28))
        guard dataStart <= directoryOffset, entry.compressedSize <= directoryOffset - dataStart else {
            throw fail("the entry's data (\(entry.compressedSize) bytes at \(dataStart)) runs into the central directory")
        }
        return try source.read(at: dataStart, length: Int(entry.compressedSize))
    }

    static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func le32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(le16(b, i)) | UInt32(le16(b, i + 2)) << 16 }
    static func le64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32 }
}

