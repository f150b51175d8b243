import Glibc

/// A name's first component with its separator (`enc/` for `enc/W`), or the whole name when it
/// has none: how long name lists are grouped. Membership is a byte comparison, so walking a
/// sorted list of 20 000 names builds a string only where a new scope starts.
struct NameScope {
    let name: String
    private let bytes: [UInt8]

    init(of fullName: String) {
        if let slash = fullName.utf8.firstIndex(of: UInt8(ascii: "/")) {
            name = String(fullName.utf8[...slash])!
        } else {
            name = fullName
        }
        bytes = Array(name.utf8)
    }

    /// `enc/` holds the longer names that start with it; a scope without separator only itself.
    func contains(_ fullName: String) -> Bool {
        var n = fullName
        return n.withUTF8 { nb in
            guard bytes.last == UInt8(ascii: "/") else { return nb.elementsEqual(bytes) }
            return nb.count > bytes.count && bytes.withUnsafeBufferPointer { memcmp(nb.baseAddress!, $0.baseAddress!, $0.count) == 0 }
        }
    }
}
