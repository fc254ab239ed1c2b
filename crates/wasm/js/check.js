// Checks a `JSON.parse` result against core's shape tables (./tables.js, generated from hostup-core's declarations
// by hostup_core::js_tables) exactly as core's walker does (crates/core/src/shape.rs `Walk`): the same checks in the
// same order, so the same first failure; absent fields filled (`null`, `true`, `[]` or the default object); open
// objects given their `rest` member as crates/wasm/src/json.rs did; drift collected when asked. It holds no message:
// a failure is a structured reason the wasm words with core's builders (tests/check-parity.test.mjs runs both on
// the corpus core's shape tests generate).
import { shapes, checks, enums, wires, roots } from './tables.js';

// Field type codes (core's `Ty::code`) and what an absent field means (js_tables.rs).
const STR = 0, ENUM = 1, NUM = 2, WHOLE = 3, BOOL = 4, MAP = 5, OBJ = 6, LIST = 7;
const REQUIRED = 0, NULL = 1, TRUE = 2;
// Reasons: [pointer, 0] no body; [pointer, 1, name] missing; [pointer, 2, type code, found kind]; [pointer, 3, max].
const NO_BODY = 0, MISSING = 1, WRONG = 2, BOUND = 3;
const TWO_64 = 18446744073709551616;

// The fields as objects (one hidden class, read in the hot loop); `declared` for drift and `rest`.
const table = shapes.map(([fields, rest]) => ({
  fields: fields.map(([n, t, a, z, m]) => ({ n, t, a, z: z === 1, m })),
  names: fields.map((f) => f[0]),
  rest,
  open: false,
}));
// Whether a shape or one inside it is open (json.rs `has_rest`).
const open = (s, seen = new Set()) => {
  if (seen.has(s)) return false;
  seen.add(s);
  const t = table[s];
  return Boolean(t.rest) || t.fields.some((f) => (f.t === OBJ || f.t === LIST) && open(f.a, seen));
};
table.forEach((t, i) => (t.open = open(i)));

/** core's `Kind` number of a JSON value: 0 null, 1 bool, 2 number, 3 string, 4 array, 5 object. */
function kind(v) {
  switch (typeof v) {
    case 'string':
      return 3;
    case 'number':
      return 2;
    case 'boolean':
      return 1;
    case 'object':
      return v === null ? 0 : Array.isArray(v) ? 4 : 5;
    default:
      return 0;
  }
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const escape = (key) => key.replace(/~/g, '~0').replace(/\//g, '~1');

class Refused {
  constructor(reason) {
    this.reason = reason;
  }
}
const refuse = (...reason) => {
  throw new Refused(reason);
};

function defaultObject(s) {
  const o = {};
  for (const f of table[s].fields) o[f.n] = f.m === TRUE ? true : f.m === 3 ? (f.t === OBJ ? defaultObject(f.a) : []) : null;
  return o;
}

/** The pointer of `path` (the segments down to the object being checked), and of its member `name`. */
function pointer(path, name) {
  let p = '';
  for (const segment of path) p += `/${segment}`;
  return name === undefined ? p : `${p}/${name}`;
}

/**
 * Checks object `v` against shape `s` in check `c`: `c.p` the path down to `v`, `c.d` the drift found (`[pointer,
 * kind, value]` each) or null, `c.f` whether absent fields are filled. The pointer is only written out for a
 * refusal or a drift: building it for every object would cost more than the check. The fields are read by
 * tables.js's straight-line `checks[s]` (a list item's shape), which passes what needs nothing more and hands every
 * other value to `field`, or else each by `field`.
 */
function object(v, s, c) {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) refuse(pointer(c.p), WRONG, OBJ, kind(v));
  const straight = checks[s];
  if (straight) straight(v, c, field);
  else {
    const fields = table[s].fields;
    for (let j = 0; j < fields.length; j++) field(s, j, v[fields[j].n], v, c);
  }
  if (c.d && !table[s].rest) undeclared(v, table[s].names, pointer(c.p), c.d);
}

/** The check of field `j` of shape `s` in object `v` (check `c`), whose value is `x`. */
function field(s, j, x, v, c) {
  const f = table[s].fields[j];
  const path = c.p;
  if (x === undefined) {
    if (f.m === REQUIRED) refuse(pointer(path, f.n), MISSING, f.n);
    if (c.f) v[f.n] = f.m === NULL ? null : f.m === TRUE ? true : f.t === OBJ ? defaultObject(f.a) : [];
    return;
  }
  if (x === null && f.z) return;
  switch (f.t) {
    case STR:
      if (typeof x === 'string') return;
      break;
    case ENUM:
      if (typeof x === 'string') {
        if (c.d && !enums[f.a].includes(x)) c.d.push([pointer(path, f.n), 1, x]);
        return;
      }
      break;
    case NUM:
      if (typeof x === 'number' && Number.isFinite(x)) return;
      break;
    case WHOLE:
      if (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < TWO_64 && x <= f.a) return;
      if (typeof x === 'number') refuse(pointer(path, f.n), BOUND, f.a);
      break;
    case BOOL:
      if (typeof x === 'boolean') return;
      break;
    case MAP:
      if (isObject(x)) return;
      break;
    case OBJ:
      path.push(f.n);
      object(x, f.a, c);
      path.pop();
      return;
    default: {
      if (!Array.isArray(x)) refuse(pointer(path, f.n), WRONG, LIST, kind(x));
      path.push(f.n, 0);
      const last = path.length - 1;
      for (let i = 0; i < x.length; i++) {
        path[last] = i;
        object(x[i], f.a, c);
      }
      path.length -= 2;
      return;
    }
  }
  refuse(pointer(path, f.n), WRONG, f.t, kind(x));
}

function undeclared(v, names, at, drift) {
  for (const key of Object.keys(v)) if (!names.includes(key)) drift.push([`${at}/${escape(key)}`, 0]);
}

/** Gives each open object its `rest` member: the members its shape does not declare (json.rs `add_rest`). */
function addRest(v, s) {
  const t = table[s];
  if (t.rest) {
    const extra = {};
    for (const key of Object.keys(v)) if (!t.names.includes(key)) extra[key] = v[key];
    v[t.rest] = extra;
  }
  for (const f of t.fields) {
    if ((f.t !== OBJ && f.t !== LIST) || !table[f.a].open) continue;
    const member = v[f.n];
    if (f.t === LIST) {
      if (Array.isArray(member)) member.forEach((item) => addRest(item, f.a));
    } else if (typeof member === 'object' && member !== null) addRest(member, f.a);
  }
}

// Strict UTF-8 (invalid bytes are refused, and the wasm names them), the BOM kept as `JSON.parse` then refuses it.
// Where the environment lacks TextDecoder (Jest's jsdom), `decodeURIComponent` is the strict decoder.
const utf8 = globalThis.TextDecoder
  ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  : {
      decode(bytes) {
        let s = '';
        for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
        return decodeURIComponent(escape(s));
      },
    };
const BLANK = /^[ \t\n\f\r]*$/;

/**
 * Reads a success body (`bytes`) as the output of `endpoint`: its text is `JSON.parse`d (a blank body is none) and
 * checked. `[output]`, or `[undefined, reason]`, where a `null` reason means the body is not UTF-8 JSON.
 */
export function read(endpoint, bytes, drift) {
  if (wires[endpoint][0] === 4) return [null];
  let root;
  try {
    const text = utf8.decode(bytes);
    if (!BLANK.test(text)) root = JSON.parse(text);
  } catch {
    return [undefined, null];
  }
  return check(endpoint, root, drift, true);
}

/**
 * Checks `root` (a `JSON.parse` result, `undefined` for a blank body) as the output of `endpoint` (or a root of
 * tables.js's `roots`, as a body): `[output]`, or `[undefined, reason]`. `drift` (an array, or null) collects what
 * the contract does not declare; with `fill` false, `root` is left as it is (a caller's operation).
 */
export function check(endpoint, root, drift, fill) {
  const [wire, key, s] = wires[endpoint] || [0, '', roots[endpoint]];
  try {
    if (root === undefined) {
      if (wire === 2 || wire === 4) return [null];
      refuse('', NO_BODY);
    }
    let out = root;
    if (wire === 4) return [null];
    if (wire === 1 || wire === 2) {
      object(root, s, { p: [], d: drift, f: fill });
      return [root.operation];
    }
    if (wire === 3 && isObject(root) && root[key] !== undefined) {
      out = root[key];
      if (drift) undeclared(root, [key], '', drift);
      object(out, s, { p: [key], d: drift, f: fill });
    } else object(root, s, { p: [], d: drift, f: fill });
    if (fill && table[s].open) addRest(out, s);
    return [out];
  } catch (e) {
    // Anything else (a getter of a caller's object that throws) is a refusal too: nothing may throw through the wasm.
    return [undefined, e instanceof Refused ? e.reason : null];
  }
}
