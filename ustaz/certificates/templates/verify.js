// The certificate lookup (DESIGN.md "Certificate codes and lookup"). WebCrypto only, no other script.
// The code never leaves the page: it is read from the URL fragment or the form, checked with its check
// symbol, and turned with HKDF into the record's place (which shard to fetch), its slots' tags (which slots in
// it) and its AES-GCM key. The format is written by ustaz/certificates/lookup.py and lookup_record.py.
// PINNED is the centre's public key, written in at build time from data/certificates/lookup-key.pub: when it is
// set, data that is unsigned or signed with another key is refused, whatever key the data itself names.
(function () {
  "use strict";
  var LABELS = /*LABELS*/{};
  var PINNED = /*PUBLIC_KEY*/"";
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
  function BadSignature(kind) { this.name = "BadSignature"; this.kind = kind || "bad_signature"; }
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
      if (!PINNED) return null;  // the site pins no key: the data is read as unsigned
      if (!w.signature) throw new BadSignature("unsigned");
      if (w.public_key !== PINNED) throw new BadSignature("other_key");
      var raw = b64(PINNED);
      return crypto.subtle.importKey("raw", raw, {name: "Ed25519"}, false, ["verify"]).then(function (k) {
        publicKey = k;
        return verified(b64(w.signature), utf8(w.manifest));
      }).then(function () { return fingerprint(raw); }).then(function (f) { signedBy = f; });
    }).then(function () {
      var m = JSON.parse(wrapper.manifest);
      if (m.format !== "ustaz-verify/2") throw new Error("format " + m.format);
      manifest = m;
      return manifest;
    });
  }
  function compare(a, ai, b) {
    for (var i = 0; i < b.length; i++) { if (a[ai + i] !== b[i]) return a[ai + i] - b[i]; }
    return 0;
  }
  function find(shard, tag, size) {
    var lo = 0, hi = shard.length / size - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var c = compare(shard, mid * size, tag);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }
  function day(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  // the record's binary form (ustaz/certificates/lookup_record.py)
  function decode(b) {
    var view = new DataView(b.buffer, b.byteOffset, b.byteLength), at = 10, dec = new TextDecoder("utf-8", {fatal: true});
    function text() {
      var n = b[at];
      if (n & 0x80) { n = view.getUint16(at) & 0x7fff; at += 1; }
      at += 1;
      var s = dec.decode(b.subarray(at, at + n)); at += n;
      return s;
    }
    var flags = b[1];
    var rec = {s: flags & 1 ? "revoked" : "issued", n: view.getUint16(2), e: day(view.getUint16(4)),
               i: day(view.getUint16(6)), v: day(view.getUint16(8))};
    var revoked = 0;
    if (flags & 1) { revoked = view.getUint16(at); at += 2; }
    rec.h = text();
    rec.p = text();
    if (flags & 1) { rec.r = revoked ? day(revoked) : ""; rec.rr = text(); }
    if (flags & 2) rec.sp = display(text());
    return rec;
  }
  // the program's titles (verify/data/programs/<id>.json), fetched once a record names the program
  function titles(m, program) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(program)) return Promise.resolve(null);
    return fetch(base + "data/programs/" + program + ".json").then(function (r) {
      if (!r.ok) return null;
      return r.json().then(function (w) {
        var message = utf8(m.format + "|" + m.as_of + "|programs/" + program + "|" + w.program);
        return verified(publicKey ? b64(w.signature || "") : null, message).then(function () {
          return JSON.parse(w.program);
        });
      });
    });
  }
  function lookup(code) {
    var m, okm, name, key;
    return getManifest().then(function (got) {
      m = got;
      if (asOf) asOf.textContent = L.as_of + ": " + m.as_of;
      return crypto.subtle.importKey("raw", utf8(code), "HKDF", false, ["deriveBits"]);
    }).then(function (ikm) {
      return crypto.subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt: utf8(m.salt), info: utf8(m.info)},
                                      ikm, (68 + 8 * m.max_slots) * 8);
    }).then(function (bits) {
      okm = new Uint8Array(bits);
      var place = ((okm[0] << 24) | (okm[1] << 16) | (okm[2] << 8) | okm[3]) >>> 0;
      var index = Math.floor(place * m.shards / 4294967296);  // exact: below 2^53
      name = index.toString(16);
      var width = (m.shards - 1).toString(16).length;
      while (name.length < width) name = "0" + name;
      return fetch(base + "data/" + name + ".bin");
    }).then(function (r) {
      if (!r.ok) throw new Error("shard " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var whole = new Uint8Array(buf);
      var header = m.shard_header || 0;
      var shard = whole.subarray(header);
      var prefix = utf8(m.format + "|" + m.as_of + "|" + name + "|");
      var message = new Uint8Array(prefix.length + shard.length);
      message.set(prefix); message.set(shard, prefix.length);
      return verified(whole.slice(0, header), message).then(function () { return shard; });
    }).then(function (shard) {
      var size = m.slot_size;
      function part(j) {  // part j of the record: its slot found by tag j, decrypted
        var at = find(shard, okm.subarray(68 + 8 * j, 76 + 8 * j), size);
        if (at < 0) return Promise.resolve(null);
        var slot = shard.subarray(at * size, (at + 1) * size);
        return crypto.subtle.decrypt({name: "AES-GCM", iv: slot.slice(8, 20), additionalData: new Uint8Array([j])},
                                     key, slot.slice(20)).then(function (plain) { return new Uint8Array(plain); });
      }
      return crypto.subtle.importKey("raw", okm.slice(4, 36), "AES-GCM", false, ["decrypt"]).then(function (k) {
        key = k;
        return part(0);
      }).then(function (first) {
        if (!first) return null;
        var count = Math.max(1, Math.min(first[0], m.max_slots)), rest = [];
        for (var j = 1; j < count; j++) rest.push(part(j));
        return Promise.all(rest).then(function (more) {
          var total = first.length * count, whole = new Uint8Array(total);
          whole.set(first);
          more.forEach(function (p, j) {
            if (!p) throw new Error("missing part " + (j + 1));
            whole.set(p, first.length * (j + 1));
          });
          var rec = decode(whole);
          return titles(m, rec.p).then(function (t) {
            rec.title = t && t.title;
            rec.versions = t && t.versions;
            return rec;
          }, function (err) {
            if (err instanceof BadSignature) throw err;
            return rec;  // the titles could not be fetched: the page shows the program's id
          });
        });
      });
    });
  }
  function show(code, rec) {
    if (!rec) { say("not-found", L.not_found + ": " + display(code)); return; }
    // a record issued after the viewer's today is no certificate yet (`ustaz check`: register-dates)
    var status = rec.s === "revoked" ? "revoked" : rec.i > today() ? "not-yet-valid"
      : (rec.v < today() ? "expired" : "valid");
    say(status, L[status.replace(/-/g, "_")] + ": " + display(code));
    var dl = document.createElement("dl");
    row(dl, L.holder, rec.h);
    row(dl, L.program, rec.title ? pick(rec.title) || rec.p : rec.p);
    version(dl, rec);
    row(dl, L.hours, rec.n);
    row(dl, L.course_ended, rec.e);
    row(dl, L.issued, rec.i);
    row(dl, status === "expired" ? L.expired_on : L.valid_until, rec.v);
    if (status === "revoked") { row(dl, L.revoked_on, rec.r); row(dl, L.reason, rec.rr); }
    row(dl, L.supersedes, rec.sp);
    row(dl, L.issuer, root.getAttribute("data-issuer"));
    out.appendChild(dl);
    if (signedBy) {
      var sig = document.createElement("p");
      sig.className = "verify-signed";
      sig.textContent = L.signed + ": " + signedBy;
      out.appendChild(sig);
    }
  }
  // the program version taught (its last approval on or before the course's end: the digest of its files) and
  // the link to its public discussion record (the signed titles file's `versions`, ustaz/certificates/provenance.py)
  function version(dl, rec) {
    var taught = null;
    (Array.isArray(rec.versions) ? rec.versions : []).forEach(function (v) {
      if (v && typeof v.approved === "string" && v.approved <= rec.e) taught = v;
    });
    if (!taught) return;
    row(dl, L.program_version, "sha256:" + taught.sha256 + " (" + taught.approved + ")");
    if (typeof taught.record !== "string" || !/^https:\/\//.test(taught.record)) return;
    var dt = document.createElement("dt"); dt.textContent = L.discussion_record;
    var dd = document.createElement("dd"), a = document.createElement("a");
    a.href = taught.record; a.textContent = taught.record; a.className = "verify-discussion";
    dd.appendChild(a); dl.appendChild(dt); dl.appendChild(dd);
  }
  function check(text) {
    var code = normalize(text);
    if (!code) { clear(); return; }
    var why = problem(code);
    if (why) { say("typo", L[why]); return; }  // caught before any lookup
    if (!window.crypto || !crypto.subtle) { say("error", L.no_crypto); return; }
    say("checking", L.checking);
    lookup(code).then(function (rec) { show(code, rec); }, function (err) {
      if (err instanceof BadSignature) say("bad-signature", L[err.kind]); else say("error", L.error);
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
