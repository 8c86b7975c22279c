// The certificate lookup (DESIGN.md "Certificate codes and lookup"). WebCrypto only, no other script.
// The code never leaves the page: it is read from the URL fragment or the form, checked with its check
// symbol, and turned with HKDF into the row's id (which group and shard to fetch, which line in it) and its
// AES-GCM key, which opens the row's sealed holder and revocation reason. Each file is checked against the
// digest the file above it gives, up to the signed manifest. The format is written by
// ustaz/certificates/lookup.py and sealing.py (ustaz-verify/4).
//
// Written into the head of each language's /verify/ page (ustaz/site/contrib/verify_theme.py), with that
// language's labels only, before the stylesheets: a QR link's code is in the fragment, so the script derives the
// id at once and asks for the manifest, the code's group and shard and programs.json together, while the page
// is still arriving; nothing is trusted until the manifest's signature and every digest below it check (#18).
// PINNED is the centre's public key, written in at build time from data/certificates/lookup-key.pub: when it is
// set, data that is unsigned or signed with another key is refused, whatever key the data itself names.
(function () {
  "use strict";
  var LANG = /*LANG*/"en";
  var L = /*LABELS*/{};
  var PINNED = /*PUBLIC_KEY*/"";
  var SALT = /*SALT*/"";
  var INFO = /*INFO*/"";
  var FORMAT = "ustaz-verify/4";
  var GROUP_DIGITS = 2, SHARD_DIGITS = 4, DIGEST = 16;
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var CHECK = ALPHABET + "*~$=U";
  var COLUMNS = ["id", "program", "hours", "course_ended", "issued", "valid_until", "status", "revoked_on",
                 "supersedes", "holder_seal", "reason_seal"];
  var EMPTY = new Uint8Array(DIGEST);
  var meta = document.querySelector('meta[name="ustaz-verify-base"]');
  var base = meta ? meta.getAttribute("content") : "";
  var subtle = window.crypto && crypto.subtle;
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
  function b64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) return false; }
    return true;
  }
  function BadSignature(kind) { this.name = "BadSignature"; this.kind = kind || "bad_signature"; }

  // every data file is asked for once (the manifest, groups and shards of several lookups are shared); a
  // missing file (404) is null — whether it may be missing, the digest above it says; a failed request is
  // forgotten, so the next lookup asks again and shows why
  var files = {};
  function get(path) {
    if (!files[path]) {
      files[path] = fetch(base + "data/" + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(path + " " + r.status);
        return r.arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }
  // `raw` if its first 16 bytes of SHA-256 are `want`; null for an empty slot (all zeros: nothing there)
  function checked(raw, want, path) {
    if (equal(want, EMPTY)) return Promise.resolve(null);
    if (!raw) return Promise.reject(new Error(path + " missing"));
    return subtle.digest("SHA-256", raw).then(function (d) {
      if (!equal(new Uint8Array(d).subarray(0, DIGEST), want)) throw new BadSignature();
      return raw;
    });
  }
  // the manifest (verify/data/index.json), its signature checked against the pinned key
  var manifestPending = null;
  function manifest() {
    if (!manifestPending) {
      manifestPending = get("index.json").then(function (raw) {
        if (!raw) throw new Error("index.json missing");
        var w = JSON.parse(new TextDecoder("utf-8").decode(raw));
        if (!PINNED) return w;  // the site pins no key: the data is read as unsigned
        if (!w.signature) throw new BadSignature("unsigned");
        if (w.public_key !== PINNED) throw new BadSignature("other_key");
        var key = b64(PINNED);
        return subtle.importKey("raw", key, {name: "Ed25519"}, false, ["verify"]).then(function (k) {
          return subtle.verify({name: "Ed25519"}, k, b64(w.signature), utf8(w.manifest));
        }).then(function (ok) {
          if (!ok) throw new BadSignature();
          return subtle.digest("SHA-256", key);
        }).then(function (d) {
          signedBy = hex(new Uint8Array(d).subarray(0, 8)).toUpperCase().match(/.{4}/g).join(" ");
          return w;
        });
      }).then(function (w) {
        var m = JSON.parse(w.manifest);
        if (m.format !== FORMAT || m.salt !== SALT || m.info !== INFO || m.group_digits !== GROUP_DIGITS
            || m.shard_digits !== SHARD_DIGITS) throw new Error("format " + m.format);
        return m;
      });
      manifestPending.catch(function () { manifestPending = null; });
    }
    return manifestPending;
  }
  // the code's id and key material: HKDF-SHA256(code, the format's salt and info), 76 bytes
  function derive(code) {
    return subtle.importKey("raw", utf8(code), "HKDF", false, ["deriveBits"]).then(function (ikm) {
      return subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt: utf8(SALT), info: utf8(INFO)}, ikm, 76 * 8);
    }).then(function (bits) {
      var okm = new Uint8Array(bits), idBytes = new Uint8Array(12);
      idBytes.set(okm.subarray(0, 4)); idBytes.set(okm.subarray(68, 76), 4);
      return {okm: okm, id: hex(idBytes)};
    });
  }
  // the row's sealed cell: "v1" then base64url of nonce | AES-GCM(text padded with zero bytes), ad = cell|id
  function unseal(key, cell, id, sealed) {
    if (!sealed) return Promise.resolve("");
    if (sealed.slice(0, 2) !== "v1") return Promise.reject(new Error("seal format"));
    var raw = b64(sealed.slice(2).replace(/-/g, "+").replace(/_/g, "/") + "===".slice((sealed.length - 2 + 3) % 4));
    return subtle.decrypt({name: "AES-GCM", iv: raw.slice(0, 12), additionalData: utf8(cell + "|" + id)},
                          key, raw.slice(12)).then(function (plain) {
      var bytes = new Uint8Array(plain), end = bytes.length;
      while (end > 0 && bytes[end - 1] === 0) end--;
      return new TextDecoder("utf-8", {fatal: true}).decode(bytes.subarray(0, end));
    });
  }
  // the program's titles and versions from programs.json (fetched with the rest; its digest is the manifest's);
  // without the file (it could not be fetched) the page shows the program's id, as it does for an unknown program
  function program(m, raw, id) {
    if (!raw || typeof m.programs !== "string" || !/^[0-9a-f]{32}$/.test(m.programs)) return Promise.resolve(null);
    var want = new Uint8Array(DIGEST);
    for (var i = 0; i < DIGEST; i++) want[i] = parseInt(m.programs.substr(2 * i, 2), 16);
    return checked(raw, want, "programs.json").then(function (ok) {
      var all = ok ? JSON.parse(new TextDecoder("utf-8").decode(ok)) : {};
      return Object.prototype.hasOwnProperty.call(all, id) ? all[id] : null;
    });
  }
  function lookup(code) {
    var d = derive(code);
    var parts = [manifest(), d,
                 d.then(function (k) { return get("g/" + k.id.slice(0, GROUP_DIGITS) + ".bin"); }),
                 d.then(function (k) { return get("s/" + k.id.slice(0, SHARD_DIGITS) + ".csv"); })];
    var titles = get("programs.json").catch(function () { return null; });  // without it the page shows the id
    var m, id, okm;
    return Promise.all(parts).then(function (got) {
      m = got[0]; id = got[1].id; okm = got[1].okm;
      var g = parseInt(id.slice(0, GROUP_DIGITS), 16), groups = b64(m.groups);
      return checked(got[2], groups.subarray(DIGEST * g, DIGEST * g + DIGEST), "group").then(function (group) {
        if (!group) return null;
        var s = parseInt(id.slice(GROUP_DIGITS, SHARD_DIGITS), 16);
        return checked(got[3], group.subarray(DIGEST * s, DIGEST * s + DIGEST), "shard");
      });
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
      var key;
      return Promise.all([subtle.importKey("raw", okm.slice(4, 36), "AES-GCM", false, ["decrypt"]), titles])
        .then(function (got) {
          key = got[0];
          return program(m, got[1], rec.p);
        }).then(function (p) {
          rec.title = p && p.title;
          rec.versions = p && p.versions;
          return unseal(key, "holder", id, row.holder_seal);
        }).then(function (holder) {
          rec.h = holder;
          if (rec.s !== "revoked") return rec;
          rec.r = row.revoked_on;
          return unseal(key, "reason", id, row.reason_seal).then(function (reason) { rec.rr = reason; return rec; });
        });
    }).then(function (rec) { return {rec: rec, asOf: m.as_of}; });
  }

  // a QR link's code: its lookup starts now, before the page below has arrived; otherwise the manifest and
  // programs.json are asked for at once, so a code typed in is checked with one request for its group and shard
  function fragment() {
    var text = location.hash.replace(/^#/, "");
    try { text = decodeURIComponent(text); } catch (e) { /* keep it as typed */ }
    return text;
  }
  var early = null;
  if (subtle) {
    var first = normalize(fragment());
    if (first && !problem(first)) early = {code: first, result: lookup(first)};
    else { manifest().catch(function () {}); get("programs.json").catch(function () {}); }
    if (early) early.result.catch(function () {});  // shown once the page is there
  }

  function start() {
    var root = document.getElementById("ustaz-verify");
    if (!root) return;
    var form = document.getElementById("verify-form");
    var input = document.getElementById("verify-code");
    var out = document.getElementById("verify-result");
    var asOf = document.getElementById("verify-as-of");
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
      if (!names || typeof names !== "object") return "";
      return names[LANG] || names.en || names[Object.keys(names)[0]] || "";
    }
    // the program version taught (its last approval on or before the course's end: the digest of its files) and
    // the link to its public discussion record (programs.json's `versions`, ustaz/certificates/provenance.py)
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
    function show(code, got) {
      var rec = got.rec;
      if (asOf) asOf.textContent = L.as_of + ": " + got.asOf;
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
    function check(text) {
      var code = normalize(text);
      if (!code) { clear(); return; }
      var why = problem(code);
      if (why) { say("typo", L[why]); return; }  // caught before any lookup
      if (!subtle) { say("error", L.no_crypto); return; }
      say("checking", L.checking);
      var result = early && early.code === code ? early.result : lookup(code);
      early = null;
      result.then(function (got) { show(code, got); }, function (err) {
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
      var text = fragment();
      if (text) { input.value = text; check(text); }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
