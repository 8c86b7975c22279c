// The certificate lookup (DESIGN.md "Certificate codes and lookup"). WebCrypto only, no other script.
// The code never leaves the page: it is read from the URL fragment or the form, checked with its check
// symbol, and turned with HKDF into the row's id (which group and shard to fetch, which line in it) and its
// AES-GCM key, which opens the row's sealed holder and revocation reason. Each file is checked against the
// digest the file above it gives, up to the signed manifest. The format is written by
// ustaz/certificates/lookup.py and sealing.py.
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
  // the manifest (verify/data/index.json): the page preloads it (ustaz/site/theme/ustaz-verify.html, the same
  // URL), and it is asked for once, when the page starts, so the preloaded response is the one read; a failed
  // attempt is forgotten, so the next lookup asks again and shows why
  var manifestPending = null;
  function getManifest() {
    if (manifest) return Promise.resolve(manifest);
    if (!manifestPending) {
      manifestPending = fetchManifest();
      manifestPending.catch(function () { manifestPending = null; });
    }
    return manifestPending;
  }
  function fetchManifest() {
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
      if (m.format !== "ustaz-verify/3") throw new Error("format " + m.format);
      manifest = m;
      return manifest;
    });
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) return false; }
    return true;
  }
  var EMPTY = new Uint8Array(16);
  // a file whose first 16 bytes of SHA-256 must be `want` (all zeros: no such file, nothing there)
  function checked(path, want) {
    if (equal(want, EMPTY)) return Promise.resolve(null);
    return fetch(base + "data/" + path).then(function (r) {
      if (!r.ok) throw new Error(path + " " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      return crypto.subtle.digest("SHA-256", buf).then(function (d) {
        if (!equal(new Uint8Array(d).subarray(0, 16), want)) throw new BadSignature();
        return new Uint8Array(buf);
      });
    });
  }
  // the row's sealed cell: "v1" then base64url of nonce | AES-GCM(text padded with zero bytes), ad = cell|id
  function unseal(key, cell, id, sealed) {
    if (!sealed) return Promise.resolve("");
    if (sealed.slice(0, 2) !== "v1") return Promise.reject(new Error("seal format"));
    var raw = b64(sealed.slice(2).replace(/-/g, "+").replace(/_/g, "/") + "===".slice((sealed.length - 2 + 3) % 4));
    return crypto.subtle.decrypt({name: "AES-GCM", iv: raw.slice(0, 12), additionalData: utf8(cell + "|" + id)},
                                 key, raw.slice(12)).then(function (plain) {
      var bytes = new Uint8Array(plain), end = bytes.length;
      while (end > 0 && bytes[end - 1] === 0) end--;
      return new TextDecoder("utf-8", {fatal: true}).decode(bytes.subarray(0, end));
    });
  }
  // the program's titles (verify/data/programs/<id>.json), fetched once a record names it; the manifest
  // gives its digest
  function titles(m, program) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(program)) return Promise.resolve(null);
    var want = (m.programs || {})[program];
    if (typeof want !== "string" || !/^[0-9a-f]{32}$/.test(want)) return Promise.resolve(null);
    var bytes = new Uint8Array(16);
    for (var i = 0; i < 16; i++) bytes[i] = parseInt(want.substr(2 * i, 2), 16);
    return checked("programs/" + program + ".json", bytes).then(function (raw) {
      return raw ? JSON.parse(new TextDecoder("utf-8").decode(raw)) : null;
    });
  }
  var COLUMNS = ["id", "program", "hours", "course_ended", "issued", "valid_until", "status", "revoked_on",
                 "supersedes", "holder_seal", "reason_seal"];
  function lookup(code) {
    var m, okm, id, key;
    return getManifest().then(function (got) {
      m = got;
      if (asOf) asOf.textContent = L.as_of + ": " + m.as_of;
      return crypto.subtle.importKey("raw", utf8(code), "HKDF", false, ["deriveBits"]);
    }).then(function (ikm) {
      return crypto.subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt: utf8(m.salt), info: utf8(m.info)},
                                      ikm, 76 * 8);
    }).then(function (bits) {
      okm = new Uint8Array(bits);
      var idBytes = new Uint8Array(12);
      idBytes.set(okm.subarray(0, 4)); idBytes.set(okm.subarray(68, 76), 4);
      id = hex(idBytes);
      var groups = b64(m.groups), g = parseInt(id.slice(0, m.group_digits), 16);
      return checked("g/" + id.slice(0, m.group_digits) + ".bin", groups.subarray(16 * g, 16 * g + 16));
    }).then(function (group) {
      if (!group) return null;
      var s = parseInt(id.slice(m.group_digits, m.shard_digits), 16);
      return checked("s/" + id.slice(0, m.shard_digits) + ".csv", group.subarray(16 * s, 16 * s + 16));
    }).then(function (shard) {
      if (!shard) return null;
      var lines = new TextDecoder("ascii").decode(shard).split("\n"), line = null;
      for (var i = 0; i < lines.length; i++) { if (lines[i].slice(0, 25) === id + ",") { line = lines[i]; break; } }
      if (!line) return null;
      var cells = line.split(","), row = {};
      if (cells.length !== COLUMNS.length) throw new Error("shard line");
      COLUMNS.forEach(function (c, j) { row[c] = cells[j]; });
      var rec = {s: row.status === "revoked" ? "revoked" : "issued", p: row.program, n: row.hours,
                 e: row.course_ended, i: row.issued, v: row.valid_until, sp: row.supersedes};
      return crypto.subtle.importKey("raw", okm.slice(4, 36), "AES-GCM", false, ["decrypt"]).then(function (k) {
        key = k;
        return unseal(key, "holder", id, row.holder_seal);
      }).then(function (holder) {
        rec.h = holder;
        if (rec.s !== "revoked") return rec;
        rec.r = row.revoked_on;
        return unseal(key, "reason", id, row.reason_seal).then(function (reason) { rec.rr = reason; return rec; });
      }).then(function (rec) {
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
  if (window.crypto && crypto.subtle) getManifest().catch(function () { /* the lookup asks again and says why */ });
})();
