#if canImport(Glibc)
import Glibc
#endif

/// Writes generated documentation files (the only place the library writes to disk).
public enum DocsWriter {
    public static func write(_ content: String, to path: String) throws(FileError) {
        guard let f = fopen(path, "wb") else {
            throw FileError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        let bytes = Array(content.utf8)
        if !bytes.isEmpty, fwrite(bytes, 1, bytes.count, f) != bytes.count {
            throw FileError(path: path, reason: "write failed")
        }
    }
}
