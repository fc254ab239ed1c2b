// UTF-8 for environments without TextDecoder/TextEncoder (Jest's jsdom environment): the wasm-bindgen glue needs
// them to pass strings. Used only where the global is missing; inlined by scripts/build-pkg.mjs.
var TextDecoder = globalThis.TextDecoder || function () {
  this.decode = function (bytes) {
    var out = '';
    for (var i = 0; bytes && i < bytes.length; ) {
      var c = bytes[i++];
      if (c >= 0xf0) c = ((c & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      else if (c >= 0xe0) c = ((c & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
      else if (c >= 0xc0) c = ((c & 31) << 6) | (bytes[i++] & 63);
      out += String.fromCodePoint(c);
    }
    return out;
  };
};
var TextEncoder = globalThis.TextEncoder || function () {
  this.encode = function (text) {
    var out = [];
    for (var ch of String(text)) {
      var c = ch.codePointAt(0);
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  };
};
