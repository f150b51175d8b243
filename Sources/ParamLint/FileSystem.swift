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
            let opened: (fd: Int32, size: Int64)
            do {
                opened = try RegularFile.open(path, limit: RegularFile.configLimit)
            } catch {
                throw FileError(path: name, reason: error.reason)
            }
            fd = opened.fd
            // The size as stat saw it: the chunks then need no regrowing (the file may still change).
            bytes.reserveCapacity(Int(max(0, opened.size)))
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
            if Int64(bytes.count) > RegularFile.configLimit {
                // A file that grows while read, or standard input without end.
                throw FileError(path: name, reason: "is more than the \(RegularFile.sizeText(RegularFile.configLimit)) the linter reads of a config")
            }
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

/// Why a path is not opened: it is not a regular file, or larger than the linter reads.
public struct RegularFileRefusal: Error, Sendable {
    public var reason: String
}

/// The one gate every file the linter reads goes through. A config or checkpoint path comes from
/// anyone's config: a FIFO would block the run, a device (`/dev/zero`) or `/proc` entry would be
/// read without end, and a huge file would be read whole; none of them is opened.
public enum RegularFile {
    public static let configLimit: Int64 = 64 << 20
    public static let checkpointLimit: Int64 = 4 << 30

    /// An open descriptor and the file's size; the caller closes it.
    public static func open(_ path: String, limit: Int64?) throws(RegularFileRefusal) -> (fd: Int32, size: Int64) {
        var link = stat()
        guard lstat(path, &link) == 0 else { throw RegularFileRefusal(reason: reason(errno)) }
        var st = stat()
        guard stat(path, &st) == 0 else {
            let code = errno
            if (link.st_mode & S_IFMT) == S_IFLNK {
                if code == ELOOP { throw RegularFileRefusal(reason: "is a symbolic link loop") }
                if code == ENOENT { throw RegularFileRefusal(reason: "is a symbolic link to a file that does not exist") }
            }
            throw RegularFileRefusal(reason: reason(code))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw RegularFileRefusal(reason: "is a directory")
        case S_IFIFO: throw RegularFileRefusal(reason: "is a FIFO (named pipe), not a regular file; it is not read")
        case S_IFCHR, S_IFBLK: throw RegularFileRefusal(reason: "is a device, not a regular file; it is not read")
        case S_IFSOCK: throw RegularFileRefusal(reason: "is a socket, not a regular file; it is not read")
        default: throw RegularFileRefusal(reason: "is not a regular file; it is not read")
        }
        // /proc files claim to be regular (size 0, endless or unreadable contents).
        var proc = stat()
        if stat("/proc", &proc) == 0, proc.st_dev == st.st_dev {
            throw RegularFileRefusal(reason: "is in /proc, not a file on disk; it is not read")
        }
        if let limit, Int64(st.st_size) > limit {
            throw RegularFileRefusal(reason: "is \(sizeText(Int64(st.st_size))), more than the \(sizeText(limit)) the linter reads of such a file")
        }
        // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, open does not wait.
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw RegularFileRefusal(reason: reason(errno)) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, (opened.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw RegularFileRefusal(reason: "is not a regular file; it is not read")
        }
        return (fd, Int64(opened.st_size))
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ELOOP: return "is a symbolic link loop"
        default: return DiskFileSystem.errnoText(code)
        }
    }

    static func sizeText(_ n: Int64) -> String {
        if n >= 1 << 30, n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20 {
            let tenths = n * 10 / (1 << 20)
            return tenths % 10 == 0 ? "\(tenths / 10) MiB" : "\(tenths / 10).\(tenths % 10) MiB"
        }
        return "\(n) bytes"
    }
}

/// `open(2)`, under a name that `RegularFile.open` does not shadow.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
