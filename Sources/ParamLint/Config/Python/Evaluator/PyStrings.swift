/// str methods over Unicode scalars (Python indexes code points, not grapheme clusters).
enum PyStrings {
    static func isPyWhitespace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func find(_ s: String, _ n: String, from: Int) -> Int? {
        let h = Array(s.unicodeScalars), k = Array(n.unicodeScalars)
        return find(h, k, from: from, to: h.count)
    }

    static func find(_ h: [Unicode.Scalar], _ k: [Unicode.Scalar], from: Int, to: Int) -> Int? {
        if k.isEmpty { return from <= to ? from : nil }
        var i = max(0, from)
        while i + k.count <= to {
            if h[i] == k[0], h[i..<i + k.count].elementsEqual(k) { return i }
            i += 1
        }
        return nil
    }

    static func rfind(_ h: [Unicode.Scalar], _ k: [Unicode.Scalar], from: Int, to: Int) -> Int? {
        var i = to - k.count
        while i >= max(0, from) {
            if h[i..<i + k.count].elementsEqual(k) { return i }
            i -= 1
        }
        return nil
    }

    static func strip(_ s: String, _ chars: String?, left: Bool = true, right: Bool = true) -> String {
        let a = Array(s.unicodeScalars)
        let set = chars.map { Set($0.unicodeScalars) }
        func strippable(_ c: Unicode.Scalar) -> Bool { set.map { $0.contains(c) } ?? isPyWhitespace(c) }
        var lo = 0, hi = a.count
        if left { while lo < hi, strippable(a[lo]) { lo += 1 } }
        if right { while hi > lo, strippable(a[hi - 1]) { hi -= 1 } }
        return String(String.UnicodeScalarView(a[lo..<hi]))
    }

    static func string(_ a: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(a)) }

    static func split(_ s: String, _ sep: String?, maxsplit: Int, fromRight: Bool) -> [String] {
        let a = Array(s.unicodeScalars)
        var out: [String] = []
        if let sep {
            let k = Array(sep.unicodeScalars)
            if !fromRight {
                var start = 0, splits = 0
                while maxsplit < 0 || splits < maxsplit, let i = find(a, k, from: start, to: a.count) {
                    out.append(string(a[start..<i])); start = i + k.count; splits += 1
                }
                out.append(string(a[start...]))
            } else {
                var end = a.count, splits = 0
                while maxsplit < 0 || splits < maxsplit, let i = rfind(a, k, from: 0, to: end) {
                    out.append(string(a[(i + k.count)..<end])); end = i; splits += 1
                }
                out.append(string(a[..<end]))
                out.reverse()
            }
            return out
        }
        // Whitespace split: runs of whitespace separate, and empty strings are never produced.
        if !fromRight {
            var i = 0, splits = 0
            while i < a.count {
                while i < a.count, isPyWhitespace(a[i]) { i += 1 }
                if i == a.count { break }
                if maxsplit >= 0, splits == maxsplit {
                    var end = a.count
                    while end > i, isPyWhitespace(a[end - 1]) { end -= 1 }
                    out.append(string(a[i..<end])); return out
                }
                let start = i
                while i < a.count, !isPyWhitespace(a[i]) { i += 1 }
                out.append(string(a[start..<i])); splits += 1
            }
        } else {
            var i = a.count, splits = 0
            while i > 0 {
                while i > 0, isPyWhitespace(a[i - 1]) { i -= 1 }
                if i == 0 { break }
                if maxsplit >= 0, splits == maxsplit {
                    var start = 0
                    while start < i, isPyWhitespace(a[start]) { start += 1 }
                    out.append(string(a[start..<i])); break
                }
                let end = i
                while i > 0, !isPyWhitespace(a[i - 1]) { i -= 1 }
                out.append(string(a[i..<end])); splits += 1
            }
            out.reverse()
        }
        return out
    }

    static func replace(_ s: String, _ old: String, _ new: String, count: Int) -> String {
        let a = Array(s.unicodeScalars), k = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0, n = 0
        if k.isEmpty {
            // Python inserts `new` between every character and at both ends.
            for c in a {
                if count < 0 || n < count { out.append(contentsOf: new.unicodeScalars); n += 1 }
                out.append(c)
            }
            if count < 0 || n < count { out.append(contentsOf: new.unicodeScalars) }
            return String(out)
        }
        while i < a.count {
            if count < 0 || n < count, i + k.count <= a.count, a[i..<i + k.count].elementsEqual(k) {
                out.append(contentsOf: new.unicodeScalars); i += k.count; n += 1
            } else {
                out.append(a[i]); i += 1
            }
        }
        return String(out)
    }
}

extension PyBuiltins {
    static func strMethod(_ run: PyRun, _ s: String, _ name: String, _ args: PyArgs, _ r: SourceRange) throws -> PyBox? {
        func box(_ v: PyValue) -> PyBox { PyBox(value: v, range: r) }
        let p = args.positional
        if let d = args.all.first(where: { $0.value.dynamicReason != nil }) { return PyBox(value: d.value, range: r) }
        func str(_ i: Int) throws -> String {
            guard i < p.count else { throw run.raise("TypeError", "\(name)() missing required argument", r) }
            guard case .str(let x) = p[i].value else {
                throw run.raise("TypeError", "must be str, not \(p[i].value.typeName)", r)
            }
            return x
        }
        func optStr(_ i: Int, _ kw: String) throws -> String? {
            let v = i < p.count ? p[i] : args.keyword(kw)
            guard let v else { return nil }
            if case .none = v.value { return nil }
            guard case .str(let x) = v.value else { throw run.raise("TypeError", "must be str or None, not \(v.value.typeName)", r) }
            return x
        }
        func optInt(_ i: Int, _ kw: String, _ dflt: Int) -> Int {
            let v = i < p.count ? p[i] : args.keyword(kw)
            return v.flatMap { run.intValue($0) } ?? dflt
        }
        let scalars = Array(s.unicodeScalars)
        func bounds(_ i: Int) -> (Int, Int) {
            func norm(_ v: Int) -> Int { v < 0 ? max(0, v + scalars.count) : min(v, scalars.count) }
            let lo = i < p.count ? (run.intValue(p[i]).map(norm) ?? 0) : 0
            let hi = i + 1 < p.count ? (run.intValue(p[i + 1]).map(norm) ?? scalars.count) : scalars.count
            return (lo, hi)
        }
        switch name {
        case "join":
            guard let first = p.first else { throw run.raise("TypeError", "join() takes exactly one argument", r) }
            var parts: [String] = []
            for item in try run.iterate(first, r) {
                if let reason = item.value.dynamicReason { return box(.dynamic(reason)) }
                guard case .str(let x) = item.value else {
                    throw run.raise("TypeError", "sequence item \(parts.count): expected str instance, \(item.value.typeName) found", r)
                }
                parts.append(x)
            }
            let out = parts.joined(separator: s)
            try run.checkString(out, r)
            return box(.str(out))
        case "replace":
            let out = PyStrings.replace(s, try str(0), try str(1), count: optInt(2, "count", -1))
            try run.checkString(out, r)
            return box(.str(out))
        case "split", "rsplit":
            let sep = try optStr(0, "sep")
            if sep == "" { throw run.raise("ValueError", "empty separator", r) }
            let parts = PyStrings.split(s, sep, maxsplit: optInt(1, "maxsplit", -1), fromRight: name == "rsplit")
            return box(.list(PyListObject(parts.map { box(.str($0)) })))
        case "strip": return box(.str(PyStrings.strip(s, try optStr(0, "chars"))))
        case "lstrip": return box(.str(PyStrings.strip(s, try optStr(0, "chars"), right: false)))
        case "rstrip": return box(.str(PyStrings.strip(s, try optStr(0, "chars"), left: false)))
        case "upper": return box(.str(s.uppercased()))
        case "lower": return box(.str(s.lowercased()))
        case "title", "capitalize":
            var out = ""
            var startOfWord = true
            for (i, c) in s.enumerated() {
                if name == "capitalize" {
                    out += i == 0 ? c.uppercased() : c.lowercased()
                } else {
                    out += startOfWord ? c.uppercased() : c.lowercased()
                    startOfWord = !c.isLetter
                }
            }
            return box(.str(out))
        case "startswith", "endswith":
            guard let first = p.first else { throw run.raise("TypeError", "\(name)() takes at least 1 argument", r) }
            var candidates: [String] = []
            switch first.value {
            case .str(let x): candidates = [x]
            case .tuple(let items):
                for i in items {
                    guard case .str(let x) = i.value else { throw run.raise("TypeError", "tuple for \(name) must only contain str", r) }
                    candidates.append(x)
                }
            default:
                throw run.raise("TypeError", "\(name) first arg must be str or a tuple of str, not \(first.value.typeName)", r)
            }
            let (lo, hi) = bounds(1)
            let sub = lo <= hi ? Array(scalars[lo..<hi]) : []
            for c in candidates {
                let k = Array(c.unicodeScalars)
                if lo > hi { continue }
                if k.count <= sub.count,
                   name == "startswith" ? sub[..<k.count].elementsEqual(k) : sub[(sub.count - k.count)...].elementsEqual(k) {
                    return box(.bool(true))
                }
            }
            return box(.bool(false))
        case "find", "rfind", "index", "rindex", "count":
            let k = Array(try str(0).unicodeScalars)
            let (lo, hi) = bounds(1)
            if name == "count" {
                if lo > hi { return box(.int(0)) }
                if k.isEmpty { return box(.int(hi - lo + 1)) }
                var n = 0, i = lo
                while let j = PyStrings.find(scalars, k, from: i, to: hi) { n += 1; i = j + k.count }
                return box(.int(n))
            }
            let found = name.hasPrefix("r") ? PyStrings.rfind(scalars, k, from: lo, to: hi) : PyStrings.find(scalars, k, from: lo, to: hi)
            if let f = found { return box(.int(f)) }
            if name.hasSuffix("index") { throw run.raise("ValueError", "substring not found", r) }
            return box(.int(-1))
        case "zfill":
            let width = optInt(0, "width", 0)
            guard scalars.count < width else { return box(.str(s)) }
            if width > run.budget.stringLength { throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r)) }
            var a = scalars
            var sign: [Unicode.Scalar] = []
            if let f = a.first, f == "+" || f == "-" { sign = [f]; a.removeFirst() }
            let pad = [Unicode.Scalar](repeating: "0", count: width - scalars.count)
            return box(.str(PyStrings.string((sign + pad + a)[...])))
        case "ljust", "rjust", "center":
            let width = optInt(0, "width", 0)
            let fill = (try optStr(1, "fillchar")) ?? " "
            guard width > scalars.count else { return box(.str(s)) }
            if width > run.budget.stringLength { throw PyThrow.limit(PyDynamicReason(reason: "evaluation budget exceeded", range: r)) }
            let n = width - scalars.count
            let f = String(fill.unicodeScalars.first ?? " ")
            switch name {
            case "ljust": return box(.str(s + String(repeating: f, count: n)))
            case "rjust": return box(.str(String(repeating: f, count: n) + s))
            default:
                let left = n / 2 + (n & width & 1)
                return box(.str(String(repeating: f, count: left) + s + String(repeating: f, count: n - left)))
            }
        case "isdigit", "isnumeric", "isdecimal":
            return box(.bool(!scalars.isEmpty && scalars.allSatisfy { $0.properties.numericType != nil && ($0.value >= 0x30 && $0.value <= 0x39 || name != "isdecimal") }))
        case "isalpha":
            return box(.bool(!scalars.isEmpty && scalars.allSatisfy { $0.properties.isAlphabetic }))
        case "isalnum":
            return box(.bool(!scalars.isEmpty && scalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
        case "isspace":
            return box(.bool(!scalars.isEmpty && scalars.allSatisfy(PyStrings.isPyWhitespace)))
        case "isupper":
            return box(.bool(s.contains { $0.isLetter } && s.uppercased() == s))
        case "islower":
            return box(.bool(s.contains { $0.isLetter } && s.lowercased() == s))
        case "format":
            return box(.str(try PyFormatting.format(run, s, args, r)))
        case "partition", "rpartition":
            let sep = try str(0)
            if sep.isEmpty { throw run.raise("ValueError", "empty separator", r) }
            let k = Array(sep.unicodeScalars)
            let i = name == "partition" ? PyStrings.find(scalars, k, from: 0, to: scalars.count) : PyStrings.rfind(scalars, k, from: 0, to: scalars.count)
            guard let i else {
                return box(.tuple(name == "partition" ? [box(.str(s)), box(.str("")), box(.str(""))] : [box(.str("")), box(.str("")), box(.str(s))]))
            }
            return box(.tuple([box(.str(PyStrings.string(scalars[..<i]))), box(.str(sep)), box(.str(PyStrings.string(scalars[(i + k.count)...])))]))
        case "splitlines":
            var out: [PyBox] = []
            var cur = String.UnicodeScalarView()
            var i = 0
            while i < scalars.count {
                let c = scalars[i]
                if c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || c == "\u{1C}" || c == "\u{1D}" || c == "\u{1E}" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
                    out.append(box(.str(String(cur)))); cur = String.UnicodeScalarView()
                    if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                } else {
                    cur.append(c)
                }
                i += 1
            }
            if !cur.isEmpty { out.append(box(.str(String(cur)))) }
            return box(.list(PyListObject(out)))
        case "encode":
            return box(.bytes(Array(s.utf8)))
        case "removeprefix":
            let x = try str(0)
            return box(.str(s.hasPrefix(x) && !x.isEmpty ? PyStrings.string(scalars[x.unicodeScalars.count...]) : s))
        case "removesuffix":
            let x = try str(0)
            return box(.str(s.hasSuffix(x) && !x.isEmpty ? PyStrings.string(scalars[..<(scalars.count - x.unicodeScalars.count)]) : s))
        default:
            return nil
        }
    }
}
