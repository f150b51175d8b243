import Glibc

/// Byte order of variable names: what TensorFlow sorts by (Swift's `<` on String is not it). This
/// file is its one owner: `SortedNames` searches a list in that order, `NameOrder` sorts one, and
/// every checkpoint, model, plan and load-map lookup goes through them.

/// Anything known by a variable name (checkpoint, model and plan variables, a load map's keys), so
/// that one search serves all of them.
protocol NamedVariable {
    var name: String { get }
}

extension CheckpointVariable: NamedVariable {}

extension String: NamedVariable {
    var name: String { self }
}

/// A list sorted by name in byte order, and the searches over it. A view: it holds the list
/// (copy-on-write, no copy is made) and builds no index, so a lookup costs a binary search and a
/// 20 000-name list costs no hash table per run.
struct SortedNames<Base: RandomAccessCollection> where Base.Index == Int, Base.Element: NamedVariable {
    let base: Base

    /// `base` must be sorted by name in byte order (readers and `ModelVariables` see to it).
    init(_ base: Base) { self.base = base }

    var count: Int { base.count }

    /// -1, 0 or 1 as `a` sorts before, equal to or after `b` in byte order.
    static func compare(_ a: String, _ b: String) -> Int {
        // Native strings are contiguous: compare in place, without copying either string.
        if let r = a.utf8.withContiguousStorageIfAvailable({ pa in
            b.utf8.withContiguousStorageIfAvailable { pb in compare(pa, pb) }
        }), let r {
            return r
        }
        return Array(a.utf8).withUnsafeBufferPointer { pa in Array(b.utf8).withUnsafeBufferPointer { pb in compare(pa, pb) } }
    }

    static func compare(_ pa: UnsafeBufferPointer<UInt8>, _ pb: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(pa.count, pb.count)
        if n > 0 {
            let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return pa.count == pb.count ? 0 : (pa.count < pb.count ? -1 : 1)
    }

    /// In `range`, the first position whose name comes after `name` — or, with `orEqual`, at or
    /// after it. Every search below is this one.
    @inline(__always)
    func boundary(of name: String, in range: Range<Int>, orEqual: Bool = false) -> Int {
        var lo = range.lowerBound
        var hi = range.upperBound
        let limit = orEqual ? 0 : 1  // compare < limit: still before the boundary
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if Self.compare(base[mid].name, name) < limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The position of `name` (the last one, should a hand-made list repeat a name).
    func position(of name: String) -> Int? {
        let after = boundary(of: name, in: 0..<count)
        guard after > 0, Self.compare(base[after - 1].name, name) == 0 else { return nil }
        return after - 1
    }

    func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The positions of the names that start with `prefix`: in byte order they are neighbours.
    func range(withPrefix prefix: String) -> Range<Int> {
        let lo = boundary(of: prefix, in: 0..<count, orEqual: true)
        // From `lo` on, the names with the prefix come first: binary search for the first without.
        var l = lo, h = count
        while l < h {
            let mid = l + (h - l) / 2
            if NameMatching.hasPrefix(base[mid].name, prefix) { l = mid + 1 } else { h = mid }
        }
        return lo..<l
    }

    /// The position of the first name (in byte order) that contains `substring` and passes `where`.
    func firstPosition(containing substring: String, where accept: (String) -> Bool = { _ in true }) -> Int? {
        let needle = NameMatching.Needle(substring)
        return base.indices.first { accept(base[$0].name) && needle.isContained(in: base[$0].name) }
    }

    func contains(substring: String) -> Bool { firstPosition(containing: substring) != nil }

    /// Looks names up in ascending order: each search starts where the previous one ended and
    /// gallops, so a run of neighbouring names costs a few comparisons each instead of a full
    /// binary search (the loads walk the model and the checkpoint side by side).
    struct Cursor {
        let names: SortedNames
        private var hint = 0

        init(_ names: SortedNames) { self.names = names }

        mutating func position(of name: String) -> Int? {
            let base = names.base
            let n = base.count
            var lo: Int
            var hi: Int
            let h = min(max(hint, 0), n)
            if h < n, SortedNames.compare(base[h].name, name) <= 0 {
                // The answer is at or after h: double the step until passing the name.
                lo = h
                var step = 1
                hi = h + 1
                while hi < n, SortedNames.compare(base[hi].name, name) <= 0 {
                    lo = hi
                    step *= 2
                    hi = min(hi + step, n)
                }
            } else {
                lo = 0
                hi = h
            }
            lo = names.boundary(of: name, in: lo..<hi)
            hint = lo
            guard lo > 0, SortedNames.compare(base[lo - 1].name, name) == 0 else { return nil }
            return lo - 1
        }
    }

    func cursor() -> Cursor { Cursor(self) }
}

/// The names are laid out in one buffer, so that a comparison is a plain byte compare (no
/// allocation or reference counting each), and most comparisons are settled by the first 16 bytes
/// read as two big-endian integers (zero-padded: where they differ, they order as the bytes do).
/// Sorts names into byte order. The names are laid out in one buffer, so that a comparison is a
/// plain byte compare (no allocation or reference counting each), and most comparisons are settled
/// by the first 16 bytes read as two big-endian integers (zero-padded: where they differ, they
/// order as the bytes do).
struct NameOrder {
    private var bytes: [UInt8] = []
    private var bounds: [Range<Int>] = []
    private var heads: [(UInt64, UInt64)] = []

    init(_ names: [String]) {
        bounds.reserveCapacity(names.count)
        heads.reserveCapacity(names.count)
        for var name in names {
            let start = bytes.count
            name.withUTF8 { bytes.append(contentsOf: $0) }
            bounds.append(start..<bytes.count)
            var head: (UInt64, UInt64) = (0, 0)
            var i = 0
            while i < 16, start + i < bytes.count {
                let b = UInt64(bytes[start + i])
                if i < 8 { head.0 |= b << (56 - 8 * i) } else { head.1 |= b << (56 - 8 * (i - 8)) }
                i += 1
            }
            heads.append(head)
        }
    }

    var count: Int { bounds.count }

    /// -1, 0 or 1 as name `a` sorts before, equal to or after name `b`.
    func compare(_ a: Int, _ b: Int) -> Int {
        if heads[a] != heads[b] { return heads[a] < heads[b] ? -1 : 1 }
        let x = bounds[a], y = bounds[b]
        let n = min(x.count, y.count)
        if n > 16 {
            let c = bytes.withUnsafeBytes { memcmp($0.baseAddress! + x.lowerBound + 16, $0.baseAddress! + y.lowerBound + 16, n - 16) }
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// The positions in byte order of the names, equal names in their original order (a stable sort).
    func stableOrder() -> [Int] {
        let n = count
        // Already in order (the usual case for a reader's output): one comparison per name.
        var i = 1
        while i < n, compare(i - 1, i) <= 0 { i += 1 }
        if i >= n { return Array(0..<n) }
        // Inferred variables come layer by layer from `output` back to the inputs: ascending
        // runs (a layer's variables) whose order is descending. Then the runs reversed are the
        // sorted order (no name is shared between runs, so it is the stable sort's). A listing
        // with `global_step` last is the same shape.
        var runStarts = [0]
        for i in 1..<n where compare(i - 1, i) > 0 { runStarts.append(i) }
        let runEnds = Array(runStarts.dropFirst()) + [n]
        if runStarts.indices.dropFirst().allSatisfy({ compare(runEnds[$0] - 1, runStarts[$0 - 1]) < 0 }) {
            var order: [Int] = []
            order.reserveCapacity(n)
            for (start, end) in zip(runStarts, runEnds).reversed() { order += start..<end }
            return order
        }
        // Otherwise a merge sort, which takes long ascending runs in linear time.
        return (0..<n).sorted { a, b in
            let c = compare(a, b)
            return c < 0 || (c == 0 && a < b)
        }
    }

    static func stableOrder(_ names: [String]) -> [Int] { NameOrder(names).stableOrder() }

    /// `items` sorted by name in byte order, stably.
    static func sorted<T>(_ items: [T], name: (T) -> String) -> [T] {
        stableOrder(items.map(name)).map { items[$0] }
    }
}
