/// An RFC 6901 JSON Pointer: the stable address of a value in a config, whatever its front end.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// Each pointer shares its parent's tokens: appending a token is at most one small allocation,
    /// so a front end can give every node of a large config its pointer in one pass.
    final class Link: Sendable {
        let parent: Link?
        let token: String
        let depth: Int

        init(parent: Link?, token: String) {
            self.parent = parent
            self.token = token
            self.depth = (parent?.depth ?? 0) + 1
        }
    }

    /// The tokens before the last one.
    private let head: Link?
    /// The last token (nil only for the root). It is kept out of `head` so that a leaf value's
    /// pointer needs no allocation of its own: most nodes of a config are leaves.
    private let tail: String?

    private init(head: Link?, tail: String?) {
        self.head = head
        self.tail = tail
    }

    public init(_ tokens: [String] = []) {
        var link: Link?
        for t in tokens.dropLast() { link = Link(parent: link, token: t) }
        self.init(head: link, tail: tokens.last)
    }

    /// All tokens as one chain, for pointers below this one (one allocation, except for the root).
    var chain: Link? {
        guard let tail else { return head }
        return Link(parent: head, token: tail)
    }

    /// The pointer of a child of the pointer whose `chain` this is: no allocation.
    init(below chain: Link?, token: String) {
        self.init(head: chain, tail: token)
    }

    public var tokens: [String] {
        guard let tail else { return [] }
        var out: [String] = [tail]
        out.reserveCapacity(depth)
        var l = head
        while let current = l { out.append(current.token); l = current.parent }
        return out.reversed()
    }

    public var depth: Int { tail == nil ? 0 : (head?.depth ?? 0) + 1 }

    public static func == (a: JSONPointer, b: JSONPointer) -> Bool {
        guard a.depth == b.depth, a.tail == b.tail else { return false }
        var x = a.head, y = b.head
        while let p = x, let q = y {
            if p === q { return true }
            if p.token != q.token { return false }
            x = p.parent
            y = q.parent
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(depth)
        guard let tail else { return }
        hasher.combine(tail)
        var l = head
        while let current = l { hasher.combine(current.token); l = current.parent }
    }

    public static let root = JSONPointer()

    /// Parses `"/a/b~1c"`; returns nil for text that is not a pointer.
    public init?(parsing text: String) {
        if text.isEmpty { self.init([]); return }
        guard text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let c = iterator.next() {
                if c == "~" {
                    switch iterator.next() {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil
                    }
                } else {
                    token.append(c)
                }
            }
            tokens.append(token)
        }
        self.init(tokens)
    }

    public func appending(_ token: String) -> JSONPointer { JSONPointer(below: chain, token: token) }
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public var parent: JSONPointer? {
        guard tail != nil else { return nil }
        return JSONPointer(head: head?.parent, tail: head?.token)
    }

    public var last: String? { tail }

    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

private extension String {
    func replacingOccurrences(of target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
