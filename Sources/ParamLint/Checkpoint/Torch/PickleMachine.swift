/// A pickle interpreter that never executes: it reads the opcodes of protocols 0–5 that
/// `torch.save`, `pickle` and RETURNN write and builds `PickleValue`s. A GLOBAL is kept as a name;
/// REDUCE, NEWOBJ, BUILD and BINPERSID are handed to `TorchGlobals`, which interprets the
/// constructors that describe a checkpoint and leaves every other call as an unperformed
/// `PickleObject`. Nothing is imported, looked up or called.
///
/// Budgets keep a hostile or damaged stream bounded: the memo's size (a LONG_BINPUT to index 2³²
/// must not allocate 2³² slots), MARK nesting, and the length of strings and integers (checked
/// against the bytes that remain before anything is allocated). Every other structure grows by at
/// most one element per opcode byte.
struct PickleMachine {
    struct Budget: Sendable {
        var memoEntries = 1 << 23
        var markDepth = 1_000
        var stringBytes = 64 << 20
        /// Bytes of a `bytes` value that are kept (the rest is counted only).
        var keptBytes = 64
    }

    struct Failure: Error {
        var offset: Int
        var reason: String
        /// The stream ended before STOP: more bytes may complete it (the legacy format is read in
        /// growing prefixes).
        var endOfData = false
    }

    let bytes: [UInt8]
    var position: Int
    let arena: PickleArena
    let budget: Budget
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [PickleValue?] = []
    private var opcodeOffset = 0

    init(bytes: [UInt8], start: Int = 0, arena: PickleArena, budget: Budget = Budget()) {
        self.bytes = bytes
        self.position = start
        self.arena = arena
        self.budget = budget
    }

    /// Interprets up to STOP; `position` is then just after it.
    mutating func run() throws(Failure) -> PickleValue {
        stack.reserveCapacity(64)
        while true {
            opcodeOffset = position
            let op = try byte()
            switch op {
            case 0x80:  // PROTO
                let v = try byte()
                guard v <= 5 else { throw fail("pickle protocol \(v) is newer than 5") }
            case 0x95: _ = try take(8)  // FRAME: a length hint only
            case 0x28: // MARK
                guard marks.count < budget.markDepth else { throw fail("MARK nesting deeper than \(budget.markDepth)") }
                marks.append(stack.count)
            case 0x2E: // STOP
                return try pop()
            case 0x30: _ = try pop()  // POP
            case 0x31: _ = try popMark()  // POP_MARK
            case 0x32: stack.append(try top())  // DUP
            case 0x4E: stack.append(.none)  // NONE
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case 0x4A: stack.append(.int(Int64(Int32(bitPattern: UInt32(try le(4))))))  // BININT
            case 0x4B: stack.append(.int(Int64(try byte())))  // BININT1
            case 0x4D: stack.append(.int(Int64(try le(2))))  // BININT2
            case 0x8A: stack.append(try long(Int(try byte())))  // LONG1
            case 0x8B: stack.append(try long(try length(4)))  // LONG4
            case 0x49: // INT (text; "00"/"01" are False/True)
                let t = try line()
                if t == "00" { stack.append(.bool(false)) } else if t == "01" { stack.append(.bool(true)) } else {
                    guard let v = Int64(t) else { throw fail("INT with the text '\(t.prefix(40))'") }
                    stack.append(.int(v))
                }
            case 0x4C: // LONG (text, trailing L)
                var t = try line()
                if t.hasSuffix("L") { t.removeLast() }
                if let v = Int64(t) { stack.append(.int(v)) } else { stack.append(.bigInt(byteCount: t.utf8.count / 2)) }
            case 0x46: // FLOAT (text)
                let t = try line()
                guard let v = Double(t) else { throw fail("FLOAT with the text '\(t.prefix(40))'") }
                stack.append(.float(v))
            case 0x47: // BINFLOAT, big-endian
                let b = try take(8)
                var u: UInt64 = 0
                for x in b { u = u << 8 | UInt64(x) }
                stack.append(.float(Double(bitPattern: u)))
            case 0x58: stack.append(.string(try text(try length(4))))  // BINUNICODE
            case 0x8C: stack.append(.string(try text(Int(try byte()))))  // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(try text(try length(8))))  // BINUNICODE8
            case 0x54: stack.append(.string(try text(try length(4))))  // BINSTRING (py2 str, read as text)
            case 0x55: stack.append(.string(try text(Int(try byte()))))  // SHORT_BINSTRING
            case 0x42: stack.append(try binaryBytes(try length(4)))  // BINBYTES
            case 0x43: stack.append(try binaryBytes(Int(try byte())))  // SHORT_BINBYTES
            case 0x8E, 0x96: stack.append(try binaryBytes(try length(8)))  // BINBYTES8, BYTEARRAY8
            case 0x7D: stack.append(.dict(arena.dict()))  // EMPTY_DICT
            case 0x5D: stack.append(.list(arena.list()))  // EMPTY_LIST
            case 0x29: stack.append(arena.tuple([]))  // EMPTY_TUPLE
            case 0x8F: stack.append(.list(arena.list()))  // EMPTY_SET: a set's members as a list
            case 0x74: stack.append(arena.tuple(try popMark()))  // TUPLE
            case 0x85: // TUPLE1
                let a = try pop()
                stack.append(arena.tuple([a]))
            case 0x86: // TUPLE2
                let b = try pop(), a = try pop()
                stack.append(arena.tuple([a, b]))
            case 0x87: // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                stack.append(arena.tuple([a, b, c]))
            case 0x6C, 0x91: // LIST, FROZENSET
                let l = arena.list()
                l.items = try popMark()
                stack.append(.list(l))
            case 0x64: // DICT
                let items = try popMark()
                guard items.count % 2 == 0 else { throw fail("DICT with an odd number of items") }
                let d = arena.dict()
                var i = 0
                while i < items.count { d.set(items[i], items[i + 1]); i += 2 }
                stack.append(.dict(d))
            case 0x73: // SETITEM
                let v = try pop(), k = try pop()
                try setItems(into: try top(), [k, v])
            case 0x75: // SETITEMS
                let items = try popMark()
                guard items.count % 2 == 0 else { throw fail("SETITEMS with an odd number of items") }
                try setItems(into: try top(), items)
            case 0x61: // APPEND
                let v = try pop()
                try append(to: try top(), [v])
            case 0x65, 0x90: // APPENDS, ADDITEMS
                let items = try popMark()
                try append(to: try top(), items)
            case 0x71: try put(Int(try byte()))  // BINPUT
            case 0x72: try put(Int(try le(4)))  // LONG_BINPUT
            case 0x94: try put(memo.count)  // MEMOIZE
            case 0x70: // PUT (text)
                let t = try line()
                guard let i = Int(t), i >= 0 else { throw fail("PUT with the index '\(t.prefix(40))'") }
                try put(i)
            case 0x68: try get(Int(try byte()))  // BINGET
            case 0x6A: try get(Int(try le(4)))  // LONG_BINGET
            case 0x67: // GET (text)
                let t = try line()
                guard let i = Int(t), i >= 0 else { throw fail("GET with the index '\(t.prefix(40))'") }
                try get(i)
            case 0x63: // GLOBAL: "module\nname\n"
                let module = try line()
                let name = try line()
                stack.append(.global(module: module, name: name))
            case 0x93: // STACK_GLOBAL
                let n = try pop(), m = try pop()
                guard case .string(let module) = m, case .string(let name) = n else {
                    throw fail("STACK_GLOBAL on \(m.kindDescription) and \(n.kindDescription), not two strings")
                }
                stack.append(.global(module: module, name: name))
            case 0x52: // REDUCE
                let args = try pop(), callable = try pop()
                guard let items = args.tupleItems else { throw fail("REDUCE with \(args.kindDescription) as arguments, not a tuple") }
                stack.append(try call(callable, items))
            case 0x81: // NEWOBJ: cls.__new__(cls, *args)
                let args = try pop(), cls = try pop()
                guard let items = args.tupleItems else { throw fail("NEWOBJ with \(args.kindDescription) as arguments, not a tuple") }
                stack.append(try call(cls, items))
            case 0x92: // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
                let kwargs = try pop(), args = try pop(), cls = try pop()
                guard let items = args.tupleItems else { throw fail("NEWOBJ_EX with \(args.kindDescription) as arguments, not a tuple") }
                stack.append(try call(cls, items + [kwargs]))
            case 0x62: // BUILD
                let state = try pop()
                TorchGlobals.build(try top(), state: state)
            case 0x51: // BINPERSID
                let pid = try pop()
                stack.append(try persistent(pid))
            case 0x50: // PERSID (text)
                stack.append(try persistent(.string(try line())))
            case 0x82, 0x83, 0x84:
                throw fail("opcode EXT\(op == 0x82 ? 1 : op == 0x83 ? 2 : 4) (0x\(hex(op))) names a copyreg extension code, which is not interpreted")
            case 0x97, 0x98:
                throw fail("opcode \(op == 0x97 ? "NEXT_BUFFER" : "READONLY_BUFFER") (0x\(hex(op))) needs out-of-band buffers, which torch.save never writes")
            case 0x69, 0x6F:
                throw fail("opcode \(op == 0x69 ? "INST" : "OBJ") (0x\(hex(op))) of protocol 0/1 class instances is not interpreted")
            default:
                throw fail("unknown pickle opcode 0x\(hex(op))")
            }
        }
    }

    // MARK: - Calls, handed to the allow-list

    private func call(_ callable: PickleValue, _ args: [PickleValue]) throws(Failure) -> PickleValue {
        do throws(TorchGlobals.Refusal) {
            return try TorchGlobals.call(callable, args, arena: arena)
        } catch {
            throw fail(error.reason)
        }
    }

    private func persistent(_ pid: PickleValue) throws(Failure) -> PickleValue {
        do throws(TorchGlobals.Refusal) {
            return try TorchGlobals.persistentLoad(pid)
        } catch {
            throw fail(error.reason)
        }
    }

    private func setItems(into target: PickleValue, _ items: [PickleValue]) throws(Failure) {
        switch target {
        case .dict(let d):
            var i = 0
            while i < items.count { d.set(items[i], items[i + 1]); i += 2 }
        case .object(let o): o.state.append(contentsOf: items)
        default: throw fail("SETITEM(S) on \(target.kindDescription), not a dict")
        }
    }

    private func append(to target: PickleValue, _ items: [PickleValue]) throws(Failure) {
        switch target {
        case .list(let l): l.items.append(contentsOf: items)
        case .object(let o): o.state.append(contentsOf: items)
        default: throw fail("APPEND(S) on \(target.kindDescription), not a list")
        }
    }

    // MARK: - Memo

    private mutating func put(_ index: Int) throws(Failure) {
        let v = try top()
        guard index < budget.memoEntries else {
            throw fail("memo index \(index) above the limit of \(budget.memoEntries) entries")
        }
        if index < memo.count {
            memo[index] = v
        } else {
            while memo.count < index { memo.append(nil) }
            memo.append(v)
        }
    }

    private mutating func get(_ index: Int) throws(Failure) {
        guard index < memo.count, let v = memo[index] else { throw fail("memo index \(index) was never stored") }
        stack.append(v)
    }

    // MARK: - Stack

    private mutating func pop() throws(Failure) -> PickleValue {
        guard stack.count > (marks.last ?? 0), let v = stack.popLast() else {
            throw fail(stack.isEmpty ? "the stack is empty" : "an opcode takes a value from below a MARK")
        }
        return v
    }

    private func top() throws(Failure) -> PickleValue {
        guard stack.count > (marks.last ?? 0), let v = stack.last else {
            throw fail(stack.isEmpty ? "the stack is empty" : "an opcode uses a value from below a MARK")
        }
        return v
    }

    private mutating func popMark() throws(Failure) -> [PickleValue] {
        guard let m = marks.popLast() else { throw fail("no MARK on the stack") }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    // MARK: - Reading the stream

    private mutating func byte() throws(Failure) -> UInt8 {
        guard position < bytes.count else { throw endOfData() }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func take(_ n: Int) throws(Failure) -> ArraySlice<UInt8> {
        guard n <= bytes.count - position else { throw endOfData() }
        defer { position += n }
        return bytes[position..<(position + n)]
    }

    private mutating func le(_ n: Int) throws(Failure) -> UInt64 {
        let b = try take(n)
        var v: UInt64 = 0
        for (i, x) in b.enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
        return v
    }

    /// A length field, checked against the budget and against the bytes that remain, before
    /// anything of that size is allocated.
    private mutating func length(_ n: Int) throws(Failure) -> Int {
        let v = try le(n)
        guard v <= UInt64(budget.stringBytes) else {
            throw fail("a length of \(v) bytes, above the limit of \(budget.stringBytes)")
        }
        guard Int(v) <= bytes.count - position else { throw endOfData() }
        return Int(v)
    }

    private mutating func text(_ n: Int) throws(Failure) -> String {
        guard n <= budget.stringBytes else { throw fail("a string of \(n) bytes, above the limit of \(budget.stringBytes)") }
        return String(decoding: try take(n), as: UTF8.self)
    }

    private mutating func binaryBytes(_ n: Int) throws(Failure) -> PickleValue {
        let b = try take(n)
        return .bytes(prefix: Array(b.prefix(budget.keptBytes)), count: n)
    }

    /// A little-endian two's-complement integer of `n` bytes.
    private mutating func long(_ n: Int) throws(Failure) -> PickleValue {
        let b = try take(n)
        if n == 0 { return .int(0) }
        if n > 8 {
            // Wider than 64 bits unless it is a sign extension.
            let high = b[(b.startIndex + 8)...]
            let negative = b[b.startIndex + 7] & 0x80 != 0
            guard high.allSatisfy({ $0 == (negative ? 0xFF : 0) }) else { return .bigInt(byteCount: n) }
        }
        var v: UInt64 = 0
        for (i, x) in b.prefix(8).enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
        if n < 8, b[b.startIndex + n - 1] & 0x80 != 0 { v |= ~UInt64(0) << (8 * UInt64(n)) }
        return .int(Int64(bitPattern: v))
    }

    private mutating func line() throws(Failure) -> String {
        guard let end = bytes[position...].prefix(budget.stringBytes).firstIndex(of: 0x0A) else {
            if bytes.count - position >= budget.stringBytes { throw fail("a text line longer than \(budget.stringBytes) bytes") }
            throw endOfData()
        }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    private func fail(_ reason: String) -> Failure { Failure(offset: opcodeOffset, reason: reason) }

    private func endOfData() -> Failure {
        Failure(offset: opcodeOffset, reason: "the pickle ends before its STOP opcode: truncated", endOfData: true)
    }

    private func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }
}
