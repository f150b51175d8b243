/// An RFC 6901 JSON Pointer: the stable address of a value in a config, whatever its front end.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// Each pointer shares its parent's tokens: appending a token is one small allocation, so a
    /// front end can give every node of a large config its pointer in one pass.
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

    private let link: Link?

    private init(link: Link?) { self.link = link }

    public init(_ tokens: [String] = []) {
        var link: Link?
        for t in tokens { link = Link(parent: link, token: t) }
        self.link = link
    }

    public var tokens: [String] {
        var out: [String] = []
        out.reserveCapacity(link?.depth ?? 0)
        var l = link
        while let current = l { out.append(current.token); l = current.parent }
        return out.reversed()
    }

    public var depth: Int { link?.depth ?? 0 }

    public static func == (a: JSONPointer, b: JSONPointer) -> Bool {
        var x = a.link, y = b.link
        guard (x?.depth ?? 0) == (y?.depth ?? 0) else { return false }
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
        var l = link
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

    public func appending(_ token: String) -> JSONPointer { JSONPointer(link: Link(parent: link, token: token)) }
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public var parent: JSONPointer? { link.map { JSONPointer(link: $0.parent) } }
    public var last: String? { link?.token }

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
