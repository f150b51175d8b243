#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes that can be read at any offset without reading what lies before: a `.pt` file is listed
/// from its tail (the zip central directory) and its `data.pkl`, never from its tensor data, so a
/// 10 GB checkpoint costs a few reads of a few KB to MB each.
protocol RandomAccessBytes {
    /// The display name in errors.
    var file: String { get }
    var count: UInt64 { get }
    /// Exactly `length` bytes at `offset`; the caller has checked the range against `count`.
    func read(at offset: UInt64, length: Int) throws(CheckpointError) -> [UInt8]
}

/// An open file read with `pread`.
final class PositionalFile: RandomAccessBytes {
    let file: String
    let count: UInt64
    private let fd: Int32

    init(path: String) throws(CheckpointError) {
        file = path
        // Read in place, so no size limit; but only a regular file is opened.
        let opened: (fd: Int32, size: Int64)
        do {
            opened = try RegularFile.open(path, limit: nil)
        } catch {
            throw CheckpointError(file: path, reason: error.reason)
        }
        fd = opened.fd
        count = UInt64(max(opened.size, 0))
    }

    deinit { close(fd) }

    func read(at offset: UInt64, length: Int) throws(CheckpointError) -> [UInt8] {
        guard length > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                pread(fd, raw.baseAddress! + done, length - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw CheckpointError(file: file, reason: "cannot read at offset \(offset): \(FileBytes.errnoText())")
            }
            if n == 0 {
                throw CheckpointError(file: file, reason: "the file ended at \(offset + UInt64(done)) while reading \(length) bytes at \(offset) (it shrank while being read?)")
            }
            done += n
        }
        return buffer
    }
}

/// Bytes already in memory (tests, and the loader's in-memory path).
struct InMemoryBytes: RandomAccessBytes {
    let file: String
    let bytes: [UInt8]
    var count: UInt64 { UInt64(bytes.count) }

    func read(at offset: UInt64, length: Int) throws(CheckpointError) -> [UInt8] {
        let start = Int(offset)
        return Array(bytes[start..<(start + length)])
    }
}
