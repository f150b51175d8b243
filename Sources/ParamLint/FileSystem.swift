#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read, as one sentence naming it.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// What the linter asks of the disk. RETURNN's own existence checks (`P.meta`, `model.NNN.index`)
/// go through here, so tests and rule examples can supply a world of their own.
public protocol FileSystem: Sendable {
    func fileExists(_ path: String) -> Bool
    func directoryExists(_ path: String) -> Bool
    func readFile(_ path: String) throws(FileError) -> [UInt8]
}

/// The real disk; relative paths resolve against `workingDirectory` (the current one when nil), as
/// RETURNN resolves them against its working directory.
public struct DiskFileSystem: FileSystem {
    public var workingDirectory: String?

    public init(workingDirectory: String? = nil) {
        self.workingDirectory = workingDirectory
    }

    public func resolve(_ path: String) -> String {
        guard let wd = workingDirectory, !path.hasPrefix("/") else { return path }
        return wd.hasSuffix("/") ? wd + path : wd + "/" + path
    }

    public func fileExists(_ path: String) -> Bool {
        var st = stat()
        return stat(resolve(path), &st) == 0
    }

    public func directoryExists(_ path: String) -> Bool {
        var st = stat()
        return stat(resolve(path), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public func readFile(_ path: String) throws(FileError) -> [UInt8] {
        try Self.read(resolve(path), shownAs: path)
    }

    /// Reads a whole file (or standard input for "-") without Foundation.
    public static func read(_ path: String, shownAs shown: String? = nil) throws(FileError) -> [UInt8] {
        let name = shown ?? path
        let fd: Int32
        var bytes: [UInt8] = []
        if path == "-" {
            fd = 0
        } else {
            var st = stat()
            guard stat(path, &st) == 0 else { throw FileError(path: name, reason: errnoText(errno)) }
            if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: name, reason: "is a directory") }
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw FileError(path: name, reason: errnoText(errno)) }
            // The size as stat saw it: the chunks then need no regrowing (the file may still change).
            bytes.reserveCapacity(Int(max(0, st.st_size)))
        }
        defer { if fd != 0 { close(fd) } }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: name, reason: errnoText(errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    static func errnoText(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or directory"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory"
        default: return String(cString: strerror(code))
        }
    }
}

/// An in-memory world for rule examples and tests: these files exist, with these contents.
public struct MemoryFileSystem: FileSystem {
    public var files: [String: [UInt8]]

    public init(files: [String: [UInt8]] = [:]) {
        self.files = files
    }

    public func fileExists(_ path: String) -> Bool { files[path] != nil || directoryExists(path) }

    public func directoryExists(_ path: String) -> Bool {
        if path == "." || path.isEmpty { return true }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) }
    }

    public func readFile(_ path: String) throws(FileError) -> [UInt8] {
        guard let bytes = files[path] else { throw FileError(path: path, reason: "no such file or directory") }
        return bytes
    }
}
