"""A small reader/writer of TensorFlow's checkpoint-index SSTable, used by generate.py only to
derive corrupt variants from the real files TensorFlow wrote (no TensorFlow import here)."""
import struct

MAGIC = 0xDB4775248B80FB57
_POLY = 0x82F63B78
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def mask(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def read_varint(buf, pos):
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def block_entries(block):
    n = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * n
    pos, key, out = 0, b"", []
    while pos < end:
        shared, pos = read_varint(block, pos)
        non_shared, pos = read_varint(block, pos)
        vlen, pos = read_varint(block, pos)
        key = key[:shared] + block[pos:pos + non_shared]
        pos += non_shared
        out.append((key, block[pos:pos + vlen]))
        pos += vlen
    return out


def read_table(data):
    """[(key, value)] of every data block, in file order."""
    footer = data[-48:]
    assert struct.unpack_from("<Q", footer, 40)[0] == MAGIC
    pos = 0
    _, pos = read_varint(footer, pos)
    _, pos = read_varint(footer, pos)
    io, pos = read_varint(footer, pos)
    isz, pos = read_varint(footer, pos)
    entries = []
    for _, handle in block_entries(data[io:io + isz]):
        off, p = read_varint(handle, 0)
        size, _ = read_varint(handle, p)
        entries.extend(block_entries(data[off:off + size]))
    return entries


def build_block(entries, interval):
    out = bytearray()
    restarts = []
    prev = b""
    for i, (key, value) in enumerate(entries):
        if i % interval == 0:
            restarts.append(len(out))
            shared = 0
        else:
            shared = 0
            while shared < min(len(prev), len(key)) and prev[shared] == key[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        prev = key
    if not restarts:
        restarts = [0]
    for r in restarts:
        out += struct.pack("<I", r)
    out += struct.pack("<I", len(restarts))
    return bytes(out)


def with_trailer(contents, type_byte=0):
    return contents + bytes([type_byte]) + struct.pack("<I", mask(crc32c(contents + bytes([type_byte]))))


def write_table(entries, raw_data_blocks=None):
    """One data block (or the given raw block contents, each with a separator key), an empty
    metaindex, the index block and the footer. Keys are written in the order given (no sorting),
    so unsorted and duplicate keys can be produced on purpose."""
    blocks = raw_data_blocks or [(entries[-1][0] + b"\xff" if entries else b"\xff", build_block(entries, 16))]
    out = bytearray()
    index_entries = []
    for sep, contents in blocks:
        index_entries.append((sep, varint(len(out)) + varint(len(contents))))
        out += with_trailer(contents)
    meta_handle = varint(len(out)) + varint(8)
    out += with_trailer(build_block([], 1))
    index = build_block(index_entries, 1)
    index_handle = varint(len(out)) + varint(len(index))
    out += with_trailer(index)
    footer = meta_handle + index_handle
    footer += b"\x00" * (40 - len(footer)) + struct.pack("<Q", MAGIC)
    return bytes(out + footer)
