#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading whole files and asking what is on disk, with POSIX calls only (no Foundation on the
/// hot path: `lint vars` must start and finish in milliseconds).
enum FileBytes {
    enum Kind: Sendable { case missing, regular, directory, other }

    static func kind(_ path: String) -> Kind {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool { kind(path) != .missing }

    /// The whole file, read once. The error names the file and says why (errno's text).
    static func read(_ path: String) throws(CheckpointError) -> [UInt8] {
        let opened: (fd: Int32, size: Int64)
        do {
            opened = try RegularFile.open(path, limit: RegularFile.checkpointLimit)
        } catch {
            throw CheckpointError(file: path, reason: error.reason)
        }
        let fd = opened.fd
        defer { close(fd) }
        var capacity = max(Int(opened.size), 0) + 1  // +1: notice growth / read to EOF in one pass
        var buffer = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == capacity {
                capacity = capacity * 2
                buffer.append(contentsOf: repeatElement(0, count: capacity - buffer.count))
            }
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return systemRead(fd, base + count, capacity - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw CheckpointError(file: path, reason: "cannot read: \(errnoText())")
            }
            if n == 0 { break }
            count += n
            if Int64(count) > RegularFile.checkpointLimit {
                throw CheckpointError(file: path, reason: "is more than the \(RegularFile.sizeText(RegularFile.checkpointLimit)) the linter reads of such a file")
            }
        }
        buffer.removeLast(buffer.count - count)
        return buffer
    }

    private static func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, p, n)
        #elseif canImport(Musl)
        return Musl.read(fd, p, n)
        #else
        return Darwin.read(fd, p, n)
        #endif
    }

    static func errnoText() -> String {
        guard let s = strerror(errno) else { return "error \(errno)" }
        return String(cString: s)
    }
}

/// `withUnsafeBytes` with a typed error.
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(CheckpointError) -> R)
    throws(CheckpointError) -> R
{
    let result: Result<R, CheckpointError> = bytes.withUnsafeBytes { raw in
        do throws(CheckpointError) { return .success(try body(raw)) } catch { return .failure(error) }
    }
    return try result.get()
}
