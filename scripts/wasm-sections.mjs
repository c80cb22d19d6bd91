// The little of the wasm binary format the packaging scripts need: LEB128 numbers, names, and the list of
// sections. Each script rewrites only the sections it cares about and copies the rest byte for byte.

/** The unsigned LEB128 number at `pos`: `[value, position after it]`. */
export function readU32(buf, pos) {
  let result = 0;
  let shift = 0;
  let b;
  do {
    b = buf[pos++];
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [result >>> 0, pos];
}

/** `n` as unsigned LEB128. */
export function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}

/** A length-prefixed UTF-8 name. */
export function name(s) {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([u32(b.length), b]);
}

/** The name at `pos`: `[string, position after it]`. */
export function readName(buf, pos) {
  const [len, at] = readU32(buf, pos);
  return [buf.subarray(at, at + len).toString('utf8'), at + len];
}

/** A section: its id, then its payload, length-prefixed. */
export function section(id, payload) {
  return Buffer.concat([Buffer.from([id]), u32(payload.length), payload]);
}

/** The module's sections in order: `{ id, start, body, end }` (`start` at the id byte, `body` at the payload). */
export function sections(bytes, file = 'the input') {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file} is not a wasm module`);
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const [size, body] = readU32(bytes, pos + 1);
    out.push({ id: bytes[pos], start: pos, body, end: body + size });
    pos = body + size;
  }
  return out;
}

/**
 * A new module from `bytes`: each section goes through `replace(section)`, which returns the bytes to put in
 * its place (see `section`), `null` to drop it, or `undefined` to keep it as it is.
 */
export function rewriteSections(bytes, file, replace) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections(bytes, file)) {
    const out = replace(s);
    if (out === undefined) parts.push(bytes.subarray(s.start, s.end));
    else if (out !== null) parts.push(out);
  }
  return Buffer.concat(parts);
}

/**
 * The imports of an import section, in order: `{ module, field, kind, desc, end }`, where `desc`..`end` is the
 * import's description. Kinds: 0 function, 1 table, 2 memory, 3 global.
 */
export function imports(buf, { body, end }) {
  let [count, pos] = readU32(buf, body);
  const out = [];
  for (let i = 0; i < count; i++) {
    let module, field;
    [module, pos] = readName(buf, pos);
    [field, pos] = readName(buf, pos);
    const desc = pos;
    const kind = buf[pos++];
    if (kind === 0) [, pos] = readU32(buf, pos); // type index
    else if (kind === 1 || kind === 2) {
      if (kind === 1) pos++; // reftype
      const flags = buf[pos++];
      [, pos] = readU32(buf, pos);
      if (flags & 1) [, pos] = readU32(buf, pos);
    } else if (kind === 3) pos += 2; // valtype, mutability
    else throw new Error(`import ${module}.${field}: unknown kind ${kind}`);
    out.push({ module, field, kind, desc, end: pos });
  }
  if (pos !== end) throw new Error('import section parse mismatch');
  return out;
}

/** The function names of a `name` custom section (its subsection 1), as a Map of function index → name. */
export function functionNames(bytes, { body, end }) {
  const names = new Map();
  let [, p] = readName(bytes, body);
  while (p < end) {
    const [size, at] = readU32(bytes, p + 1);
    if (bytes[p] === 1) {
      let [count, q] = readU32(bytes, at);
      for (let i = 0; i < count; i++) {
        let index, fn;
        [index, q] = readU32(bytes, q);
        [fn, q] = readName(bytes, q);
        names.set(index, fn);
      }
    }
    p = at + size;
  }
  return names;
}
