// The certificate lookup (DESIGN.md "Certificate codes and lookup"). WebCrypto only, no other script.
// The code never leaves the page: it is read from the URL fragment or the form, checked with its check
// symbol, and turned with HKDF into the record's id (which shard to fetch, which record in it) and its
// AES-GCM key. The format is written by ustaz/certificates/lookup.py.
(function () {
  "use strict";
  var LABELS = /*LABELS*/{};
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var CHECK = ALPHABET + "*~$=U";
  var root = document.getElementById("ustaz-verify");
  if (!root) return;
  var lang = root.getAttribute("data-lang");
  var base = root.getAttribute("data-base");
  var L = LABELS[lang] || LABELS.en;
  var form = document.getElementById("verify-form");
  var input = document.getElementById("verify-code");
  var out = document.getElementById("verify-result");
  var asOf = document.getElementById("verify-as-of");
  var manifest = null;
  var signedBy = "";

  function normalize(text) {
    return text.trim().toUpperCase().replace(/[\s\-\u2010-\u2014]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  }
  function display(code) { return code.match(/.{1,4}/g).join("-"); }
  function problem(code) {
    if (code.length !== 20) return "bad_length";
    var value = 0;
    for (var i = 0; i < 19; i++) {
      var v = ALPHABET.indexOf(code[i]);
      if (v < 0) return "bad_symbol";
      value = (value * 32 + v) % 37;
    }
    if (CHECK.indexOf(code[19]) < 0) return "bad_symbol";
    return CHECK[value] === code[19] ? null : "typo";
  }
  function utf8(s) { return new TextEncoder().encode(s); }
  function today() {
    var d = new Date();
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }
  function clear() { while (out.firstChild) out.removeChild(out.firstChild); }
  function say(status, text) {
    clear();
    out.setAttribute("data-status", status);
    var p = document.createElement("p");
    p.className = "verify-verdict";
    p.textContent = text;
    out.appendChild(p);
    return p;
  }
  function row(dl, label, value) {
    if (value === undefined || value === null || value === "") return;
    var dt = document.createElement("dt"); dt.textContent = label;
    var dd = document.createElement("dd"); dd.textContent = String(value);
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function pick(names) {
    if (!names) return "";
    return names[lang] || names.en || names[Object.keys(names)[0]] || "";
  }
  function b64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function BadSignature() { this.name = "BadSignature"; }
  var publicKey = null;
  function verified(signature, data) {
    if (!publicKey) return Promise.resolve(true);
    return crypto.subtle.verify({name: "Ed25519"}, publicKey, signature, data).then(function (ok) {
      if (!ok) throw new BadSignature();
      return true;
    });
  }
  function fingerprint(raw) {
    return crypto.subtle.digest("SHA-256", raw).then(function (d) {
      var hex = Array.prototype.map.call(new Uint8Array(d).subarray(0, 8), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("").toUpperCase();
      return hex.match(/.{4}/g).join(" ");
    });
  }
  function getManifest() {
    if (manifest) return Promise.resolve(manifest);
    var wrapper;
    return fetch(base + "data/index.json").then(function (r) {
      if (!r.ok) throw new Error("manifest " + r.status);
      return r.json();
    }).then(function (w) {
      wrapper = w;
      if (!w.public_key) return null;
      var raw = b64(w.public_key);
      return crypto.subtle.importKey("raw", raw, {name: "Ed25519"}, false, ["verify"]).then(function (k) {
        publicKey = k;
        return verified(b64(w.signature), utf8(w.manifest));
      }).then(function () { return fingerprint(raw); }).then(function (f) { signedBy = f; });
    }).then(function () {
      manifest = JSON.parse(wrapper.manifest);
      return manifest;
    });
  }
  function compare(a, ai, b) {
    for (var i = 0; i < 16; i++) { if (a[ai + i] !== b[i]) return a[ai + i] - b[i]; }
    return 0;
  }
  function find(shard, id, size) {
    var lo = 0, hi = shard.length / size - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var c = compare(shard, mid * size, id);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }
  function lookup(code) {
    var m, okm, name;
    return getManifest().then(function (got) {
      m = got;
      if (asOf) asOf.textContent = L.as_of + ": " + m.as_of;
      return crypto.subtle.importKey("raw", utf8(code), "HKDF", false, ["deriveBits"]);
    }).then(function (ikm) {
      return crypto.subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt: utf8(m.salt), info: utf8(m.info)},
                                      ikm, 640);
    }).then(function (bits) {
      okm = new Uint8Array(bits);
      var head = ((okm[0] << 24) | (okm[1] << 16) | (okm[2] << 8) | okm[3]) >>> 0;
      var shard = (m.shard_bits === 0 ? 0 : head >>> (32 - m.shard_bits)).toString(16);
      while (shard.length < Math.ceil(m.shard_bits / 4)) shard = "0" + shard;
      name = shard;
      return fetch(base + "data/" + shard + ".bin");
    }).then(function (r) {
      if (!r.ok) throw new Error("shard " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var whole = new Uint8Array(buf);
      var header = m.shard_header || 0;
      var shard = whole.subarray(header);
      var prefix = utf8("ustaz-verify/1|" + m.as_of + "|" + name + "|");
      var message = new Uint8Array(prefix.length + shard.length);
      message.set(prefix); message.set(shard, prefix.length);
      return verified(whole.slice(0, header), message).then(function () { return shard; });
    }).then(function (shard) {
      var size = m.record_size;
      var at = find(shard, okm.subarray(0, 16), size);
      if (at < 0) return null;
      var rec = shard.subarray(at * size, (at + 1) * size);
      return crypto.subtle.importKey("raw", okm.slice(16, 48), "AES-GCM", false, ["decrypt"]).then(function (key) {
        return crypto.subtle.decrypt({name: "AES-GCM", iv: rec.slice(16, 28)}, key, rec.slice(28));
      }).then(function (plain) {
        return JSON.parse(new TextDecoder().decode(plain));
      });
    });
  }
  function show(code, rec) {
    if (!rec) { say("not-found", L.not_found + ": " + display(code)); return; }
    var status = rec.s === "revoked" ? "revoked" : (rec.v < today() ? "expired" : "valid");
    say(status, L[status] + ": " + display(code));
    var dl = document.createElement("dl");
    var prog = manifest.programs[rec.p];
    row(dl, L.holder, rec.h);
    row(dl, L.program, prog ? pick(prog.title) : rec.p);
    row(dl, L.hours, rec.n);
    row(dl, L.course_ended, rec.e);
    row(dl, L.issued, rec.i);
    row(dl, status === "expired" ? L.expired_on : L.valid_until, rec.v);
    if (status === "revoked") { row(dl, L.revoked_on, rec.r); row(dl, L.reason, rec.rr); }
    row(dl, L.supersedes, rec.sp);
    row(dl, L.issuer, pick(manifest.issuer));
    out.appendChild(dl);
    if (signedBy) {
      var sig = document.createElement("p");
      sig.className = "verify-signed";
      sig.textContent = L.signed + ": " + signedBy;
      out.appendChild(sig);
    }
  }
  function check(text) {
    var code = normalize(text);
    if (!code) { clear(); return; }
    var why = problem(code);
    if (why) { say("typo", L[why]); return; }  // caught before any lookup
    if (!window.crypto || !crypto.subtle) { say("error", L.no_crypto); return; }
    say("checking", L.checking);
    lookup(code).then(function (rec) { show(code, rec); }, function (err) {
      if (err instanceof BadSignature) say("bad-signature", L.bad_signature); else say("error", L.error);
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var code = normalize(input.value);
    if (code && !problem(code)) history.replaceState(null, "", "#" + display(code));
    check(input.value);
  });
  function fromHash() {
    var text = location.hash.replace(/^#/, "");
    try { text = decodeURIComponent(text); } catch (e) { /* keep it as typed */ }
    if (text) { input.value = text; check(text); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
