/// TensorFlow V2 checkpoint index (`<prefix>.index`, a TensorBundle) → the variable listing that
/// `tf.train.list_variables` plus `get_variable_to_dtype_map` give, or one precise
/// `CheckpointError`.
///
/// What is listed (TF's `CheckpointReader::BuildV2VarMaps`): every key except the header (the
/// empty key) and the slice keys of partitioned variables, which appear once under their plain
/// name with the full shape. Object-based keys (`.../.ATTRIBUTES/VARIABLE_VALUE`,
/// `_CHECKPOINTABLE_OBJECT_GRAPH`) are listed as they are.
///
/// Checked, each giving one error: footer and magic, block bounds, every block's masked CRC32C,
/// block structure, keys strictly increasing (TF does not check this and silently misreads
/// duplicates), the header entry present first (TF silently drops the first tensor otherwise),
/// TF's version rules, every entry's protobuf and shape (TF aborts on those).
public enum TensorBundle {
    /// A parsed index: the header and the listing.
    public struct Index: Sendable {
        public var header: TensorBundleHeader
        /// In key order (byte order), partitioned variables once.
        public var variables: [CheckpointVariable]
        /// All entries in the table, the header and slice entries included.
        public var entryCount: Int
        public var dataBlockCount: Int
    }

    /// Reads `path` (an `.index` file) once and lists it.
    public static func read(path: String) throws(CheckpointError) -> Checkpoint {
        let bytes = try FileBytes.read(path)
        let index = try parse(bytes, file: path)
        return Checkpoint(path: path, format: .tfIndex, variables: index.variables)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(CheckpointError) -> Index {
        try withBytes(bytes) { raw throws(CheckpointError) in try parse(raw, file: file) }
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws(CheckpointError) -> Index {
        let table = try TensorBundleTable(bytes: bytes, file: file)
        let indexRange = try table.block(table.index, kind: "index")
        var indexBlock = try TensorBundleTable.BlockIterator(
            bytes: bytes, block: indexRange, file: file, location: "index block at offset \(table.index.offset)",
            keyBuffer: [])

        var header: TensorBundleHeader?
        var variables: [CheckpointVariable] = []
        var dims: [Int] = []
        dims.reserveCapacity(8)
        var keyBuffer: [UInt8] = []
        keyBuffer.reserveCapacity(256)
        var lastKey: [UInt8] = []
        var entryCount = 0
        var blockCount = 0
        // Partitioned variables: slice keys the full entries refer to, and the 0x00-keyed entries
        // seen (they sort before every name, so all of them come before any full entry).
        var referencedSliceKeys: Set<[UInt8]> = []
        var sliceKeyed: [(key: [UInt8], variable: CheckpointVariable)] = []

        while try indexBlock.next() {
            if indexBlock.orderAfterPrevious <= 0 {
                throw indexBlock.fail("index keys are not strictly increasing")
            }
            var handleWire = ProtobufWire(bytes, range: indexBlock.value)
            guard let offset = handleWire.varint(), let size = handleWire.varint() else {
                throw indexBlock.fail("malformed block handle (bad varint) in the index block")
            }
            let handle = TensorBundleTable.BlockHandle(offset: offset, size: size)
            let dataRange = try table.block(handle, kind: "data")
            blockCount += 1
            let location = "data block at offset \(offset)"
            var block = try TensorBundleTable.BlockIterator(
                bytes: bytes, block: dataRange, file: file, location: location, keyBuffer: keyBuffer)
            while try block.next() {
                let key = block.key
                let order: Int
                if block.entryNumber == 0 {
                    order = entryCount == 0 ? 1 : key.withUnsafeBytes { k in
                        lastKey.withUnsafeBytes { l in compareBytes(k, l) }
                    }
                } else {
                    order = block.orderAfterPrevious
                }
                if order <= 0 {
                    throw CheckpointError(
                        file: file, location: "entry '\(display(key))' (\(location))",
                        reason: order == 0
                            ? "duplicate key: the key occurs twice; keys must be strictly increasing"
                            : "keys not sorted: '\(display(key))' follows '\(display(block.entryNumber == 0 ? lastKey : block.previousKeyWhenDisordered))'; keys must be strictly increasing in byte order")
                }
                entryCount += 1
                if entryCount == 1 {
                    guard key.isEmpty else {
                        throw CheckpointError(
                            file: file, location: "entry '\(display(key))' (\(location))",
                            reason: "missing header entry: the first key is '\(display(key))', not the empty key of the BundleHeaderProto")
                    }
                    let h: TensorBundleHeader
                    do { h = try TensorBundleProtos.decodeHeader(bytes, block.value) } catch {
                        throw CheckpointError(file: file, location: "header entry (\(location))", reason: error.reason)
                    }
                    if let problem = h.versionProblem {
                        throw CheckpointError(file: file, location: "header entry (\(location))", reason: problem)
                    }
                    header = h
                    continue
                }
                let entry: BundleEntry
                do { entry = try TensorBundleProtos.decodeEntry(bytes, block.value, dims: &dims) } catch {
                    throw CheckpointError(file: file, location: "entry '\(display(key))' (\(location))", reason: error.reason)
                }
                guard let dtype = TensorFlowDType.name(entry.dtype) else {
                    throw CheckpointError(
                        file: file, location: "entry '\(display(key))' (\(location))",
                        reason: "invalid dtype DT_INVALID (0): the entry is corrupt")
                }
                let variable = CheckpointVariable(
                    name: String(decoding: key, as: UTF8.self), dtype: dtype, shape: entry.shape)
                if key.first == 0 {
                    sliceKeyed.append((key, variable))
                } else {
                    if !entry.slices.isEmpty {
                        for slice in entry.slices {
                            referencedSliceKeys.insert(TensorBundleSliceKey.encode(name: key, slice: slice))
                        }
                    }
                    variables.append(variable)
                }
            }
            // TF finds keys through the index: a key above its block's separator cannot be found.
            if block.entryNumber >= 0 {
                let beyond = block.key.withUnsafeBytes { k in
                    indexBlock.key.withUnsafeBytes { s in compareBytes(k, s) }
                }
                if beyond > 0 {
                    throw CheckpointError(
                        file: file, location: "index block at offset \(table.index.offset)",
                        reason: "index key '\(display(indexBlock.key))' sorts before the last key '\(display(block.key))' of the \(location)")
                }
                lastKey = block.key
            }
            keyBuffer = block.takeKeyBuffer()
        }
        guard let header else {
            throw CheckpointError(
                file: file, location: "index block at offset \(table.index.offset)",
                reason: "missing header entry: the table has no entries")
        }
        if !sliceKeyed.isEmpty {
            let unreferenced = sliceKeyed.filter { !referencedSliceKeys.contains($0.key) }.map(\.variable)
            if !unreferenced.isEmpty { variables.insert(contentsOf: unreferenced, at: 0) }
        }
        return Index(header: header, variables: variables, entryCount: entryCount, dataBlockCount: blockCount)
    }

    /// A key for messages: UTF-8 as is, control bytes and invalid UTF-8 as \xNN.
    static func display(_ key: [UInt8]) -> String {
        var s = ""
        for u in String(decoding: key, as: UTF8.self).unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { s += "\\x" + hex2(UInt8(u.value)) } else { s.unicodeScalars.append(u) }
        }
        return s
    }
}
