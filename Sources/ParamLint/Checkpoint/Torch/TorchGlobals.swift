/// The allow-list: the few constructors that describe a checkpoint, interpreted into data.
///
/// - `collections.OrderedDict` → a dict;
/// - `torch._utils._rebuild_tensor_v2` / `_rebuild_tensor` (the storage, offset, size, stride) and
///   `_rebuild_tensor_v3` (an untyped storage and a `torch.<dtype>`) → a tensor's dtype and shape; `_rebuild_parameter` / `_rebuild_parameter_with_state` → the
///   tensor they wrap;
/// - the storage classes (`torch.FloatStorage`, …, `torch.UntypedStorage`) in a persistent id → a
///   storage of that dtype;
/// - `torch.Size`, `torch.device` → a tuple, a recorded device;
/// - `numpy.dtype` and `numpy.core.multiarray.scalar` → the number RETURNN saved as a numpy scalar;
/// - `_codecs.encode(str, "latin1")` → bytes (how protocol 2 writes Python 3 bytes).
///
/// Every other callable becomes a `PickleObject` that records the call without making it; a
/// `torch._utils._rebuild_*` outside this list is refused with its name, since its result would be
/// a tensor the reader cannot describe.
enum TorchGlobals {
    struct Refusal: Error { var reason: String }

    /// `torch.<Name>Storage` → the contract's dtype name.
    static let storageDtypes: [String: String] = [
        "FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
        "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32",
        "ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool",
        "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
        "UInt16Storage": "uint16", "UInt32Storage": "uint32", "UInt64Storage": "uint64",
        "Float8_e5m2Storage": "float8_e5m2", "Float8_e4m3fnStorage": "float8_e4m3fn",
        "Float8_e5m2fnuzStorage": "float8_e5m2fnuz", "Float8_e4m3fnuzStorage": "float8_e4m3fnuz",
        "QInt8Storage": "qint8", "QUInt8Storage": "quint8", "QInt32Storage": "qint32",
        // An untyped storage holds bytes.
        "UntypedStorage": "uint8",
    ]

    /// `torch.<dtype>` attribute names → the contract's names.
    static let dtypeAttributes: [String: String] = [
        "float32": "float32", "float": "float32", "float64": "float64", "double": "float64",
        "float16": "float16", "half": "float16", "bfloat16": "bfloat16",
        "int64": "int64", "long": "int64", "int32": "int32", "int": "int32", "int16": "int16", "short": "int16",
        "int8": "int8", "uint8": "uint8", "bool": "bool", "complex64": "complex64", "cfloat": "complex64",
        "complex128": "complex128", "cdouble": "complex128", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64",
        "float8_e5m2": "float8_e5m2", "float8_e4m3fn": "float8_e4m3fn", "float8_e5m2fnuz": "float8_e5m2fnuz",
        "float8_e4m3fnuz": "float8_e4m3fnuz", "float8_e8m0fnu": "float8_e8m0fnu", "complex32": "complex32",
        "chalf": "complex32",
    ]

    /// Bytes per element, for checking a storage entry's size.
    static let elementSizes: [String: Int64] = [
        "float32": 4, "float64": 8, "float16": 2, "bfloat16": 2, "int64": 8, "int32": 4, "int16": 2,
        "int8": 1, "uint8": 1, "bool": 1, "complex64": 8, "complex128": 16, "uint16": 2, "uint32": 4,
        "uint64": 8, "float8_e5m2": 1, "float8_e4m3fn": 1, "float8_e5m2fnuz": 1, "float8_e4m3fnuz": 1,
        "qint8": 1, "quint8": 1, "qint32": 4, "float8_e8m0fnu": 1, "complex32": 4,
    ]

    static func qualified(_ v: PickleValue) -> String? {
        if case .global(let m, let n) = v { return m + "." + n }
        return nil
    }

    // MARK: - REDUCE / NEWOBJ

    static func call(_ callable: PickleValue, _ args: [PickleValue], arena: PickleArena) throws(Refusal) -> PickleValue {
        guard case .global(let module, let name) = callable else {
            // Calling the result of a call: record it; it never runs.
            return .object(arena.object("<\(callable.kindDescription)>", args))
        }
        switch (module, name) {
        case ("collections", "OrderedDict"), ("builtins", "dict"):
            let d = arena.dict()
            if case .list(let pairs)? = args.first {
                for p in pairs.items { if let t = p.tupleItems, t.count == 2 { d.set(t[0], t[1]) } }
            }
            return .dict(d)
        case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
            return .tensor(try rebuildTensor(name, args))
        case ("torch._utils", "_rebuild_tensor_v3"):
            // (untyped storage, offset, size, stride, requires_grad, hooks, dtype[, metadata]): torch
            // writes it for dtypes without a storage class (float8, uint16, …); offset and stride
            // count elements of `dtype`, the storage counts bytes.
            guard args.count >= 7, case .storage(var storage) = args[0] else {
                throw Refusal(reason: "torch._utils._rebuild_tensor_v3 without a storage and a dtype")
            }
            guard case .global(let m, let n) = args[6], m == "torch", let dtype = dtypeAttributes[n] else {
                throw Refusal(reason: "torch._utils._rebuild_tensor_v3 with the dtype \(args[6].kindDescription), which the reader does not know")
            }
            let size = elementSizes[dtype] ?? 1
            let bytes = storage.elementCount * (elementSizes[storage.dtype] ?? 1)
            storage.dtype = dtype
            storage.elementCount = bytes / size
            var typed = args
            typed[0] = .storage(storage)
            return .tensor(try rebuildTensor(name, typed))
        case ("torch._utils", "_rebuild_parameter"), ("torch._utils", "_rebuild_parameter_with_state"):
            guard case .tensor(var t)? = args.first else {
                throw Refusal(reason: "torch._utils.\(name) wraps \(args.first?.kindDescription ?? "nothing"), not a tensor")
            }
            t.isParameter = true
            return .tensor(t)
        case ("torch", "Size"):
            if args.first?.tupleItems != nil { return args[0] }
            return arena.tuple([])
        case ("torch", "device"):
            return .object(arena.object("torch.device", args))
        case ("numpy", "dtype"):
            guard case .string(let s)? = args.first else { return .object(arena.object("numpy.dtype", args)) }
            return .numpyDtype(s)
        case ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"):
            return numpyScalar(args) ?? .object(arena.object(module + "." + name, args))
        case ("_codecs", "encode"):
            // protocol 2's bytes: _codecs.encode(text, "latin1"), each char one byte.
            if case .string(let s)? = args.first, args.count == 2, case .string(let enc) = args[1],
               enc == "latin1" || enc == "latin-1"
            {
                let b = s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
                return .bytes(prefix: Array(b.prefix(64)), count: b.count)
            }
            return .object(arena.object("_codecs.encode", args))
        default:
            if module.hasPrefix("torch"), name.hasPrefix("_rebuild") {
                throw Refusal(reason: "a tensor built by \(module).\(name), which the reader does not interpret (only _rebuild_tensor_v2, _rebuild_tensor_v3, _rebuild_tensor, _rebuild_parameter and _rebuild_parameter_with_state are)")
            }
            return .object(arena.object(module + "." + name, args))
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    static func rebuildTensor(_ name: String, _ args: [PickleValue]) throws(Refusal) -> TorchTensorInfo {
        guard args.count >= 4, case .storage(let storage) = args[0] else {
            throw Refusal(reason: "torch._utils.\(name) without a storage as its first argument (\(args.first?.kindDescription ?? "no arguments"))")
        }
        guard case .int(let offset) = args[1], offset >= 0 else {
            throw Refusal(reason: "torch._utils.\(name): the storage offset is \(args[1].kindDescription), not a non-negative int")
        }
        let shape = try ints(args[2], "size", name)
        let stride = try ints(args[3], "stride", name)
        guard shape.count == stride.count else {
            throw Refusal(reason: "torch._utils.\(name): size \(shape) and stride \(stride) differ in rank")
        }
        // The elements the view reaches must lie in the storage, as torch's set_ checks.
        if !shape.contains(0) {
            var last = offset
            for (n, s) in zip(shape, stride) {
                let (m, o1) = Int64(n - 1).multipliedReportingOverflow(by: Int64(s))
                let (sum, o2) = last.addingReportingOverflow(m)
                guard !o1, !o2, s >= 0 else {
                    throw Refusal(reason: "torch._utils.\(name): size \(shape) with stride \(stride) is out of range")
                }
                last = sum
            }
            guard last < storage.elementCount else {
                throw Refusal(reason: "a tensor of size \(shape), stride \(stride) at offset \(offset) reaches element \(last), past the \(storage.elementCount) elements of storage '\(storage.key)'")
            }
        }
        return TorchTensorInfo(dtype: storage.dtype, shape: shape, storage: storage, isParameter: false)
    }

    private static func ints(_ v: PickleValue, _ what: String, _ name: String) throws(Refusal) -> [Int] {
        guard let items = v.tupleItems else { throw Refusal(reason: "torch._utils.\(name): the \(what) is \(v.kindDescription), not a tuple") }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for x in items {
            guard case .int(let i) = x, i >= 0 else {
                throw Refusal(reason: "torch._utils.\(name): the \(what) holds \(x.kindDescription), not a non-negative int")
            }
            out.append(Int(i))
        }
        return out
    }

    /// `numpy.core.multiarray.scalar(dtype, bytes)` for the integer and float types.
    static func numpyScalar(_ args: [PickleValue]) -> PickleValue? {
        guard args.count == 2, case .numpyDtype(var t) = args[0], case .bytes(let b, let n) = args[1], n == b.count else { return nil }
        if let f = t.first, f == "<" || f == "|" || f == "=" { t.removeFirst() }
        guard let kind = t.first, let size = Int(t.dropFirst()), size == n, [1, 2, 4, 8].contains(size) else { return nil }
        var u: UInt64 = 0
        for (i, x) in b.enumerated() { u |= UInt64(x) << (8 * UInt64(i)) }
        switch kind {
        case "i":
            let shift = UInt64(64 - 8 * size)
            return .int(Int64(bitPattern: u << shift) >> Int64(shift))
        case "u":
            return u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigInt(byteCount: 8)
        case "f" where size == 8: return .float(Double(bitPattern: u))
        case "f" where size == 4: return .float(Double(Float(bitPattern: UInt32(u))))
        case "b" where size == 1: return .bool(u != 0)
        default: return nil
        }
    }

    // MARK: - BUILD

    /// `obj.__setstate__(state)` or `obj.__dict__.update(state)`: recorded for objects, ignored for
    /// dicts (a state dict's `_metadata`) and tensors (a parameter's state).
    static func build(_ target: PickleValue, state: PickleValue) {
        if case .object(let o) = target { o.state.append(state) }
    }

    // MARK: - BINPERSID

    /// `('storage', storage_type, key, location, numel[, view_metadata])`.
    static func persistentLoad(_ pid: PickleValue) throws(Refusal) -> PickleValue {
        guard let t = pid.tupleItems, t.count >= 5, case .string(let tag) = t[0], tag == "storage" else {
            throw Refusal(reason: "a persistent id that is not a torch storage (\(pid.kindDescription))")
        }
        let dtype: String
        switch t[1] {
        case .global(let module, let name) where module == "torch" || module == "torch.storage" || module == "torch.cuda":
            // A storage class, or a dtype with an untyped storage.
            guard let d = storageDtypes[name] ?? (module == "torch" ? dtypeAttributes[name] : nil) else {
                throw Refusal(reason: "a storage of the unknown class \(module).\(name)")
            }
            dtype = d
        default:
            throw Refusal(reason: "a storage whose type is \(t[1].kindDescription), not a torch storage class")
        }
        guard case .string(let key) = t[2] else { throw Refusal(reason: "a storage whose key is \(t[2].kindDescription)") }
        let location: String
        if case .string(let l) = t[3] { location = l } else { location = "?" }
        guard case .int(let numel) = t[4], numel >= 0 else {
            throw Refusal(reason: "storage '\(key)' with an element count of \(t[4].kindDescription)")
        }
        return .storage(TorchStorageRef(dtype: dtype, key: key, location: location, elementCount: numel))
    }
}
