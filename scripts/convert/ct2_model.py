"""Reader for CTranslate2's model.bin (binary versions 3-6), numpy only. Own code.

Layout (all little-endian): u32 binary_version; (version >= 2) string spec name, u32 spec revision;
u32 variable count; per variable: string name, u8 rank, u32 dims[rank], u8 dtype id (version >= 4; older
files store an item size), u32 byte count, raw bytes; then u32 alias count and (alias, target) string
pairs. A string is u16 length (counting a trailing NUL) followed by the bytes and the NUL.
"""
import struct

import numpy as np

# CTranslate2 DataType ids as the serializer writes them (float32, int8, int16, int32, float16, bfloat16).
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}
_ITEM_SIZE_DTYPES = {4: np.float32, 2: np.float16, 1: np.int8}


class Ct2Model:
    """variables: name -> numpy array (bfloat16 widened to float32); aliases resolved."""

    def __init__(self, version, spec, revision, variables):
        self.version = version
        self.spec = spec
        self.revision = revision
        self.variables = variables


def _bf16_to_f32(raw):
    u16 = np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16
    return u16.view(np.float32)


def read_ct2_model(data):
    """data: bytes of model.bin (or a path)."""
    if isinstance(data, str):
        with open(data, "rb") as f:
            data = f.read()
    mv = memoryview(data)
    pos = 0

    def take(fmt):
        nonlocal pos
        size = struct.calcsize(fmt)
        if pos + size > len(mv):
            raise ValueError(f"model.bin is truncated at byte {pos} (wanted {size} more bytes)")
        out = struct.unpack_from(fmt, mv, pos)
        pos += size
        return out

    def string():
        nonlocal pos
        (n,) = take("<H")
        if pos + n > len(mv):
            raise ValueError(f"model.bin is truncated inside a string at byte {pos}")
        s = bytes(mv[pos : pos + n]).rstrip(b"\0").decode("utf-8")
        pos += n
        return s

    (version,) = take("<I")
    if version < 3 or version > 6:
        raise ValueError(f"model.bin binary version {version} is not supported (3-6 are)")
    spec, revision = string(), take("<I")[0]
    (count,) = take("<I")
    variables = {}
    for _ in range(count):
        name = string()
        (rank,) = take("<B")
        dims = take("<" + "I" * rank) if rank else ()
        if version >= 4:
            (type_id,) = take("<B")
            if type_id not in _DTYPES:
                raise ValueError(f"model.bin variable {name}: unknown dtype id {type_id}")
            dtype = _DTYPES[type_id]
        else:
            (item_size,) = take("<B")
            dtype = _ITEM_SIZE_DTYPES[item_size]
        (nbytes,) = take("<I")
        if pos + nbytes > len(mv):
            raise ValueError(f"model.bin is truncated inside variable {name}")
        raw = mv[pos : pos + nbytes]
        pos += nbytes
        arr = _bf16_to_f32(raw) if dtype == "bfloat16" else np.frombuffer(raw, dtype=dtype)
        expected = int(np.prod(dims)) if dims else 1
        if arr.size != expected:
            raise ValueError(f"model.bin variable {name}: {arr.size} values for shape {dims}")
        variables[name] = arr.reshape(dims) if dims else arr.reshape(())
    if pos < len(mv):
        (n_alias,) = take("<I")
        for _ in range(n_alias):
            alias, target = string(), string()
            if target not in variables:
                raise ValueError(f"model.bin alias {alias} names a missing variable {target}")
            variables[alias] = variables[target]
    return Ct2Model(version, spec, revision, variables)
