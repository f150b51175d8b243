#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place in a config file: 1-based line and column (columns count Unicode scalars), 0-based byte offset.
public struct SourcePosition: Sendable, Hashable, Comparable {
    // Stored in 32 bits each: every value and key of a config carries two positions, and at half
    // the size a large config's tree touches much less memory. A config would need to exceed
    // 4 GiB for a position not to fit (it is then clamped, never trapped on).
    private var storedLine: UInt32
    private var storedColumn: UInt32
    private var storedOffset: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = UInt32(clamping: newValue) }
    }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
        storedOffset = UInt32(clamping: offset)
    }

    public static let start = SourcePosition(line: 1, column: 1, offset: 0)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }
}

/// A half-open range `[start, end)` of a config file.
public struct SourceRange: Sendable, Hashable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public static let empty = SourceRange(start: .start, end: .start)
}

/// Turns byte offsets into positions. Built once per file; lookups are a binary search plus a scan
/// of one line, so it is meant for the few positions a report needs, not for every node
/// (the front ends compute node positions while they scan).
public struct LineIndex: Sendable {
    public let bytes: [UInt8]
    private let lineStarts: [Int]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.lineStarts = bytes.withUnsafeBytes { raw in
            // memchr finds the newlines (a large config has tens of thousands of lines); they are
            // counted first, so that the array is allocated once.
            func forEachNewline(_ body: (Int) -> Void) {
                guard let base = raw.baseAddress else { return }
                var at = 0
                while at < raw.count, let hit = memchr(base + at, 0x0A, raw.count - at) {
                    let i = base.distance(to: UnsafeRawPointer(hit))
                    body(i)
                    at = i + 1
                }
            }
            var count = 1
            forEachNewline { _ in count += 1 }
            var starts: [Int] = []
            starts.reserveCapacity(count)
            starts.append(0)
            forEachNewline { starts.append($0 + 1) }
            return starts
        }
    }

    public var lineCount: Int { lineStarts.count }

    public func position(ofOffset rawOffset: Int) -> SourcePosition {
        let offset = max(0, min(rawOffset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: lo + 1, column: column, offset: offset)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}
